// SPDX-License-Identifier: MIT
#include "index_loopback/loopback_index.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The test CA, a server certificate for 127.0.0.1 and an expired one (EC keys: fast to make).
std::string make_certificates(const std::string& dir) {
  const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  write_file(dir + "/san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  const std::string steps[] = {
      fmt::format("openssl req -x509 {1} -keyout {0}/ca.key -out {0}/ca.pem -days 2 -subj '/CN=mlstack test CA'", dir, key),
      fmt::format("openssl req {1} -keyout {0}/server.key -out {0}/server.csr -subj /CN=127.0.0.1", dir, key),
      fmt::format("openssl x509 -req -in {0}/server.csr -CA {0}/ca.pem -CAkey {0}/ca.key -CAcreateserial -days 2 "
                  "-extfile {0}/san.ext -out {0}/server.pem",
                  dir),
      // Valid until yesterday: refused as expired.
      fmt::format("openssl x509 -req -in {0}/server.csr -CA {0}/ca.pem -CAkey {0}/ca.key -CAcreateserial -days -1 "
                  "-extfile {0}/san.ext -out {0}/expired.pem",
                  dir),
  };
  for (const auto& step : steps) {
    if (run(step) != 0) return "openssl failed: " + step;
  }
  return {};
}

std::string nginx_conf(const std::string& dir, const std::string& data, int http, int https, int expired) {
  std::string echo = fs::exists("/usr/lib/nginx/modules/ngx_http_echo_module.so")
                         ? "load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;\n"
                         : "";
  return echo + fmt::format(R"(daemon off;
master_process off;
worker_processes 1;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 512; }}
http {{
  log_format mlstack '$request_uri $status $server_protocol $connection "$http_if_none_match" "$http_authorization"';
  access_log {dir}/access.log mlstack;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  types {{
    application/vnd.pypi.simple.v1+json json;
    text/html html;
    text/plain metadata;
  }}
  default_type application/octet-stream;
  # PEP 691 content negotiation: JSON for clients that ask for it, HTML for the rest.
  map $http_accept $page {{
    default index.html;
    "~application/vnd\.pypi\.simple\.v1\+json" index.json;
  }}
  # The first request of a connection fails, the retry on the same connection succeeds.
  map $connection_requests $first_of_connection {{
    1 1;
    default 0;
  }}
  server {{
    listen 127.0.0.1:{http};
    listen 127.0.0.1:{https} ssl http2;
    ssl_certificate {dir}/server.pem;
    ssl_certificate_key {dir}/server.key;
    root {data};
    # A project folder answers with the page the client asked for, else the other form.
    location / {{
      try_files $uri$page ${{uri}}index.html $uri =404;
      add_header Cache-Control "max-age=600";
    }}
    # The fixture is a subset of PyPI: for a project it does not hold it cannot say "absent",
    # so it answers 503 (no answer) rather than 404. The same for download.pytorch.org's cu118
    # and cu121 pages, too thin in the harvest to stand for the real ones (tests/data/index/README.md).
    location /pypi/simple/ {{
      try_files $uri$page ${{uri}}index.html $uri @not_in_fixture;
      add_header Cache-Control "max-age=600";
    }}
    location ~ ^/pytorch/whl/(cu118|cu121)/ {{
      return 503;
    }}
    location @not_in_fixture {{
      return 503;
    }}
    location /revalidate/ {{
      rewrite ^/revalidate(/.*)$ $1 break;
      try_files $uri$page ${{uri}}index.html $uri =404;
      add_header Cache-Control "no-cache";
    }}
    location /fault/flaky/ {{
      if ($first_of_connection) {{ return 503; }}
      rewrite ^/fault/flaky/(.*)$ /pypi/simple/$1 break;
      try_files $uri$page ${{uri}}index.html $uri =404;
    }}
    location /fault/error500/ {{
      return 500;
    }}
    location /fault/loop/ {{
      return 302 /fault/loop/;
    }}
    location /fault/stall/ {{
      echo_sleep 30;
      echo "too late";
    }}
    location /fault/cut/ {{
      proxy_pass http://127.0.0.1:{http}/fault/slowbody/;
      proxy_buffering off;
      proxy_read_timeout 300ms;
    }}
    location /fault/slowbody/ {{
      default_type application/vnd.pypi.simple.v1+json;
      echo -n '{{"meta": {{"api-version": "1.1"}}, "name": "torch", "files": [';
      echo_flush;
      echo_sleep 5;
      echo ']}}';
    }}
    location /big/ {{
      root {dir};
      try_files $uri$page ${{uri}}index.html $uri =404;
    }}
    # GitHub release assets, for HEAD: one flash-attn wheel the kb's matrix predicts (an empty
    # stand-in: existence, not content).
    location /gh/ {{
      root {dir};
    }}
    location /private/ {{
      auth_basic "mlstack test";
      auth_basic_user_file {dir}/htpasswd;
      rewrite ^/private/(.*)$ /pypi/$1 break;
      try_files $uri$page ${{uri}}index.html $uri =404;
    }}
  }}
  server {{
    listen 127.0.0.1:{expired} ssl;
    ssl_certificate {dir}/expired.pem;
    ssl_certificate_key {dir}/server.key;
    root {data};
    try_files $uri$page ${{uri}}index.html $uri =404;
  }}
}}
)",
                            fmt::arg("dir", dir), fmt::arg("data", data), fmt::arg("http", http), fmt::arg("https", https),
                            fmt::arg("expired", expired));
}

