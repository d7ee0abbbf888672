// SPDX-License-Identifier: MIT
// What every verb shares: the global options and where output goes. A verb
// registers itself with add_<verb>_command(parent, context) and, when run,
// sets context.status.
#pragma once

#include <optional>
#include <string>

#include "cli/exit_status.h"
#include "core/finding.h"
#include "index/sources.h"

namespace CLI {
class App;
}

namespace mlstack::cli {

enum class Format { Text, Json, Markdown, Dot, Html, Sarif };

struct GlobalOptions {
  Format format = Format::Text;
  std::string output;        // empty: stdout
  std::string color = "auto";
  bool quiet = false;
  bool verbose = false;
  Severity fail_on = Severity::Error;
  // Package indexes (cli/index_session.h): --index-url, --extra-index-url,
  // --find-links, --no-index, --index-mirror, --offline, --refresh,
  // --cache-dir, --cert.
  index::IndexOptions index;
  bool offline = false;
  bool refresh = false;
  std::string cache_dir;
  std::string cert;
};

struct Context {
  GlobalOptions options;
  ExitStatus status = ExitStatus::Success;

  // Colour only on a terminal, never with NO_COLOR or when writing a file.
  bool use_color() const;
  // Writes a verb's rendered output to --output FILE or stdout. Fails with a
  // message naming the file.
  bool write_output(const std::string& text, std::string* error) const;
  // Prints a diagnostic to stderr (suppressed by --quiet unless it is an error).
  void warn(const std::string& message) const;
  void error(const std::string& message) const;
  // Terminal width for text tables (COLUMNS, the tty, else 100).
  int terminal_width() const;
};

}  // namespace mlstack::cli
