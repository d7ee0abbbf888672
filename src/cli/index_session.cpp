// SPDX-License-Identifier: MIT
#include "cli/index_session.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/environment_variables.h"
#include "mlstack/build_info.h"

namespace mlstack::cli {

// "fetching index pages 12/40, 1.2 MB" on stderr, only on a terminal, only
// after a batch has taken a moment, cleared when it ends.
struct IndexSession::Progress {
  using Clock = std::chrono::steady_clock;
  bool enabled = false;
  Clock::time_point batch_start = Clock::now();
  std::size_t last_done = 0;
  bool shown = false;

  void operator()(std::size_t done, std::size_t total, std::uint64_t bytes) {
    if (!enabled) return;
    auto now = Clock::now();
    if (done <= last_done) batch_start = now;  // a new batch
    last_done = done;
    if (done >= total) {
      if (shown) std::fputs("\r\033[K", stderr);
      shown = false;
      last_done = 0;
      return;
    }
    if (now - batch_start < std::chrono::milliseconds(300)) return;
    std::fprintf(stderr, "\r\033[Kmlstack: reading package indexes %zu/%zu (%.1f MB)", done, total, bytes / 1048576.0);
    std::fflush(stderr);
    shown = true;
  }
};

void add_index_options(CLI::App& app, GlobalOptions& options) {
  const char* group = "Package indexes";
  app.add_option("--index-url", options.index.index_url,
                 "The default index (replaces PyPI and the project's own); consulted after extra indexes")
      ->option_text("URL")
      ->group(group);
  app.add_option("--extra-index-url", options.index.extra_index_urls,
                 "An index consulted before the default one (repeatable; the first that has a package serves it)")
      ->option_text("URL")
      ->group(group);
  app.add_option("--find-links", options.index.find_links, "A page or folder of wheels whose files join any index's (repeatable)")
      ->option_text("URL|DIR")
      ->group(group);
  app.add_flag("--no-index", options.index.no_index, "Read no index, only --find-links")->group(group);
  app.add_flag("--no-project-indexes", options.index.ignore_project_indexes,
               "Ignore the indexes the project's files declare")
      ->group(group);
  app.add_option("--index-mirror", options.index.mirrors,
                 "Fetch URLs starting with FROM from TO instead (a proxy of PyPI or download.pytorch.org; repeatable)")
      ->option_text("FROM=TO")
      ->group(group);
  app.add_flag("--offline", options.offline, "Use only cached index data; what is not cached stays unverified (also MLSTACK_OFFLINE=1)")
      ->group(group);
  app.add_flag("--refresh", options.refresh, "Revalidate every cached index answer with the server")->group(group);
  app.add_option("--cache-dir", options.cache_dir,
                 "The HTTP cache folder (default $MLSTACK_CACHE_DIR, else $XDG_CACHE_HOME/mlstack, else ~/.cache/mlstack)")
      ->option_text("DIR")
      ->group(group);
  app.add_option("--cert", options.cert, "Trust this PEM bundle (a private CA) instead of the system store")
      ->option_text("FILE")
      ->group(group);
}

IndexSession::IndexSession(const Context& context) : m_context(context), m_progress(std::make_unique<Progress>()) {
  const GlobalOptions& o = context.options;
  m_offline = o.offline || env_flag("MLSTACK_OFFLINE");
  m_cache_dir = !o.cache_dir.empty() ? o.cache_dir : index::default_cache_dir(env);
  if (!m_cache_dir.empty()) m_cache = std::make_unique<index::HttpCache>(m_cache_dir);
  m_progress->enabled = !o.quiet && ::isatty(STDERR_FILENO) == 1;
  // ~/.netrc (or $NETRC), read once: credentials for index hosts the URLs carry none for.
  std::string netrc = env("NETRC").value_or(env("HOME").value_or("") + "/.netrc");
  if (std::ifstream in{netrc}) {
    std::stringstream text;
    text << in.rdbuf();
    m_netrc = index::parse_netrc(text.str());
  }
}

IndexSession::~IndexSession() = default;

Expected<std::unique_ptr<index::IndexClient>, std::string> IndexSession::client(
    std::span<const project::IndexEntry> declared) {
  std::error_code ec;
  if (!m_context.options.cert.empty() && !std::filesystem::is_regular_file(m_context.options.cert, ec)) {
    return unexpected(fmt::format("--cert {}: no such file", m_context.options.cert));
  }
  auto config = index::build_index_config(m_context.options.index, declared, std::filesystem::current_path(ec).string());
  if (!config) return unexpected(config.error());
  config->credentials.set_netrc(m_netrc);
  if (!m_transport) {
    index::TransportOptions options;
    options.ca_file = m_context.options.cert;
    options.user_agent = fmt::format("mlstack/{}", k_version);
    if (auto seconds = env("MLSTACK_HTTP_TIMEOUT"); seconds && std::atol(seconds->c_str()) > 0) {
      options.stall_timeout_ms = options.connect_timeout_ms = std::atol(seconds->c_str()) * 1000;
    }
    if (auto retries = env("MLSTACK_HTTP_RETRIES"); retries && !retries->empty()) {
      options.max_retries = static_cast<unsigned>(std::clamp(std::atol(retries->c_str()), 0L, 10L));
    }
    m_transport = index::make_curl_transport(options);
  }
  index::ClientOptions options;
  options.offline = m_offline;
  options.refresh = m_context.options.refresh;
  Progress* progress = m_progress.get();
  options.progress = [progress](std::size_t done, std::size_t total, std::uint64_t bytes) { (*progress)(done, total, bytes); };
  return std::make_unique<index::IndexClient>(std::move(*config), *m_transport, m_cache.get(), std::move(options));
}

check::IndexFactory index_factory(IndexSession& session) {
  return [&session](std::span<const project::IndexEntry> declared)
             -> Expected<std::unique_ptr<index::PackageIndex>, std::string> {
    auto client = session.client(declared);
    if (!client) return unexpected(client.error());
    return std::unique_ptr<index::PackageIndex>(std::move(*client));
  };
}

}  // namespace mlstack::cli
