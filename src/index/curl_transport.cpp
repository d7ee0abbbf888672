// SPDX-License-Identifier: MIT
// The libcurl transport: one multi handle kept for the life of the object,
// so connections (and HTTP/2 sessions) are reused across batches; each
// request an easy handle; retries scheduled with exponential backoff and
// jitter; file:// read directly (libcurl's FILE protocol lists folders in a
// form no index page has).
#include <algorithm>
#include <chrono>
#include <deque>
#include <random>

#include <fmt/format.h>

#include "index/curl_library.h"
#include "index/transport.h"
#include "index/url.h"

namespace mlstack::index {
namespace {

using Clock = std::chrono::steady_clock;

struct Transfer {
  std::size_t index = 0;
  const HttpRequest* request = nullptr;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse response;
  std::size_t limit = 0;
  bool too_large = false;
  bool stalled = false;
  Clock::time_point last_progress;
  curl_off_t last_bytes = -1;
  long stall_ms = 0;
  unsigned attempt = 0;
  Clock::time_point not_before;
  char error[CURL_ERROR_SIZE] = {};
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (t->response.body.size() + n > t->limit) {
    t->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  // A new status line starts a new response (after a redirect or a 100): keep only the last one's headers.
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();
    return line.size();
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  std::string name;
  for (char c : line.substr(0, colon)) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  t->response.headers.emplace_back(std::move(name), std::string(value));
  return line.size();
}

// Detects a stalled transfer with millisecond precision (CURLOPT_LOW_SPEED_TIME counts whole seconds).
int on_progress(void* user, curl_off_t, curl_off_t now_down, curl_off_t, curl_off_t now_up) {
  auto* t = static_cast<Transfer*>(user);
  auto now = Clock::now();
  curl_off_t moved = now_down + now_up;
  if (moved != t->last_bytes) {
    t->last_bytes = moved;
    t->last_progress = now;
    return 0;
  }
  if (now - t->last_progress > std::chrono::milliseconds(t->stall_ms)) {
    t->stalled = true;
    return 1;
  }
  return 0;
}

bool retryable(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool retryable_status(long status) { return status == 500 || status == 502 || status == 503 || status == 504 || status == 429; }

TransportError classify(CURLcode code, const Transfer& t) {
  if (t.too_large) return TransportError::TooLarge;
  if (t.stalled) return TransportError::Timeout;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return TransportError::Timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return TransportError::Connect;
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportError::PartialBody;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      return TransportError::Tls;
    case CURLE_TOO_MANY_REDIRECTS: return TransportError::TooManyRedirects;
    case CURLE_FILESIZE_EXCEEDED: return TransportError::TooLarge;
    default: return TransportError::Other;
  }
}

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(TransportOptions options) : m_options(std::move(options)), m_random(std::random_device{}()) {
    if (m_options.user_agent.empty()) m_options.user_agent = "mlstack";
  }
  ~CurlTransport() override {
    if (m_multi) m_curl->multi_cleanup(m_multi);
  }

