// SPDX-License-Identifier: MIT
#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "report/sanitize.h"
#include "core/trace.h"

namespace mlstack::cli {
namespace {

bool write_all(int fd, std::string_view text) {
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool write_file_atomically(const std::string& path, std::string_view text, std::string* error) {
  std::size_t slash = path.rfind('/');
  std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    *error = fmt::format("{}: cannot write: is a directory", path);
    return false;
  }
  struct stat target {};
  bool exists = ::stat(path.c_str(), &target) == 0;
  if (exists && S_ISDIR(target.st_mode)) {
    *error = fmt::format("{}: cannot write: is a directory", path);
    return false;
  }
  if (exists && !S_ISREG(target.st_mode)) {
    // /dev/null, /dev/stdout, a FIFO: written to in place, never replaced.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      *error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
      return false;
    }
    bool written = write_all(fd, text);
    if (!written) *error = fmt::format("{}: write failed: {}", path, std::strerror(errno));
    ::close(fd);
    return written;
  }
  std::string temporary = (folder == "/" ? "" : folder) + "/." + name + ".mlstack-XXXXXX";
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    *error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    return false;
  }
  auto fail = [&](const char* what) {
    *error = fmt::format("{}: {}: {}", path, what, std::strerror(errno));
    ::close(fd);
    ::unlink(temporary.c_str());
    return false;
  };
  // mkstemp makes the file 0600; give it the mode a plain create would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) return fail("cannot write");
  if (!write_all(fd, text)) return fail("write failed");
  if (::close(fd) != 0) {
    *error = fmt::format("{}: write failed: {}", path, std::strerror(errno));
    ::unlink(temporary.c_str());
    return false;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    *error = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    ::unlink(temporary.c_str());
    return false;
  }
  return true;
}

void show_commands_run(env::RealSystem& system, const Context& context) {
  if (!context.options.verbose) return;
  system.on_run = [](const std::vector<std::string>& argv) {
    std::string line;
    for (const std::string& word : argv) {
      if (!line.empty()) line += ' ';
      // The interpreter snippet is long and fixed: name it instead of printing it.
      line += word.find('\n') != std::string::npos ? "<sys.path probe, env/python_probe.cpp>" : word;
    }
    std::fprintf(stderr, "mlstack: running %s\n", report::escape_controls(line, false).c_str());
  };
}

std::string project_root(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path folder = fs::is_directory(path, ec) ? fs::path(path) : fs::path(path).parent_path();
  fs::path absolute = fs::absolute(folder.empty() ? fs::path(".") : folder, ec);
  return ec ? folder.string() : absolute.lexically_normal().string();
}

ExitStatus finish(Context& context, const report::Document& document) {
  std::string text;
  trace::Phase render_phase("render");
  switch (context.options.format) {
    case Format::Json: text = report::render_json(document); break;
    case Format::Markdown: text = report::render_markdown(document); break;
    case Format::Html: text = report::render_html(document); break;
    case Format::Sarif: text = report::render_sarif(document); break;
    case Format::Text:
    case Format::Dot:  // verbs with a graph handle dot themselves
    case Format::Requirements:  // plan's install formats: plan handles them itself
    case Format::Pylock:
    case Format::Commands:
      text = report::render_text(document, {context.terminal_width(), context.use_color()});
      break;
  }
  if (trace::enabled())
    trace::note("output", fmt::format("{} bytes, {} findings", text.size(), document.findings.size()));
  std::string error;
  if (!context.write_output(text, &error)) {
    context.error(error);
    context.status = ExitStatus::Usage;
    return context.status;
  }
  bool input_error = std::any_of(document.findings.begin(), document.findings.end(), is_input_error);
  auto max = max_severity(document.findings);
  if (input_error) {
    context.status = ExitStatus::Usage;
  } else if (max && *max >= context.options.fail_on) {
    context.status = ExitStatus::Findings;
  } else {
    context.status = ExitStatus::Success;
  }
  return context.status;
}

}  // namespace mlstack::cli
