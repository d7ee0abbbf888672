// SPDX-License-Identifier: MIT
// The releases the knowledge base knows of a package, for the questions
// "what does a fresh install get from this range" and "does any release of
// this range exist" (check/fresh_install.h).
#include <algorithm>

#include "kb/knowledge_base.h"
#include "pep/name.h"

namespace mlstack::kb {

std::vector<pep::Version> KnowledgeBase::releases_of(std::string_view name) const {
  std::string canonical = pep::canonicalize_name(name);
  std::vector<pep::Version> out;
  for (const auto& row : torch_releases) {
    if (canonical == "torch") out.push_back(row.version.public_version());
    if (canonical == "torchvision" && row.torchvision) out.push_back(row.torchvision->public_version());
    if (canonical == "torchaudio" && row.torchaudio) out.push_back(row.torchaudio->public_version());
  }
  if (canonical == "flash-attn")
    for (const auto& row : flash_attn_releases) out.push_back(row.version.public_version());
  for (const auto& row : package_releases)
    if (row.name == canonical) out.push_back(row.version.public_version());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool KnowledgeBase::lists_every_release(std::string_view name) const {
  std::string canonical = pep::canonicalize_name(name);
  return canonical == "torch" || canonical == "torchvision" || canonical == "torchaudio" || canonical == "flash-attn";
}

}  // namespace mlstack::kb
