// Not yet written (issue 4): the format is detected but not read.
#include "io/readers.hpp"

namespace citegraph::io {
void read_medline(Input& input, ReadContext&, const RecordSink&) {
  throw ParseError(SourceLocation{input.path(), 0, 0},
                   "format medline is recognised but not supported by this version");
}
}  // namespace citegraph::io