// A page past the client's size bound (tests set the bound to 1 MiB).
void write_big_page(const std::string& dir) {
  fs::create_directories(dir + "/big/huge");
  std::string files;
  for (int i = 0; i < 20000; ++i) {
    if (i) files += ",";
    files += fmt::format(R"({{"filename": "huge-0.0.{}.tar.gz", "url": "huge-0.0.{}.tar.gz", "hashes": {{}}}})", i, i);
  }
  write_file(dir + "/big/huge/index.json", R"({"meta": {"api-version": "1.1"}, "name": "huge", "files": [)" + files + "]}");
}

}  // namespace

LoopbackIndex& LoopbackIndex::get() {
  static LoopbackIndex server;
  return server;
}

LoopbackIndex::LoopbackIndex() { start(); }

void LoopbackIndex::start() {
  m_data = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/index";
  const char* nginx = "/usr/sbin/nginx";
  if (!fs::exists(nginx)) {
    m_error = "nginx is not installed (scripts/bootstrap installs it)";
    return;
  }
  if (run("openssl version") != 0) {
    m_error = "openssl is not installed";
    return;
  }
  std::string pattern = (fs::temp_directory_path() / "mlstack-nginx-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) {
    m_error = "cannot create a temporary folder";
    return;
  }
  m_dir = pattern;
  if (std::string e = make_certificates(m_dir); !e.empty()) {
    m_error = e;
    return;
  }
  m_ca_file = m_dir + "/ca.pem";
  // alice:wonderland, in the apr1 form nginx reads.
  std::string hash;
  if (FILE* p = ::popen("openssl passwd -apr1 wonderland 2>/dev/null", "r")) {
    char line[256];
    if (std::fgets(line, sizeof line, p)) hash = line;
    ::pclose(p);
  }
  if (hash.empty()) {
    m_error = "openssl passwd failed";
    return;
  }
  write_file(m_dir + "/htpasswd", "alice:" + hash);
  write_big_page(m_dir);
  fs::create_directories(m_dir + "/gh/v2.5.8");
  write_file(m_dir + "/gh/v2.5.8/flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl", "");
  for (int attempt = 0; attempt < 3 && m_pid < 0; ++attempt) {
    m_http = free_port();
    m_https = free_port();
    m_expired = free_port();
    write_file(m_dir + "/nginx.conf", nginx_conf(m_dir, m_data, m_http, m_https, m_expired));
    pid_t pid = ::fork();
    if (pid == 0) {
      std::string conf = m_dir + "/nginx.conf", log = m_dir + "/error.log";
      ::execl(nginx, nginx, "-q", "-p", m_dir.c_str(), "-e", log.c_str(), "-c", conf.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready when all three ports accept, or gone (a port taken meanwhile: try others).
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) break;
      if (accepts(m_http) && accepts(m_https) && accepts(m_expired)) {
        m_pid = pid;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (m_pid < 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  if (m_pid < 0) {
    std::ifstream log(m_dir + "/error.log");
    std::stringstream text;
    text << log.rdbuf();
    m_error = "nginx did not start: " + text.str();
  }
}

LoopbackIndex::~LoopbackIndex() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
  }
  std::error_code ec;
  if (!m_dir.empty()) fs::remove_all(m_dir, ec);
}

std::string LoopbackIndex::http_url() const { return fmt::format("http://127.0.0.1:{}", m_http); }
std::string LoopbackIndex::https_url() const { return fmt::format("https://127.0.0.1:{}", m_https); }
std::string LoopbackIndex::expired_url() const { return fmt::format("https://127.0.0.1:{}", m_expired); }

std::size_t LoopbackIndex::requests_for(const std::string& path, std::size_t at_least) const {
  std::size_t n = 0;
  for (int tries = 0; tries < 300; ++tries) {
    std::ifstream log(m_dir + "/access.log");
    std::string line;
    n = 0;
    while (std::getline(log, line)) n += line.rfind(path + " ", 0) == 0;
    if (n >= at_least) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return n;
}

}  // namespace mlstack::testing

namespace mlstack::testing {

std::vector<std::string> LoopbackIndex::log_for(const std::string& prefix, std::size_t at_least) const {
  std::vector<std::string> out;
  for (int tries = 0; tries < 300; ++tries) {
    std::ifstream log(m_dir + "/access.log");
    std::string line;
    out.clear();
    while (std::getline(log, line))
      if (line.rfind(prefix, 0) == 0) out.push_back(line);
    if (out.size() >= at_least) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return out;
}

}  // namespace mlstack::testing
