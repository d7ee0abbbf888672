// SPDX-License-Identifier: MIT
#include "cli/remote_model.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/environment_variables.h"
#include "index/credentials.h"
#include "index/sources.h"
#include "index/url.h"
#include "model/remote_store.h"
#include "mlstack/build_info.h"
#include "project/manifest/declared.h"

namespace mlstack::cli {
namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string port_of(const index::UrlParts& url) {
  if (!url.port.empty()) return url.port;
  return url.scheme == "https" ? "443" : url.scheme == "http" ? "80" : "";
}

// Hugging Face's access token (HF_TOKEN, as huggingface_hub reads it: gated
// and private repositories need it) as `Authorization: Bearer`, on requests
// to the Hub's origin only: https://huggingface.co, or HF_ENDPOINT when set
// (huggingface_hub's variable for another Hub). Never to another origin: the
// CDN a resolve URL redirects to is one, and libcurl drops a custom
// Authorization header on a redirect to another host. Never in a URL, so no
// message or --verbose line can show it. A request that carries credentials
// of its own (the URL's, ~/.netrc) keeps them instead.
class HubTokenTransport final : public index::Transport {
 public:
  HubTokenTransport(std::unique_ptr<index::Transport> inner, index::UrlParts hub, std::string token)
      : m_inner(std::move(inner)), m_hub(std::move(hub)), m_token(std::move(token)) {}

  std::vector<index::HttpResponse> perform(std::span<const index::HttpRequest> requests,
                                           const index::ProgressCallback& progress) override {
    std::vector<index::HttpRequest> sent(requests.begin(), requests.end());
    for (index::HttpRequest& request : sent)
      if (!request.credentials && to_hub(request.url)) request.headers.emplace_back("Authorization", "Bearer " + m_token);
    return m_inner->perform(sent, progress);
  }

 private:
  bool to_hub(const std::string& url) const {
    auto parts = index::parse_url(url);
    return parts && lowercase(parts->scheme) == lowercase(m_hub.scheme) &&
           lowercase(parts->host) == lowercase(m_hub.host) && port_of(*parts) == port_of(m_hub);
  }

  std::unique_ptr<index::Transport> m_inner;
  index::UrlParts m_hub;
  std::string m_token;
};

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
  if (auto token = env("HF_TOKEN"); token && !token->empty()) {
    std::string endpoint = env("HF_ENDPOINT").value_or("");
    auto hub = index::parse_url(endpoint.empty() ? "https://huggingface.co" : endpoint);
    if (!hub || hub->host.empty())
      return unexpected(fmt::format("HF_ENDPOINT `{}` is not a URL", index::redact(endpoint)));
    out->m_transport = std::make_unique<HubTokenTransport>(std::move(out->m_transport), std::move(*hub), std::move(*token));
  }
  out->m_client = std::make_unique<index::IndexClient>(std::move(*config), *out->m_transport, out->m_cache.get());
  return out;
}

}  // namespace mlstack::cli
