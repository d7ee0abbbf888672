// SPDX-License-Identifier: MIT
#include "cli/context.h"

#include "cli/output.h"
#include "report/sanitize.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

namespace mlstack::cli {

bool Context::use_color() const {
  if (options.color == "never") return false;
  if (options.color == "always") return true;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  if (!options.output.empty()) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

bool Context::write_output(const std::string& text, std::string* error) const {
  if (options.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  // Beside the target through an exclusive temporary, then renamed: a failed
  // run never leaves half a file and a planted link is never followed.
  return write_file_atomically(options.output, text, error);
}

// Diagnostics quote paths and text from the analysed tree: shown escaped, with
// URL credentials masked, like the report itself (report/sanitize.h).
void Context::warn(const std::string& message) const {
  if (!options.quiet) std::cerr << "warning: " << report::escape_controls(report::mask_url_credentials(message), true) << '\n';
}

void Context::error(const std::string& message) const {
  std::cerr << "error: " << report::escape_controls(report::mask_url_credentials(message), true) << '\n';
}

int Context::terminal_width() const {
  if (const char* columns = std::getenv("COLUMNS")) {
    int value = std::atoi(columns);
    if (value >= 20) return value;
  }
  struct winsize ws {};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) {
    return ws.ws_col;
  }
  return 100;
}

}  // namespace mlstack::cli
