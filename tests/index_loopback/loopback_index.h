// SPDX-License-Identifier: MIT
// The loopback test index: nginx (Debian's) serving tests/data/index on free
// 127.0.0.1 ports, started on first use and stopped at exit, over
//   http://   HTTP/1.1
//   https://  TLS (a test CA made at start-up with openssl) and HTTP/2
//   https://  on a third port with an expired certificate
// A `map` on the Accept header answers index.json or index.html, as a
// PEP 691 index does; /fault/... locations produce the failures the client
// must survive (500 then 200, a cut body, a stall, a redirect loop, ...).
// Tests that need it call LoopbackIndex::get() and skip, saying why, when
// nginx or openssl is missing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mlstack::testing {

class LoopbackIndex {
 public:
  // Starts the server once per process; check ok() (or use MLSTACK_NEED_NGINX).
  static LoopbackIndex& get();

  bool ok() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }

  std::string http_url() const;     // "http://127.0.0.1:PORT"
  std::string https_url() const;    // "https://127.0.0.1:PORT" (HTTP/2)
  std::string expired_url() const;  // "https://127.0.0.1:PORT", expired certificate
  const std::string& ca_file() const { return m_ca_file; }
  const std::string& data_dir() const { return m_data; }  // tests/data/index
  const std::string& temp_dir() const { return m_dir; }
  // nginx writes a request's log line after it has sent the response, so a
  // client holding its answer can read the log a moment before the line is
  // there: both wait (up to 3 s) until at least `at_least` lines match.
  // Requests nginx logged for this path (e.g. "/pypi/simple/torch/") so far.
  std::size_t requests_for(const std::string& path, std::size_t at_least = 0) const;
  // Access-log lines ("REQUEST-URI STATUS PROTOCOL CONNECTION \"IF-NONE-MATCH\"") whose URI starts with `prefix`.
  std::vector<std::string> log_for(const std::string& prefix, std::size_t at_least = 0) const;

  ~LoopbackIndex();

 private:
  LoopbackIndex();
  void start();

  std::string m_error;
  std::string m_dir;
  std::string m_data;
  std::string m_ca_file;
  int m_http = 0, m_https = 0, m_expired = 0;
  int m_pid = -1;
};

}  // namespace mlstack::testing

// Skips the current test when the loopback index could not start.
#define MLSTACK_NEED_NGINX(server)                                                   \
  do {                                                                               \
    if (!(server).ok()) GTEST_SKIP() << "loopback index unavailable: " << (server).error(); \
  } while (0)
