// SPDX-License-Identifier: MIT
#include "cli/context.h"

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
  // Write beside the target and rename, so a failed run never leaves half a file.
  std::string tmp = options.output + ".mlstack-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      *error = fmt::format("{}: cannot write: {}", options.output, std::strerror(errno));
      return false;
    }
    out << text;
    if (!out.flush()) {
      *error = fmt::format("{}: write failed: {}", options.output, std::strerror(errno));
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), options.output.c_str()) != 0) {
    *error = fmt::format("{}: cannot write: {}", options.output, std::strerror(errno));
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

void Context::warn(const std::string& message) const {
  if (!options.quiet) std::cerr << "warning: " << message << '\n';
}

void Context::error(const std::string& message) const { std::cerr << "error: " << message << '\n'; }

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
