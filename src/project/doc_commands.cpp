// SPDX-License-Identifier: MIT
#include "project/doc_commands.h"

#include <map>

#include "project/manifest/markdown_fences.h"

namespace mlstack::project {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_python_launch(std::string_view line) {
  for (std::string_view prefix : {"python ", "python3 ", "python3.", "python2 "}) {
    if (line.starts_with(prefix)) return true;
  }
  return false;
}

std::string parent_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

// "a/b" + "../c" -> "a/c"; nullopt when it climbs above the root.
std::optional<std::string> join(const std::string& base, std::string_view rel) {
  std::vector<std::string> parts;
  auto push = [&](std::string_view path) -> bool {
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t slash = path.find('/', start);
      std::string_view part = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.emplace_back(part);
      }
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return true;
  };
  if (!push(base) || !push(rel)) return std::nullopt;
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// Splits a line at `&&`, `||` and `;` outside quotes.
std::vector<std::string_view> segments(std::string_view line) {
  std::vector<std::string_view> out;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    else if (c == ';' || ((c == '&' || c == '|') && i + 1 < line.size() && line[i + 1] == c)) {
      out.push_back(trim(line.substr(start, i - start)));
      if (c != ';') ++i;
      start = i + 1;
    }
  }
  out.push_back(trim(line.substr(start)));
  return out;
}

std::string unquote(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '"' && c != '\'') out += c;
  return out;
}

// `$(dirname "$0")`, `$(dirname $0)`, `$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)`:
// an expression naming the script's own folder.
bool names_script_dir(std::string_view value) {
  return value.find("dirname") != std::string_view::npos &&
         (value.find("$0") != std::string_view::npos || value.find("BASH_SOURCE") != std::string_view::npos);
}

// The working folder of the commands of one file as it is read, and the
// `\` continuations of the command being collected.
class CommandCollector {
 public:
  CommandCollector(const std::string& file, bool markdown, std::vector<python::DocCommand>& out)
      : m_file(file), m_home(parent_of(file)), m_markdown(markdown), m_dir(markdown ? m_home : std::string()),
        m_from_ancestor(!markdown), m_out(out) {}

  void line(std::string_view text, std::uint32_t number) {
    text = trim(text);
    if (m_pending.empty()) {
      if (text.starts_with("$ ")) text.remove_prefix(2);
      m_pending = std::string(text);
      m_line = number;
    } else {
      m_pending += ' ';
      m_pending += text;
    }
    if (!m_pending.empty() && m_pending.back() == '\\') {
      m_pending.pop_back();
      return;
    }
    std::string command = std::move(m_pending);
    m_pending.clear();
    for (std::string_view segment : segments(command)) statement(segment);
  }

  // A blank line or the end of a code block ends a pending continuation.
  void reset() { m_pending.clear(); }
  // A new Markdown section starts from the document's own folder.
  void new_section() {
    reset();
    m_dir = m_home;
    m_dir_known = true;
    m_from_ancestor = false;
    m_stack.clear();
  }

 private:
  void statement(std::string_view s) {
    if (s.empty()) return;
    if (s.starts_with("cd ") || s == "cd" || s.starts_with("pushd ")) {
      std::string_view target = trim(s.substr(s.find(' ') == std::string_view::npos ? s.size() : s.find(' ')));
      if (s.starts_with("pushd ")) m_stack.push_back({m_dir, m_dir_known, m_from_ancestor});
      change_dir(target);
      return;
    }
    if (s == "popd" || s.starts_with("popd ")) {
      if (!m_stack.empty()) {
        m_dir = m_stack.back().dir;
        m_dir_known = m_stack.back().known;
        m_from_ancestor = m_stack.back().from_ancestor;
        m_stack.pop_back();
      } else {
        m_dir_known = false;
      }
      return;
    }
    if (!m_markdown) {
      // NAME=$(dirname "$0"): a variable naming the script's folder.
      auto eq = s.find('=');
      if (eq != std::string_view::npos && eq > 0 && s.find(' ') > eq && names_script_dir(s.substr(eq + 1)))
        m_script_dir_vars.emplace(std::string(s.substr(s.starts_with("export ") ? 7 : 0, eq)), true);
    }
    python_path(s);
    if (!is_python_launch(s)) return;
    std::string command(s);
    if (!m_markdown) command = expand_script_dir(command);
    m_out.push_back({command, m_file, m_line, m_dir, m_dir_known, m_from_ancestor});
  }

