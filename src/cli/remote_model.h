// SPDX-License-Identifier: MIT
// The HTTP side of `mlstack fit URL`: src/index's client (libcurl transport,
// HTTP cache, credentials from the URL and ~/.netrc), so a remote model is
// read with the same transport, credentials and cache as package indexes and
// fit never opens a connection of its own.
//
// The environment sets it up as for the index verbs: MLSTACK_OFFLINE,
// MLSTACK_CACHE_DIR (else $XDG_CACHE_HOME/mlstack, else ~/.cache/mlstack),
// NETRC (else ~/.netrc), MLSTACK_HTTP_TIMEOUT, MLSTACK_HTTP_RETRIES and the
// usual proxy variables (which libcurl reads). HF_TOKEN is sent as a bearer
// token to the Hugging Face Hub (https://huggingface.co, or HF_ENDPOINT) and
// to no other host.
#pragma once

#include <memory>
#include <string>

#include "core/expected.h"
#include "index/http_cache.h"
#include "index/index_client.h"
#include "index/transport.h"

namespace mlstack::cli {

class RemoteModelClient {
 public:
  // Fails when the environment says offline (file sizes come from HEAD
  // requests, which are never cached) or the URL is malformed.
  static Expected<std::unique_ptr<RemoteModelClient>, std::string> open(const std::string& model_url);

  index::RemoteFiles& files() { return m_client->remote_files(); }

 private:
  RemoteModelClient() = default;
  std::unique_ptr<index::HttpCache> m_cache;
  std::unique_ptr<index::Transport> m_transport;
  std::unique_ptr<index::IndexClient> m_client;
};

}  // namespace mlstack::cli
