// SPDX-License-Identifier: MIT
// Fuzzes the pyproject reader (PEP 621, PEP 735 groups with include-group,
// build-system, Poetry with its constraint language, uv, pdm) and the Poetry
// constraint translation on the raw input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/manifest/poetry_constraint.h"
#include "project/manifest/pyproject.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace mlstack::project;
  Manifest manifest = parse_pyproject(text, "pyproject.toml");
  (void)looks_like_pyproject(text);
  if (size < 256) {
    (void)poetry_to_pep440(text);
    (void)poetry_python_to_marker(text);
  }
  return static_cast<int>(manifest.requirements.size() * 0);
}
