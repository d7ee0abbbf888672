// SPDX-License-Identifier: MIT
#include "plan/session.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "index/http_cache.h"
#include "index/transport.h"

namespace mlstack::plan {

namespace {
constexpr std::string_view k_public_pytorch_index = "https://download.pytorch.org/whl";
}  // namespace

std::vector<std::string> pytorch_variants(const kb::KnowledgeBase& kb) {
  std::vector<std::string> out;
  for (const kb::TorchRelease& release : kb.torch_releases)
    for (const std::string& variant : release.cuda)
      if (std::find(out.begin(), out.end(), variant) == out.end()) out.push_back(variant);
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() > b.size();  // cu130 before cu92
    return a > b;
  });
  out.push_back("cpu");
  return out;
}

Expected<std::unique_ptr<PlanSession>, std::string> PlanSession::open(const SessionOptions& options,
                                                                      std::span<const project::IndexEntry> declared,
                                                                      const kb::KnowledgeBase& kb,
                                                                      const PlanTarget& target) {
  std::unique_ptr<PlanSession> session(new PlanSession());
  // --pytorch-index BASE stands for download.pytorch.org/whl everywhere: an
  // index the project declares below the public base (a Poetry source
  // `https://download.pytorch.org/whl/cu128`) is read from BASE/cu128/.
  std::vector<project::IndexEntry> entries(declared.begin(), declared.end());
  if (!options.pytorch_index.empty() && options.pytorch_index != "none") {
    std::string base = options.pytorch_index;
    while (!base.empty() && base.back() == '/') base.pop_back();
    for (project::IndexEntry& entry : entries)
      if (entry.url.starts_with(k_public_pytorch_index) &&
          (entry.url.size() == k_public_pytorch_index.size() || entry.url[k_public_pytorch_index.size()] == '/'))
        entry.url = base + entry.url.substr(k_public_pytorch_index.size());
  }
  auto config = index::build_index_config(options.index, entries, options.cwd);
  if (!config) return unexpected(config.error());
  IndexSourceOptions source_options;
  // The PyTorch variant indexes live in a client of their own: the main one
  // follows uv's first-index rule, while these are all read for torch and
  // its companions and the solver chooses among their builds.
  std::optional<index::IndexConfig> pytorch;
  if (!options.pytorch_index.empty() && options.pytorch_index != "none") {
    std::string base = options.pytorch_index;
    while (!base.empty() && base.back() == '/') base.pop_back();
    pytorch.emplace();
    pytorch->mirrors = config->mirrors;
    for (const std::string& variant : pytorch_variants(kb)) {
      index::IndexSource source;
      source.url = fmt::format("{}/{}/", base, variant);
      source.name = "pytorch-" + variant;
      source.origin = Origin::machine("--pytorch-index " + options.pytorch_index);
      pytorch->sources.push_back(std::move(source));
    }
  }
  index::TransportOptions transport;
  transport.ca_file = options.cert;
  transport.user_agent = "mlstack";
  session->m_transport = index::make_curl_transport(transport);
  if (options.cache_dir != "none") {
    std::string dir = options.cache_dir.empty()
                          ? index::default_cache_dir([](std::string_view key) -> std::optional<std::string> {
                              const char* value = std::getenv(std::string(key).c_str());
                              return value ? std::optional<std::string>(value) : std::nullopt;
                            })
                          : options.cache_dir;
    session->m_cache = std::make_unique<index::HttpCache>(dir);
  }
  index::ClientOptions client;
  client.offline = options.offline;
  client.refresh = options.refresh;
  client.now = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
  session->m_client = std::make_unique<index::IndexClient>(std::move(*config), *session->m_transport,
                                                           session->m_cache.get(), client);
  if (pytorch)
    session->m_pytorch = std::make_unique<index::IndexClient>(std::move(*pytorch), *session->m_transport,
                                                              session->m_cache.get(), client);
  if (target.platform.python_version) {
    auto r = target.platform.python_version->release();
    source_options.python = fmt::format("{}.{}", r[0], r.size() > 1 ? r[1] : 0);
    source_options.markers = pep::marker_environment(target.platform);
  }
  session->m_source = std::make_unique<IndexSource>(*session->m_client, session->m_pytorch.get(), kb,
                                                    std::move(source_options));
  return session;
}

PlanSession::~PlanSession() = default;

solve::PackageSource& PlanSession::source() { return *m_source; }
index::PackageIndex& PlanSession::index() { return *m_client; }

}  // namespace mlstack::plan
