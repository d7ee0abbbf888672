// SPDX-License-Identifier: MIT
#include "index/fake_transport.h"

#include <filesystem>

#include <fmt/format.h>

#include "index/url.h"

namespace mlstack::index {

void FakeTransport::route(std::string url, FakeReply reply) { m_routes[std::move(url)] = {std::move(reply)}; }

void FakeTransport::route(std::string url, std::vector<FakeReply> replies) { m_routes[std::move(url)] = std::move(replies); }

void FakeTransport::serve_tree(std::string base_url, std::string dir) {
  m_trees.emplace_back(with_trailing_slash(base_url), std::move(dir));
}

std::size_t FakeTransport::count(std::string_view url) const {
  std::size_t n = 0;
  for (const auto& r : m_requests) n += r.url == url;
  return n;
}

HttpResponse FakeTransport::answer(const HttpRequest& request) {
  HttpResponse response;
  response.url = request.url;
  if (auto it = m_routes.find(request.url); it != m_routes.end()) {
    std::size_t& served = m_served[request.url];
    const FakeReply& reply = it->second[std::min(served, it->second.size() - 1)];
    ++served;
    if (reply.error != TransportError::None) {
      response.error = reply.error;
      response.error_message = fmt::format("{}: {}", redact(request.url), to_string(reply.error));
      return response;
    }
    response.status = reply.status;
    response.headers = reply.headers;
    response.http_version = reply.http_version;
    if (request.method == Method::Get) response.body = reply.body;
    if (request.range && reply.status == 200 && request.method == Method::Get) {
      // Serve the slice, as a server honouring Range does.
      std::uint64_t offset = std::min<std::uint64_t>(request.range->offset, response.body.size());
      response.body = response.body.substr(offset, request.range->length);
      response.status = 206;
    }
    // Conditional requests: a matching validator gets 304, as nginx answers.
    for (const auto& [name, value] : request.headers) {
      std::string_view etag = response.header("etag");
      if (name == "If-None-Match" && !etag.empty() && value == etag && response.status == 200) {
        response.status = 304;
        response.body.clear();
      }
    }
    return response;
  }
  for (const auto& [base, dir] : m_trees) {
    if (!request.url.starts_with(base)) continue;
    HttpRequest local = request;
    local.url = path_to_file_url(dir + "/" + percent_decode(request.url.substr(base.size())), "/");
    HttpResponse file = read_file_url(local, request.max_body_bytes ? request.max_body_bytes : (256u << 20));
    file.url = request.url;
    file.http_version = 2;
    if (file.error == TransportError::None) file.error_message.clear();
    return file;
  }
  response.status = 404;
  return response;
}

std::vector<HttpResponse> FakeTransport::perform(std::span<const HttpRequest> requests, const ProgressCallback& progress) {
  ++m_batches;
  std::vector<HttpResponse> out;
  out.reserve(requests.size());
  std::uint64_t bytes = 0;
  for (const auto& request : requests) {
    m_requests.push_back(request);
    out.push_back(answer(request));
    bytes += out.back().body.size();
    if (progress) progress(out.size(), requests.size(), bytes);
  }
  return out;
}

}  // namespace mlstack::index