  std::vector<HttpResponse> perform(std::span<const HttpRequest> requests, const ProgressCallback& progress) override {
    std::vector<HttpResponse> out(requests.size());
    std::deque<std::unique_ptr<Transfer>> waiting;
    std::vector<std::unique_ptr<Transfer>> running;
    std::size_t done = 0;
    std::uint64_t bytes = 0;
    auto settle = [&](std::size_t index, HttpResponse response) {
      bytes += response.body.size();
      out[index] = std::move(response);
      ++done;
      if (progress) progress(done, requests.size(), bytes);
    };
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const HttpRequest& r = requests[i];
      std::size_t limit = r.max_body_bytes ? r.max_body_bytes : m_options.max_body_bytes;
      if (is_file_url(r.url)) {
        settle(i, read_file_url(r, limit));
        continue;
      }
      auto t = std::make_unique<Transfer>();
      t->index = i;
      t->request = &r;
      t->limit = limit;
      t->not_before = Clock::now();
      waiting.push_back(std::move(t));
    }
    if (!waiting.empty() && !ready()) {
      for (const auto& t : waiting) {
        HttpResponse response;
        response.url = redact(t->request->url);
        response.error = TransportError::Other;
        response.error_message = fmt::format("{}: {}", response.url, m_curl_error);
        settle(t->index, std::move(response));
      }
      waiting.clear();
    }
    while (!waiting.empty() || !running.empty()) {
      auto now = Clock::now();
      // Start what may start: the queue is ordered by first try, retries wait for their time.
      for (auto it = waiting.begin(); it != waiting.end() && running.size() < m_options.max_parallel;) {
        if ((*it)->not_before > now) {
          ++it;
          continue;
        }
        start(**it);
        running.push_back(std::move(*it));
        it = waiting.erase(it);
      }
      int still = 0;
      m_curl->multi_perform(m_multi, &still);
      int left = 0;
      while (CURLMsg* message = m_curl->multi_info_read(m_multi, &left)) {
        if (message->msg != CURLMSG_DONE) continue;
        auto it = std::find_if(running.begin(), running.end(),
                               [&](const auto& t) { return t->easy == message->easy_handle; });
        if (it == running.end()) continue;
        std::unique_ptr<Transfer> t = std::move(*it);
        running.erase(it);
        CURLcode code = message->data.result;
        long status = 0;
        m_curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        bool retry = code == CURLE_OK ? retryable_status(status) : (retryable(code) || t->stalled) && !t->too_large;
        if (retry && t->attempt <= m_options.max_retries) {
          finish_easy(*t);
          // Exponential backoff with +-50% jitter, so parallel clients do not retry in step.
          long base = m_options.backoff_ms << std::min<unsigned>(t->attempt - 1, 10);
          std::uniform_int_distribution<long> jitter(base / 2, base + base / 2);
          t->not_before = Clock::now() + std::chrono::milliseconds(jitter(m_random));
          waiting.push_back(std::move(t));
          continue;
        }
        std::size_t index = t->index;
        settle(index, complete(*t, code, status));
      }
      if (running.empty() && !waiting.empty()) {
        auto next = std::min_element(waiting.begin(), waiting.end(),
                                     [](const auto& a, const auto& b) { return a->not_before < b->not_before; });
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>((*next)->not_before - Clock::now());
        if (wait.count() > 0) m_curl->multi_poll(m_multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
      } else if (!running.empty()) {
        m_curl->multi_poll(m_multi, nullptr, 0, 50, nullptr);
      }
    }
    return out;
  }

 private:
  // Loads libcurl and makes the multi handle at the first network request.
  bool ready() {
    if (m_multi) return true;
    if (!m_curl && !(m_curl = curl_library(m_curl_error))) return false;
    m_multi = m_curl->multi_init();
    if (!m_multi) {
      m_curl_error = "libcurl could not make a multi handle";
      return false;
    }
    m_curl->multi_setopt(m_multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    m_curl->multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(m_options.max_parallel));
    m_curl->multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(m_options.max_parallel));
    return true;
  }

