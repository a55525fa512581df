// Not yet written (issue 4): the format is detected but not read.
#include "io/readers.hpp"

namespace citegraph::io {
void read_jats(Input& input, ReadContext&, const RecordSink&) {
  throw ParseError(SourceLocation{input.path(), 0, 0},
                   "format jats is recognised but not supported by this version");
}
}  // namespace citegraph::io
