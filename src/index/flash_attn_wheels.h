// SPDX-License-Identifier: MIT
// flash-attn's prebuilt wheels are not on PyPI (it carries one sdist per
// version) but attached to Dao-AILab GitHub releases, named
//   flash_attn-{version}+{cuda_tag}torch{torch minor}cxx11abi{TRUE|FALSE}-cp{py}-cp{py}-linux_x86_64.whl
// The kb's release matrix (kb/flash_attn.toml: [[build]] rows from each tag's
// publish workflow, [[observed]] assets seen in lock and requirement files)
// says which exist; this file turns it into candidate URLs for a target, and
// confirm() asks the release server (HEAD) whether each one is really there
// (offline, it asks nothing and leaves them unchecked).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/origin.h"
#include "index/remote_files.h"
#include "kb/knowledge_base.h"
#include "pep/version.h"

namespace mlstack::index {

inline constexpr std::string_view k_flash_attn_releases = "https://github.com/Dao-AILab/flash-attention/releases/download/";

struct FlashAttnTarget {
  pep::Version torch;      // "2.3.1+cu121": minor and CUDA major matter
  std::string python;      // "3.10"
  std::optional<bool> cxx11abi;  // torch's C++ ABI; nullopt: both variants are candidates
};

struct WheelCandidate {
  std::string filename;
  std::string url;
  pep::Version version;  // flash-attn's public version
  Origin evidence;       // the kb row (matrix or observed) that predicts it
  enum class Online { Unchecked, Exists, Missing, Unreachable } online = Online::Unchecked;
  std::string online_detail;  // HEAD's answer or error, naming the URL
};

// Candidates for `version` (or, when nullopt, every release, newest first)
// whose torch minor and CUDA major match the target's torch.
std::vector<WheelCandidate> flash_attn_candidates(const kb::KnowledgeBase& kb, const FlashAttnTarget& target,
                                                  const std::optional<pep::Version>& version = std::nullopt);

// HEAD on every candidate at once; sets `online`.
void confirm(RemoteFiles& files, std::vector<WheelCandidate>& candidates);

}  // namespace mlstack::index
