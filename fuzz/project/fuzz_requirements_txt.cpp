// SPDX-License-Identifier: MIT
// Fuzzes the requirements-file reader: logical lines, options, includes (every
// include resolves to the same input, so cycles and diamonds are exercised),
// then each declaration through the scan's PEP 508 / wheel-name parsing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "project/manifest/analysis.h"
#include "project/manifest/requirements_txt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  using namespace mlstack::project;
  FileLoader loader = [&](const std::string& path) -> mlstack::Expected<std::string, std::string> {
    if (path.size() > 24) return mlstack::unexpected(std::string("no such file"));
    return text;
  };
  Manifest manifest = read_requirements("requirements.txt", loader);
  std::vector<mlstack::Finding> findings;
  for (const auto& declared : manifest.requirements) {
    detail::scan_requirement(declared, 0, ManifestKind::Requirements, findings);
  }
  return 0;
}