  void start(Transfer& t) {
    ++t.attempt;
    t.response = HttpResponse{};
    t.too_large = t.stalled = false;
    t.last_bytes = -1;
    t.last_progress = Clock::now();
    t.stall_ms = m_options.stall_timeout_ms;
    t.error[0] = '\0';
    const HttpRequest& r = *t.request;
    CURL* easy = m_curl->easy_init();
    t.easy = easy;
    m_curl->easy_setopt(easy, CURLOPT_URL, r.url.c_str());
    m_curl->easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    m_curl->easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    m_curl->easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    m_curl->easy_setopt(easy, CURLOPT_MAXREDIRS, m_options.max_redirects);
    m_curl->easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    m_curl->easy_setopt(easy, CURLOPT_ERRORBUFFER, t.error);
    m_curl->easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    m_curl->easy_setopt(easy, CURLOPT_WRITEDATA, &t);
    m_curl->easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    m_curl->easy_setopt(easy, CURLOPT_HEADERDATA, &t);
    m_curl->easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress);
    m_curl->easy_setopt(easy, CURLOPT_XFERINFODATA, &t);
    m_curl->easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    m_curl->easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, m_options.connect_timeout_ms);
    m_curl->easy_setopt(easy, CURLOPT_TIMEOUT_MS, m_options.total_timeout_ms);
    // A HEAD has no body: curl would compare the Content-Length it reports
    // (a 5 GB model shard) with the limit and fail the request.
    if (r.method != Method::Head) m_curl->easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.limit));
    // Verification is never turned off; --cert replaces the trusted bundle.
    m_curl->easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    m_curl->easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_options.ca_file.empty()) m_curl->easy_setopt(easy, CURLOPT_CAINFO, m_options.ca_file.c_str());
    m_curl->easy_setopt(easy, CURLOPT_HTTP_VERSION, m_options.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    m_curl->easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    m_curl->easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    m_curl->easy_setopt(easy, CURLOPT_USERAGENT, m_options.user_agent.c_str());
    if (r.method == Method::Head) m_curl->easy_setopt(easy, CURLOPT_NOBODY, 1L);
    if (r.range) {
      std::string range = fmt::format("{}-{}", r.range->offset, r.range->offset + r.range->length - 1);
      m_curl->easy_setopt(easy, CURLOPT_RANGE, range.c_str());
    }
    if (r.credentials) {
      // Sent to this host only: libcurl drops them on a redirect elsewhere (no CURLOPT_UNRESTRICTED_AUTH).
      m_curl->easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      m_curl->easy_setopt(easy, CURLOPT_USERNAME, r.credentials->username.c_str());
      m_curl->easy_setopt(easy, CURLOPT_PASSWORD, r.credentials->password.c_str());
    }
    for (const auto& [name, value] : r.headers) t.headers = m_curl->slist_append(t.headers, fmt::format("{}: {}", name, value).c_str());
    if (t.headers) m_curl->easy_setopt(easy, CURLOPT_HTTPHEADER, t.headers);
    m_curl->multi_add_handle(m_multi, easy);
  }

  void finish_easy(Transfer& t) {
    m_curl->multi_remove_handle(m_multi, t.easy);
    m_curl->easy_cleanup(t.easy);
    t.easy = nullptr;
    m_curl->slist_free_all(t.headers);
    t.headers = nullptr;
  }

  HttpResponse complete(Transfer& t, CURLcode code, long status) {
    HttpResponse response = std::move(t.response);
    const char* effective = nullptr;
    m_curl->easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &effective);
    response.url = redact(effective ? effective : t.request->url);
    long version = 0;
    m_curl->easy_getinfo(t.easy, CURLINFO_HTTP_VERSION, &version);
    response.http_version = version == CURL_HTTP_VERSION_2_0 ? 2 : version == CURL_HTTP_VERSION_3 ? 3 : version ? 1 : 0;
    response.attempts = t.attempt;
    response.status = static_cast<int>(status);
    if (code != CURLE_OK) {
      response.error = classify(code, t);
      std::string detail = t.too_large || code == CURLE_FILESIZE_EXCEEDED ? fmt::format("more than {} bytes", t.limit)
                           : t.stalled ? fmt::format("no data for {} ms", t.stall_ms)
                           : t.error[0] ? std::string(t.error)
                                        : std::string(m_curl->easy_strerror(code));
      response.error_message = fmt::format("{}: {} ({}){}", redact(t.request->url), to_string(response.error), detail,
                                           t.attempt > 1 ? fmt::format(", after {} tries", t.attempt) : "");
      response.status = 0;
      response.body.clear();
    }
    finish_easy(t);
    return response;
  }

  TransportOptions m_options;
  const CurlLibrary* m_curl = nullptr;
  std::string m_curl_error;
  CURLM* m_multi = nullptr;
  std::mt19937 m_random;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const TransportOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace mlstack::index
