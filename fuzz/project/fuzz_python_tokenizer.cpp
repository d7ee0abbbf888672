// SPDX-License-Identifier: MIT
// Tokenizes arbitrary bytes and checks the tokenizer's invariants: every
// token lies inside the input, tokens move forward, lines never go back, and
// the stream ends.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/python/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::project::python;
  std::string_view source(reinterpret_cast<const char*>(data), size);
  Tokenizer tokenizer(source);
  std::size_t last_end = 0;
  std::uint32_t last_line = 1;
  for (std::size_t n = 0;; ++n) {
    Token t = tokenizer.next();
    std::size_t offset = tokenizer.offset_of(t);
    if (offset > size || offset + t.text.size() > size) __builtin_trap();
    if (offset < last_end && !t.text.empty()) __builtin_trap();
    if (t.line < last_line) __builtin_trap();
    if (n > 4 * size + 256) __builtin_trap();  // the stream must end
    last_end = offset + t.text.size();
    last_line = t.line;
    if (t.kind == TokenKind::EndOfFile) break;
  }
  return 0;
}
