// Not yet written (issue 4): the format is detected but not read.
#include "io/readers.hpp"

namespace citegraph::io {
void read_pubmed_xml(Input& input, ReadContext&, const RecordSink&) {
  throw ParseError(SourceLocation{input.path(), 0, 0},
                   "format pubmed-xml is recognised but not supported by this version");
}
}  // namespace citegraph::io