  // `export PYTHONPATH=$PYTHONPATH:$(pwd)`, `PYTHONPATH=./src python x.py`:
  // the folders it names, relative to where the commands run.
  void python_path(std::string_view s) {
    if (s.starts_with("export ")) s.remove_prefix(7);
    if (!s.starts_with("PYTHONPATH=")) return;
    s.remove_prefix(11);
    std::string value;
    char quote = 0;
    for (char c : s) {
      if (quote) {
        if (c == quote) quote = 0;
        else value += c;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ' ' || c == '\t') {
        break;
      } else {
        value += c;
      }
    }
    if (!m_dir_known) return;
    std::vector<std::string> dirs;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t colon = value.find(':', start);
      std::string entry = value.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      start = colon == std::string::npos ? value.size() + 1 : colon + 1;
      std::string rel;
      for (std::string_view here : {"$(pwd)/", "${PWD}/", "$PWD/", "`pwd`/"})
        if (entry.rfind(here, 0) == 0) entry = entry.substr(here.size());
      if (entry == "$(pwd)" || entry == "${PWD}" || entry == "$PWD" || entry == "`pwd`" || entry == "." || entry == "./") {
        rel = "";
      } else if (!m_markdown && names_script_dir(entry)) {
        std::string_view rest = std::string_view(entry).substr(entry.rfind(')') + 1);
        if (auto joined = join(m_home, rest)) dirs.push_back(*joined);
        continue;
      } else if (entry.empty() || entry.find('$') != std::string::npos || entry.front() == '/' || entry.front() == '~') {
        continue;  // the inherited PYTHONPATH, another variable, a folder outside the project
      } else {
        rel = entry;
      }
      if (m_from_ancestor) {
        // Wherever the script is started: each folder from its own up to the root.
        std::string anc = m_home;
        while (true) {
          if (auto joined = join(anc, m_dir)) {
            if (auto full = join(*joined, rel)) dirs.push_back(*full);
          }
          if (anc.empty()) break;
          anc = parent_of(anc);
        }
      } else if (auto joined = join(m_dir, rel)) {
        dirs.push_back(*joined);
      }
    }
    if (!dirs.empty()) m_out.push_back({"", m_file, m_line, m_dir, m_dir_known, m_from_ancestor, std::move(dirs)});
  }

  void change_dir(std::string_view target) {
    std::string t = unquote(target);
    if (!t.empty() && t.back() == '/') t.pop_back();
    if (!m_markdown && names_script_dir(t)) {
      // cd "$(dirname "$0")" or "$(dirname "$0")/..": the script's folder, and what follows it.
      std::string_view rest = std::string_view(t).substr(t.rfind(')') == std::string::npos ? t.size() : t.rfind(')') + 1);
      auto joined = join(m_home, rest);
      m_dir = joined ? *joined : std::string();
      m_dir_known = joined.has_value();
      m_from_ancestor = false;
      return;
    }
    if (t.empty() || t == "~" || t.front() == '/' || t.front() == '~' || t.front() == '$' || t == "-" ||
        t.find('$') != std::string::npos || t.find('`') != std::string::npos) {
      m_dir_known = false;  // home, an absolute path, a variable: a folder the project does not fix
      return;
    }
    if (!m_dir_known) return;
    auto joined = join(m_dir, t);
    if (!joined) m_dir_known = false;
    else m_dir = *joined;
  }

  // `python $SCRIPT_DIR/x.py` and `python "$(dirname "$0")"/x.py` with the
  // script's folder written out (relative to the root).
  std::string expand_script_dir(std::string command) const {
    std::vector<std::string> forms = {"$(dirname \"$0\")", "$(dirname $0)", "\"$(dirname \"$0\")\""};
    for (const auto& [name, _] : m_script_dir_vars) {
      forms.push_back("${" + name + "}");
      forms.push_back("\"${" + name + "}\"");
      forms.push_back("\"$" + name + "\"");
      forms.push_back("$" + name);
    }
    std::string home = m_home.empty() ? "." : m_home;
    for (const std::string& form : forms) {
      for (std::size_t at = command.find(form + "/"); at != std::string::npos; at = command.find(form + "/", at)) {
        command.replace(at, form.size(), home);
        at += home.size();
      }
    }
    return command;
  }

  std::string m_file;
  std::string m_home;  // the file's own folder
  bool m_markdown;
  std::string m_dir;
  bool m_dir_known = true;
  bool m_from_ancestor;  // m_dir is relative to wherever the script was started
  struct Saved {
    std::string dir;
    bool known;
    bool from_ancestor;
  };
  std::vector<Saved> m_stack;  // pushd
  std::map<std::string, bool> m_script_dir_vars;
  std::vector<python::DocCommand>& m_out;
  std::string m_pending;
  std::uint32_t m_line = 0;
};

bool is_heading(std::string_view line) {
  std::size_t hashes = 0;
  while (hashes < line.size() && hashes < 7 && line[hashes] == '#') ++hashes;
  return hashes >= 1 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ');
}

}  // namespace

void commands_in(const std::string& text, const std::string& file, bool markdown, std::vector<python::DocCommand>& out) {
  CommandCollector collector(file, markdown, out);
  if (markdown) {
    MarkdownLines lines(text);
    MarkdownLine line;
    while (lines.next(line)) {
      // A blank line ends a command as in the shell; console output lines
      // never come while a `\` continuation is pending (the fence reader
      // hands those over as commands). A heading starts a new section, whose
      // commands run from the README's own folder again.
      if (line.kind == MarkdownLine::Kind::Prose && is_heading(line.text)) collector.new_section();
      else if (line.kind != MarkdownLine::Kind::Code) collector.reset();
      else if (line.shell) collector.line(line.command, line.number);
    }
    return;
  }
  std::size_t start = 0;
  std::uint32_t number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    collector.line(std::string_view(text).substr(start, end - start), ++number);
    start = end + 1;
  }
}

}  // namespace mlstack::project
