// SPDX-License-Identifier: MIT
#include "cli/headless_chromium.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

// The browser binary Debian's chromium package installs.
std::string find_chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  return {};
}

}  // namespace

HeadlessChromium::HeadlessChromium() {
  std::string binary = find_chromium();
  if (binary.empty()) {
    m_error = "chromium is not installed (scripts/bootstrap installs Debian's chromium)";
    return;
  }
  char profile[] = "/tmp/mlstack-chromium-XXXXXX";
  if (!::mkdtemp(profile)) {
    m_error = "cannot create a profile folder";
    return;
  }
  m_profile = profile;
  // A browser that dies must fail a write, not kill the test with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  int to_browser[2], from_browser[2];
  if (::pipe2(to_browser, O_CLOEXEC) != 0 || ::pipe2(from_browser, O_CLOEXEC) != 0) {
    m_error = "pipe failed";
    return;
  }
  // Everything the child needs is built before fork: it only dups and execs.
  std::string user_data = "--user-data-dir=" + m_profile;
  const char* argv[] = {binary.c_str(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--disable-extensions",
                        "--remote-debugging-pipe",
                        user_data.c_str(),
                        "about:blank",
                        nullptr};
  m_pid = ::fork();
  if (m_pid == 0) {
    // The protocol pipe is fd 3 (commands in) and fd 4 (messages out). Move
    // both ends above 4 first (a pipe may already sit on 3 or 4), then place
    // them; dup2's copies are not close-on-exec.
    int in = ::fcntl(to_browser[0], F_DUPFD, 10);
    int out = ::fcntl(from_browser[1], F_DUPFD, 10);
    ::dup2(in, 3);
    ::dup2(out, 4);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(argv[0], const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(to_browser[0]);
  ::close(from_browser[1]);
  m_to_browser = to_browser[1];
  m_from_browser = from_browser[0];
  if (m_pid < 0) m_error = "fork failed";
}

HeadlessChromium::~HeadlessChromium() {
  if (m_to_browser >= 0) ::close(m_to_browser);
  if (m_from_browser >= 0) ::close(m_from_browser);
  if (m_pid > 0) {
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i) ::usleep(100000);
    if (::waitpid(m_pid, &status, WNOHANG) == 0) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, &status, 0);
    }
  }
  std::error_code ec;
  if (!m_profile.empty()) fs::remove_all(m_profile, ec);
}

nlohmann::json HeadlessChromium::read_message() {
  auto deadline = std::chrono::steady_clock::now() + m_timeout;
  while (true) {
    std::size_t end = m_buffer.find('\0');
    if (end != std::string::npos) {
      std::string text = m_buffer.substr(0, end);
      m_buffer.erase(0, end + 1);
      return nlohmann::json::parse(text);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("chromium: no message within the timeout");
    pollfd fd{m_from_browser, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[65536];
    ssize_t n = ::read(m_from_browser, chunk, sizeof chunk);
    if (n <= 0) throw std::runtime_error("chromium closed the protocol pipe");
    m_buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

nlohmann::json HeadlessChromium::call(const std::string& method, const nlohmann::json& params,
                                      const std::string& session) {
  long id = ++m_next_id;
  nlohmann::json message = {{"id", id}, {"method", method}, {"params", params}};
  if (!session.empty()) message["sessionId"] = session;
  std::string text = message.dump();
  text.push_back('\0');
  for (std::size_t written = 0; written < text.size();) {
    ssize_t n = ::write(m_to_browser, text.data() + written, text.size() - written);
    if (n <= 0) throw std::runtime_error("cannot write to chromium");
    written += static_cast<std::size_t>(n);
  }
  while (true) {
    nlohmann::json reply = read_message();
    if (reply.contains("id") && reply["id"] == id) {
      if (reply.contains("error")) throw std::runtime_error(method + ": " + reply["error"].dump());
      return reply["result"];
    }
    m_events.push_back(std::move(reply));
  }
}

nlohmann::json HeadlessChromium::wait_event(const std::string& method, const std::string& session) {
  auto matches = [&](const nlohmann::json& e) {
    return e.value("method", "") == method && (session.empty() || e.value("sessionId", "") == session);
  };
  for (const auto& e : m_events) {
    if (matches(e)) return e;
  }
  while (true) {
    nlohmann::json message = read_message();
    m_events.push_back(message);
    if (matches(message)) return message;
  }
}

std::string HeadlessChromium::open_page(bool scripts) {
  nlohmann::json target = call("Target.createTarget", {{"url", "about:blank"}});
  nlohmann::json attached = call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}});
  std::string session = attached["sessionId"];
  for (const char* domain : {"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"}) call(domain, {}, session);
  if (!scripts) call("Emulation.setScriptExecutionDisabled", {{"value", true}}, session);
  call("Emulation.setDeviceMetricsOverride",
       {{"width", 1280}, {"height", 900}, {"deviceScaleFactor", 1}, {"mobile", false}}, session);
  return session;
}

void HeadlessChromium::load(const std::string& session, const std::string& url) {
  std::size_t scanned = m_events.size();  // only a load event after this navigation counts
  call("Page.navigate", {{"url", url}}, session);
  while (true) {
    for (; scanned < m_events.size(); ++scanned) {
      const auto& e = m_events[scanned];
      if (e.value("method", "") == "Page.loadEventFired" && e.value("sessionId", "") == session) return;
    }
    m_events.push_back(read_message());
  }
}

nlohmann::json HeadlessChromium::evaluate(const std::string& session, const std::string& expression) {
  nlohmann::json result = call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}}, session);
  if (result.contains("exceptionDetails")) throw std::runtime_error("evaluate: " + result["exceptionDetails"].dump());
  return result["result"].value("value", nlohmann::json());
}

}  // namespace mlstack::testing
