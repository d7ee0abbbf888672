// SPDX-License-Identifier: MIT
// Fuzzes the conda environment.yml reader (YAML through yaml-cpp, conda match
// specs, the pip: list) and the conda-spec translation on short inputs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/manifest/environment_yml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace mlstack::project;
  Manifest manifest = parse_environment_yml(text, "environment.yml");
  if (size < 512) (void)conda_spec_to_pep508(text);
  return static_cast<int>(manifest.requirements.size() * 0);
}
