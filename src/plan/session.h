// SPDX-License-Identifier: MIT
// PlanSession: everything `mlstack plan` reads package data through, set up
// once: the index configuration (the project's declared indexes and the
// command line's, in uv's order), the PyTorch variant indexes under
// --pytorch-index BASE, the HTTP transport and cache, the index client and
// the IndexSource the solver's provider reads.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/expected.h"
#include "index/index_client.h"
#include "index/sources.h"
#include "kb/knowledge_base.h"
#include "plan/index_source.h"
#include "plan/target.h"

namespace mlstack::plan {

inline constexpr std::string_view k_default_pytorch_index = "https://download.pytorch.org/whl";

struct SessionOptions {
  index::IndexOptions index;  // --index-url, --extra-index-url, --find-links, --no-index, --index-mirror
  // Base of the PyTorch variant indexes ("" or "none": not read). The
  // variants are the CUDA tags of every torch release in the kb, and cpu.
  std::string pytorch_index = std::string(k_default_pytorch_index);
  std::string cache_dir;  // "" default ($XDG_CACHE_HOME/mlstack), "none": no cache
  bool offline = false;
  bool refresh = false;
  std::string cert;       // --cert PEM
  std::string cwd = ".";
};

class PlanSession {
 public:
  static Expected<std::unique_ptr<PlanSession>, std::string> open(const SessionOptions& options,
                                                                 std::span<const project::IndexEntry> declared,
                                                                 const kb::KnowledgeBase& kb,
                                                                 const PlanTarget& target);
  ~PlanSession();

  solve::PackageSource& source();
  index::PackageIndex& index();

 private:
  PlanSession() = default;
  std::unique_ptr<index::Transport> m_transport;
  std::unique_ptr<index::HttpCache> m_cache;
  std::unique_ptr<index::IndexClient> m_client;
  std::unique_ptr<index::IndexClient> m_pytorch;  // the PyTorch variant indexes, read together
  std::unique_ptr<IndexSource> m_source;
};

// The PyTorch variant names the kb knows (cu118, cu121, ..., cpu), newest CUDA first.
std::vector<std::string> pytorch_variants(const kb::KnowledgeBase& kb);

}  // namespace mlstack::plan
