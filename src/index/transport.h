// SPDX-License-Identifier: MIT
// Transport: the one door from src/index to the network (and to file://
// URLs), so that everything above it is tested with FakeTransport
// (fake_transport.h) and the real one, over libcurl, is tested against a
// real server on loopback.
//
// A transport performs a batch of requests at once (libcurl's multi
// interface: many transfers in flight, HTTP/2 multiplexing and connection
// reuse where the server offers them) and answers each one. It retries
// timeouts, cut connections and 5xx answers a bounded number of times with
// backoff; it never retries 4xx. TLS peers are always verified. Credentials
// travel in the request, never in its URL, and no message a transport
// writes contains them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace mlstack::index {

struct Credentials {
  std::string username;
  std::string password;
  bool operator==(const Credentials&) const = default;
};

enum class Method { Get, Head };

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;  // > 0
};

struct HttpRequest {
  Method method = Method::Get;
  std::string url;  // http(s):// or file://, without credentials
  // Extra headers: Accept, If-None-Match, If-Modified-Since.
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<ByteRange> range;          // "Range: bytes=offset-(offset+length-1)"
  std::optional<Credentials> credentials;  // basic auth for this request's host only
  std::size_t max_body_bytes = 0;          // 0: the transport's limit
};

// Why a request got no usable answer.
enum class TransportError {
  None,
  Timeout,           // connect or transfer timeout, or a stalled transfer
  Connect,           // refused, reset, name not resolved
  Tls,               // certificate not trusted, expired, wrong host
  PartialBody,       // the connection closed before the body was complete
  TooLarge,          // the body exceeded max_body_bytes
  TooManyRedirects,  // a redirect loop
  File,              // file:// path missing or unreadable
  Other,
};

const char* to_string(TransportError error);

struct HttpResponse {
  // 200, 206, 304, 404 ...; 0 when no response came (see `error`).
  int status = 0;
  std::string url;  // after redirects, without credentials
  // Lowercased names: "content-type", "etag", "last-modified",
  // "cache-control", "age", "content-length", "content-range".
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;       // empty for HEAD
  int http_version = 0;   // 1 (HTTP/1.x), 2, 3; 0 for file://
  unsigned attempts = 1;  // tries made, retries included
  TransportError error = TransportError::None;
  std::string error_message;  // names the URL; empty when error is None

  // The first header of that (lowercase) name, or "".
  std::string_view header(std::string_view name) const;
  bool ok() const { return error == TransportError::None && status >= 200 && status < 300; }
};

// Progress of a batch: called after each request settles.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total, std::uint64_t bytes)>;

class Transport {
 public:
  virtual ~Transport() = default;
  // Performs every request, several at once where it can, and returns one
  // response per request, in request order. Never throws for network or
  // server failures: they are responses with `error` set.
  virtual std::vector<HttpResponse> perform(std::span<const HttpRequest> requests,
                                            const ProgressCallback& progress = {}) = 0;
  HttpResponse perform_one(const HttpRequest& request);
};

struct TransportOptions {
  long connect_timeout_ms = 10'000;
  // A transfer that moves no byte for this long is stalled (timeout).
  long stall_timeout_ms = 30'000;
  long total_timeout_ms = 300'000;
  unsigned max_retries = 3;         // retries after the first try, for timeouts, cut connections and 5xx
  long backoff_ms = 250;            // first wait; doubles each retry, with jitter
  std::size_t max_body_bytes = 256u << 20;
  long max_redirects = 10;
  std::size_t max_parallel = 16;    // transfers in flight
  std::string ca_file;              // --cert: PEM bundle trusted instead of the system store
  bool http2 = true;                // offer HTTP/2 (ALPN on TLS)
  std::string user_agent;           // "mlstack/0.1.0"
};

// libcurl (multi interface). Proxies come from the usual variables
// (http_proxy, https_proxy, HTTPS_PROXY, no_proxy), as curl reads them.
// file:// URLs are read directly: a folder answers with an HTML page of
// links to the files and folders in it (pip's --find-links folder, a file://
// index without index.html).
std::unique_ptr<Transport> make_curl_transport(const TransportOptions& options);

// Reads a file:// URL the way the curl transport does (shared with the fake).
HttpResponse read_file_url(const HttpRequest& request, std::size_t max_body_bytes);

}  // namespace mlstack::index
