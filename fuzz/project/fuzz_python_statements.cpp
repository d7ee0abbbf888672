// SPDX-License-Identifier: MIT
// Runs the statement reader and everything built on it (imports, argparse,
// attribute reads) over arbitrary bytes: no crash, no hang, and every
// statement's tokens non-empty with blocks nested by depth.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/python/argparse_model.h"
#include "project/python/imports.h"
#include "project/python/statement.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::project::python;
  std::string_view source(reinterpret_cast<const char*>(data), size);
  StatementReader reader(source);
  Statement s;
  while (reader.next(s)) {
    if (s.tokens.empty()) __builtin_trap();
    auto blocks = reader.blocks();
    for (std::size_t i = 1; i < blocks.size(); ++i)
      if (blocks[i].depth <= blocks[i - 1].depth) __builtin_trap();
    if (s.is_header && blocks.empty()) __builtin_trap();
  }
  FileImports imports = find_imports(source);
  for (const ImportRecord& r : imports.imports)
    if (r.module.empty() && r.level == 0) __builtin_trap();
  ArgparseModel model = read_argparse(source);
  AttributeReads reads = read_attributes(source);
  (void)model;
  (void)reads;
  return 0;
}
