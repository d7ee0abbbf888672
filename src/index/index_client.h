// SPDX-License-Identifier: MIT
// IndexClient: the PackageIndex that reads real indexes through a Transport,
// with the HTTP cache (http_cache.h) and the source order of sources.h.
//
// Requests are batched: prefetch() asks every applicable index for every
// name in one Transport::perform call, so a hundred packages cost one round
// of parallel transfers, not a hundred round trips. A package's page is
// asked of every index in its lookup order at once (the first that has it
// wins; the others tell the dependency-confusion check where else the name
// lives).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "index/http_cache.h"
#include "index/package_index.h"
#include "index/remote_files.h"
#include "index/transport.h"

namespace mlstack::index {

struct ClientOptions {
  bool offline = false;  // never touch the network: cached answers, however old, or Unknown
  bool refresh = false;  // revalidate every cached answer (--refresh)
  std::size_t max_page_bytes = 64u << 20;      // a bigger project page is refused (bounded memory)
  std::size_t max_metadata_bytes = 8u << 20;
  // Seconds since the epoch; injected so tests control freshness.
  std::function<std::int64_t()> now;
  // "fetching 12 of 40 pages": called as transfers settle (stderr progress lives in the CLI).
  ProgressCallback progress;
};

class IndexClient final : public PackageIndex {
 public:
  // `cache` may be null (no cache: every lookup asks the network; offline
  // then knows nothing). Transport and cache must outlive the client.
  IndexClient(IndexConfig config, Transport& transport, HttpCache* cache, ClientOptions options = {});
  ~IndexClient() override;

  std::span<const IndexSource> sources() const override;
  void prefetch(std::span<const std::string> names) override;
  const Project& project(std::string_view name) override;
  Project project_on(std::string_view name, std::size_t source) override;
  void prefetch_dependencies(std::span<const DistFile* const> files) override;
  const Dependencies& dependencies(const DistFile& file) override;

  // HEAD and range reads of any file URL through the same transport,
  // credentials, mirrors and cache.
  RemoteFiles& remote_files();

  const IndexConfig& config() const;

 private:
  struct State;
  std::unique_ptr<State> m;
};

}  // namespace mlstack::index
