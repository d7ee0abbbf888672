// SPDX-License-Identifier: MIT
// Debian's headless Chromium, started by the test itself and driven over the
// DevTools protocol on a pipe (--remote-debugging-pipe: commands on fd 3,
// replies and events on fd 4, each a JSON message ended by NUL), so no port
// is opened and nothing but the browser process is involved. A fresh profile
// folder per browser; background networking, component updates and sync off.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlstack::testing {

class HeadlessChromium {
 public:
  // Starts the browser; empty error when it runs.
  HeadlessChromium();
  ~HeadlessChromium();
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  const std::string& error() const { return m_error; }

  // Sends a command (to a page session, or the browser when empty) and waits
  // for its reply; events that arrive meanwhile are kept. Throws on a
  // protocol error or a timeout.
  nlohmann::json call(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
                      const std::string& session = {});
  // Waits for an event of this method (of the session when given), keeping others.
  nlohmann::json wait_event(const std::string& method, const std::string& session = {});
  // The events received so far, in order.
  const std::vector<nlohmann::json>& events() const { return m_events; }

  // A new page: returns its session id, with Page, Runtime, Log and Network enabled.
  std::string open_page(bool scripts);
  // Navigates and waits for the load event.
  void load(const std::string& session, const std::string& url);
  // Evaluates an expression in the page and returns its value.
  nlohmann::json evaluate(const std::string& session, const std::string& expression);

 private:
  nlohmann::json read_message();

  pid_t m_pid = -1;
  int m_to_browser = -1;
  int m_from_browser = -1;
  std::string m_profile;
  std::string m_error;
  std::string m_buffer;
  long m_next_id = 0;
  std::vector<nlohmann::json> m_events;
  std::chrono::seconds m_timeout{60};
};

}  // namespace mlstack::testing
