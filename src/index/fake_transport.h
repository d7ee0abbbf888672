// SPDX-License-Identifier: MIT
// FakeTransport: an in-memory network for tests of the index client. Routes
// map a URL (without credentials) to a queue of replies (the last one
// repeats), so "500 then 200" or "timeout, then the page" is two replies.
// serve_tree() answers from a folder laid out like the test index
// (tests/data/index), choosing index.json or index.html by the Accept
// header exactly as the nginx fixture's map does. Every request is recorded.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "index/transport.h"

namespace mlstack::index {

struct FakeReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // lowercase names
  std::string body;
  TransportError error = TransportError::None;  // set: no response, this failure instead
  int http_version = 2;
};

class FakeTransport final : public Transport {
 public:
  void route(std::string url, FakeReply reply);
  void route(std::string url, std::vector<FakeReply> replies);
  // GET url -> files under `dir`: "<url>torch/" is dir/torch/index.json or
  // index.html (by Accept), any other path the file itself.
  void serve_tree(std::string base_url, std::string dir);

  std::vector<HttpResponse> perform(std::span<const HttpRequest> requests,
                                    const ProgressCallback& progress = {}) override;

  const std::vector<HttpRequest>& requests() const { return m_requests; }
  std::size_t count(std::string_view url) const;  // requests made to this URL
  std::size_t batches() const { return m_batches; }
  void clear_requests() { m_requests.clear(); m_batches = 0; }

 private:
  HttpResponse answer(const HttpRequest& request);

  std::map<std::string, std::vector<FakeReply>, std::less<>> m_routes;
  std::map<std::string, std::size_t, std::less<>> m_served;
  std::vector<std::pair<std::string, std::string>> m_trees;
  std::vector<HttpRequest> m_requests;
  std::size_t m_batches = 0;
};

}  // namespace mlstack::index
