// SPDX-License-Identifier: MIT
// The kb loader must never crash on a --kb file, whatever its bytes: TOML
// syntax errors and bad rows become findings. The first input byte picks which
// file name (and so which tables) the rest is read as. Every finding names the
// file, and every loaded row has a source.
#include <cstdlib>
#include <string>

#include "kb/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  auto names = mlstack::kb::known_files();
  mlstack::kb::KbFile file;
  file.name = std::string(names[data[0] % names.size()]);
  file.path = "fuzz/" + file.name;
  file.text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  mlstack::kb::LoadResult result = mlstack::kb::load(std::span<const mlstack::kb::KbFile>(&file, 1));
  for (const auto& finding : result.findings)
    if (finding.origins.empty() || finding.origins[0].path != file.path) std::abort();
  for (const auto& row : result.kb.coupling_rules)
    if (row.fact.source.find_first_not_of(" \t") == std::string::npos) std::abort();
  for (const auto& row : result.kb.package_releases)
    if (row.fact.source.find_first_not_of(" \t") == std::string::npos) std::abort();
  return 0;
}
