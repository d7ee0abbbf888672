// SPDX-License-Identifier: MIT
// Shell scripts and Dockerfiles: both become shell text of the same length as
// the file, so byte offsets (and so line:col) stay the file's own.
#include "project/manifest/shell_script.h"

#include <cctype>

#include "project/manifest/detail/line_index.h"
#include "project/manifest/detail/shell_text.h"
#include "project/manifest/install_command.h"
#include "project/manifest/shell_lexer.h"

namespace mlstack::project {
namespace detail {

void read_shell_text(const LineIndex& index, std::string_view shell, Manifest& manifest,
                     ShellVariables& variables, std::size_t begin, std::size_t end) {
  OriginAt origin_at = [&](std::size_t offset) {
    LineColumn lc = index.at(offset);
    return Origin::file(manifest.path, lc.line, lc.column);
  };
  for (const ShellCommand& command : lex_shell(shell, variables, begin, end)) {
    read_install_command(command, origin_at, manifest);
  }
}

}  // namespace detail

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Blanks [from, to) of `shell` except newlines.
void blank(std::string& shell, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < shell.size(); ++i) {
    if (shell[i] != '\n') shell[i] = ' ';
  }
}

// The Dockerfile as shell text: RUN bodies are commands, ENV/ARG assignments,
// everything else blank.
std::string dockerfile_as_shell(std::string_view text) {
  std::string shell(text);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t line_end = text.find('\n', pos);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::size_t first = pos;
    while (first < line_end && is_blank(text[first])) ++first;
    if (first == line_end || text[first] == '#') {
      pos = line_end + 1;
      continue;
    }
    // The instruction runs to the first line that does not end in a backslash.
    std::size_t end = line_end;
    std::size_t cursor = pos;
    while (true) {
      std::size_t e = text.find('\n', cursor);
      if (e == std::string_view::npos) e = text.size();
      std::size_t last = e;
      while (last > cursor && is_blank(text[last - 1])) --last;
      std::string_view line = text.substr(cursor, e - cursor);
      std::size_t lead = line.find_first_not_of(" \t");
      bool comment = cursor != pos && lead != std::string_view::npos && line[lead] == '#';
      if (comment) {
        // Docker drops comment lines inside an instruction; so must the shell.
        blank(shell, cursor, e);
        if (e < shell.size()) shell[e] = ' ';
      }
      end = e;
      if (e >= text.size() || (!comment && (last == cursor || text[last - 1] != '\\'))) break;
      cursor = e + 1;
    }
    std::size_t keyword_end = first;
    while (keyword_end < end && !std::isspace(static_cast<unsigned char>(text[keyword_end]))) ++keyword_end;
    std::string keyword(text.substr(first, keyword_end - first));
    for (char& c : keyword) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::size_t body = keyword_end;
    while (body < end && is_blank(text[body])) ++body;
    if (keyword == "RUN") {
      blank(shell, first, keyword_end);
      // RUN --mount=... --network=... flags belong to Docker.
      while (body + 1 < end && text[body] == '-' && text[body + 1] == '-') {
        std::size_t flag_end = body;
        while (flag_end < end && !std::isspace(static_cast<unsigned char>(text[flag_end]))) ++flag_end;
        blank(shell, body, flag_end);
        body = flag_end;
        while (body < end && is_blank(text[body])) ++body;
      }
      if (body < end && text[body] == '[') {
        // Exec form: a JSON array of words; drop the JSON punctuation.
        for (std::size_t i = body; i < end; ++i) {
          if (shell[i] == '[' || shell[i] == ']' || shell[i] == ',') shell[i] = ' ';
        }
      }
    } else if (keyword == "ENV" || keyword == "ARG") {
      blank(shell, first, keyword_end);
      std::string_view rest = text.substr(body, end - body);
      std::size_t name_end = rest.find_first_of(" \t=");
      if (name_end != std::string_view::npos && rest[name_end] != '=' && keyword == "ENV") {
        shell[body + name_end] = '=';  // legacy `ENV NAME value`
      } else if (name_end == std::string_view::npos || rest[name_end] != '=') {
        blank(shell, first, end);  // `ARG NAME`: the value comes from the build
      }
    } else {
      blank(shell, first, end);
    }
    // The instruction ends here whatever its body did (an unclosed quote stays inside).
    if (end < shell.size()) shell[end] = '\n';
    pos = end + 1;
  }
  return shell;
}

}  // namespace

Manifest parse_shell_script(std::string_view text, const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  manifest.kind = ManifestKind::ShellScript;
  ShellVariables variables;
  detail::read_shell_text(detail::LineIndex(text), text, manifest, variables, 0, text.size());
  return manifest;
}

Manifest parse_dockerfile(std::string_view text, const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  manifest.kind = ManifestKind::Dockerfile;
  std::string shell = dockerfile_as_shell(text);
  ShellVariables variables;
  detail::read_shell_text(detail::LineIndex(text), shell, manifest, variables, 0, shell.size());
  return manifest;
}

}  // namespace mlstack::project
