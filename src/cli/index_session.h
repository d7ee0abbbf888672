// SPDX-License-Identifier: MIT
// What verbs that read package indexes share: the global index options, the
// libcurl transport, the HTTP cache and progress on stderr. A verb makes one
// IndexSession and asks it for a client per set of declared indexes (check
// and diff: one per stack, since each file's -i/--extra-index-url apply to
// that file).
#pragma once

#include <memory>
#include <span>
#include <string>

#include "check/rules_index.h"
#include "cli/context.h"
#include "core/expected.h"
#include "index/http_cache.h"
#include "index/index_client.h"
#include "project/manifest/declared.h"

namespace CLI {
class App;
}

namespace mlstack::cli {

// --index-url, --extra-index-url, --find-links, --no-index, --no-project-indexes,
// --index-mirror, --offline, --refresh, --cache-dir, --cert (global options).
void add_index_options(CLI::App& app, GlobalOptions& options);

class IndexSession {
 public:
  explicit IndexSession(const Context& context);
  ~IndexSession();

  // A client for the command-line options plus the indexes a project declares.
  Expected<std::unique_ptr<index::IndexClient>, std::string> client(std::span<const project::IndexEntry> declared = {});
  // The cache folder ("" when there is none) and the cache (nullptr then).
  const std::string& cache_dir() const { return m_cache_dir; }
  index::HttpCache* cache() { return m_cache.get(); }
  bool offline() const { return m_offline; }

 private:
  const Context& m_context;
  std::string m_cache_dir;
  bool m_offline = false;
  std::unique_ptr<index::HttpCache> m_cache;
  std::unique_ptr<index::Transport> m_transport;
  std::vector<index::NetrcEntry> m_netrc;
  struct Progress;
  std::unique_ptr<Progress> m_progress;
};

// What check and diff verify pins with: a client of this session per set of declared indexes.
check::IndexFactory index_factory(IndexSession& session);

}  // namespace mlstack::cli
