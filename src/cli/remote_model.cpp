// SPDX-License-Identifier: MIT
#include "cli/remote_model.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "index/credentials.h"
#include "index/sources.h"
#include "index/url.h"
#include "model/remote_store.h"
#include "mlstack/build_info.h"
#include "project/manifest/declared.h"

namespace mlstack::cli {
namespace {

std::optional<std::string> env(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  return value ? std::optional<std::string>(value) : std::nullopt;
}

bool env_flag(std::string_view name) {
  auto value = env(name);
  return value && !value->empty() && *value != "0" && *value != "false";
}

std::vector<index::NetrcEntry> read_netrc() {
  std::string path = env("NETRC").value_or(env("HOME").value_or("") + "/.netrc");
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return index::parse_netrc(text.str());
}

}  // namespace

Expected<std::unique_ptr<RemoteModelClient>, std::string> RemoteModelClient::open(const std::string& model_url) {
  if (env_flag("MLSTACK_OFFLINE"))
    return unexpected(fmt::format("{}: a remote model's file sizes come from HEAD requests, which offline "
                                  "(MLSTACK_OFFLINE) does not make",
                                  index::redact(model_url)));
  // The model's folder joins the configuration as an explicit index (never
  // consulted for packages), so that credentials in its URL apply to its
  // host exactly as an index URL's do.
  project::IndexEntry entry;
  entry.kind = project::IndexEntry::Kind::ExtraIndexUrl;
  entry.url = model::model_location(model_url).base_url;
  entry.name = "model";
  entry.priority = "explicit";
  std::error_code ec;
  auto config = index::build_index_config({}, std::span<const project::IndexEntry>(&entry, 1),
                                          std::filesystem::current_path(ec).string());
  if (!config) return unexpected(config.error());
  config->credentials.set_netrc(read_netrc());

  std::unique_ptr<RemoteModelClient> out(new RemoteModelClient());
  std::string cache_dir = index::default_cache_dir(env);
  if (!cache_dir.empty()) out->m_cache = std::make_unique<index::HttpCache>(cache_dir);
  index::TransportOptions transport;
  transport.user_agent = fmt::format("mlstack/{}", k_version);
  if (auto seconds = env("MLSTACK_HTTP_TIMEOUT"); seconds && std::atol(seconds->c_str()) > 0)
    transport.stall_timeout_ms = transport.connect_timeout_ms = std::atol(seconds->c_str()) * 1000;
  if (auto retries = env("MLSTACK_HTTP_RETRIES"); retries && !retries->empty())
    transport.max_retries = static_cast<unsigned>(std::clamp(std::atol(retries->c_str()), 0L, 10L));
  out->m_transport = index::make_curl_transport(transport);
  out->m_client = std::make_unique<index::IndexClient>(std::move(*config), *out->m_transport, out->m_cache.get());
  return out;
}

}  // namespace mlstack::cli
