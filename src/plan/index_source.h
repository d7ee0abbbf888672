// SPDX-License-Identifier: MIT
// IndexSource: solve::PackageSource over src/index (DESIGN.md: the solver
// sees package data only through its provider; this is where the index,
// the kb's flash-attn wheel matrix and the PyTorch variant indexes meet).
//
// - A project's files are those index::PackageIndex gives under uv's
//   first-index rule, plus its find-links files.
// - The PyTorch variant indexes (--pytorch-index BASE: BASE/cu121/,
//   BASE/cu128/, BASE/cpu/ ...) are read together for torch and its
//   companions: every variant's builds are candidates, and the solver picks
//   one per candidate by what the target runs, not by index order.
// - flash-attn's prebuilt wheels are GitHub release assets, not on any
//   index: the kb's release matrix (and assets seen in lock files) names
//   them for the target's Python; they join PyPI's sdists as candidates.
// - Wheel-variant file names ("torch-2.8.0-cp313-cp313-manylinux_2_28_x86_64-cu126.whl",
//   PEP 825 draft) are read statically: the label comes off the name.
// - Dependencies come from the index's core metadata; where it offers none
//   (or for a release asset) they are unknown, and the plan says so.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "index/package_index.h"
#include "kb/knowledge_base.h"
#include "pep/marker.h"
#include "solve/package_source.h"

namespace mlstack::plan {

// The packages read from every PyTorch variant index at once.
inline const std::vector<std::string> k_pytorch_family = {"torch", "torchvision", "torchaudio", "triton",
                                                          "pytorch-triton", "xformers"};

struct IndexSourceOptions {
  std::string python;  // "3.10": the interpreter flash-attn wheels are named for
  bool flash_attn_wheels = true;  // add the kb's flash-attn release assets
  // The target's marker environment. Only the dependencies whose markers
  // hold on it (with no extra requested) are fetched ahead in a batch; the
  // rest (an extra's, another platform's) are fetched when the solver asks.
  std::optional<pep::MarkerEnvironment> markers;
};

class IndexSource : public solve::PackageSource {
 public:
  // `pytorch`, when given, holds the PyTorch variant indexes as its sources:
  // for k_pytorch_family, every one of them is read and its files join those
  // `index` gives.
  IndexSource(index::PackageIndex& index, index::PackageIndex* pytorch, const kb::KnowledgeBase& kb,
              IndexSourceOptions options);

  Expected<std::span<const solve::Release>, std::string> releases(std::string_view name) override;
  Expected<solve::Metadata, std::string> metadata(std::string_view name, const solve::Release& release,
                                                  const solve::DistFile& file) override;

 private:
  void add_files(const index::Project& project, index::PackageIndex& from,
                 std::map<std::string, solve::Release>& by_version);

  // The index file behind each solve::DistFile handed out, by URL, and the
  // client that listed it (whose metadata it has).
  std::map<std::string, std::pair<index::PackageIndex*, const index::DistFile*>> m_files;
  std::map<std::pair<std::string, std::size_t>, index::Project> m_variant_pages;  // kept alive for m_files
  std::map<std::string, std::vector<solve::Release>> m_releases;  // per project, read once
  index::PackageIndex& m_index;
  index::PackageIndex* m_pytorch;
  const kb::KnowledgeBase& m_kb;
  IndexSourceOptions m_options;
};

// A wheel-variant file name split: the label, and the name without it
// ("...-x86_64-cu126.whl" -> "cu126", "...-x86_64.whl"); nullopt when the
// name is an ordinary wheel or not a wheel.
std::optional<std::pair<std::string, std::string>> split_variant_label(std::string_view filename);

}  // namespace mlstack::plan
