// SPDX-License-Identifier: MIT
#include "project/manifest/shell_lexer.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace mlstack::project {
namespace {

// Bounds that keep a hostile script from growing words without limit
// (`A=$A$A` repeated) or pattern operations from going quadratic.
constexpr std::size_t k_max_word = 64 * 1024;
constexpr std::size_t k_max_pattern_value = 1024;

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_identifier(std::string_view text) {
  if (text.empty() || !is_name_start(text[0])) return false;
  return std::all_of(text.begin(), text.end(), is_name_char);
}

// Where a word being built stands.
struct WordBuilder {
  ShellWord word;
  bool started = false;
  bool expanded = false;     // an expansion or quote came before the first '='
  std::size_t assign_eq = std::string::npos;  // index in text of an unquoted NAME= '='
};

class Lexer {
 public:
  Lexer(std::string_view text, ShellVariables& variables, std::size_t begin, std::size_t end)
      : m_text(text), m_variables(variables), m_pos(begin), m_end(std::min(end, text.size())) {}

  std::vector<ShellCommand> run() {
    while (m_pos < m_end) step();
    end_word();
    end_command();
    return std::move(m_commands);
  }

 private:
  char peek(std::size_t ahead = 0) const { return m_pos + ahead < m_end ? m_text[m_pos + ahead] : '\0'; }

  void start_word() {
    if (!m_word.started) {
      m_word = WordBuilder{};
      m_word.started = true;
      m_word.word.offset = m_pos;
    }
  }

  void step() {
    char c = peek();
    if (c == '\\' && peek(1) == '\n') {
      m_pos += 2;
      return;
    }
    if (c == '\\' && peek(1) == '\r' && peek(2) == '\n') {
      m_pos += 3;
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      end_word();
      ++m_pos;
      return;
    }
    if (c == '\n') {
      end_word();
      end_command();
      ++m_pos;
      skip_heredocs();
      return;
    }
    if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
      end_word();
      end_command();
      ++m_pos;
      if ((c == '&' || c == '|' || c == ';') && peek() == c) ++m_pos;
      return;
    }
    if (c == '#' && !m_word.started) {
      while (m_pos < m_end && peek() != '\n') ++m_pos;
      return;
    }
    if (c == '>' || c == '<') {
      redirection();
      return;
    }
    start_word();
    if (c == '\'') {
      std::size_t close = m_text.find('\'', m_pos + 1);
      if (close == std::string_view::npos || close >= m_end) close = m_end;
      m_word.word.text.append(m_text.substr(m_pos + 1, close - m_pos - 1));
      m_word.expanded = m_word.assign_eq == std::string::npos ? true : m_word.expanded;
      m_pos = std::min(close + 1, m_end);
      return;
    }
    if (c == '"') {
      double_quoted();
      return;
    }
    if (c == '\\') {
      if (m_pos + 1 < m_end) m_word.word.text += peek(1);
      m_pos += 2;
      return;
    }
    if (c == '$') {
      dollar(m_word.word);
      if (m_word.assign_eq == std::string::npos) m_word.expanded = true;
      return;
    }
    if (c == '`') {
      std::size_t close = m_text.find('`', m_pos + 1);
      if (close == std::string_view::npos || close >= m_end) close = m_end - 1;
      m_word.word.text.append(m_text.substr(m_pos, close - m_pos + 1));
      m_word.word.unresolved.push_back("`...`");
      m_pos = close + 1;
      return;
    }
    if (c == '=' && m_word.assign_eq == std::string::npos && !m_word.expanded &&
        is_identifier(m_word.word.text.ends_with("+") ? std::string_view(m_word.word.text).substr(0, m_word.word.text.size() - 1)
                                                      : std::string_view(m_word.word.text))) {
      m_word.assign_eq = m_word.word.text.size();
    }
    m_word.word.text += c;
    ++m_pos;
  }

  void double_quoted() {
    ++m_pos;
    while (m_pos < m_end && peek() != '"') {
      char c = peek();
      if (c == '\\' && (peek(1) == '"' || peek(1) == '\\' || peek(1) == '$' || peek(1) == '`')) {
        m_word.word.text += peek(1);
        m_pos += 2;
      } else if (c == '\\' && peek(1) == '\n') {
        m_pos += 2;
      } else if (c == '$') {
        dollar(m_word.word);
      } else if (c == '`') {
        std::size_t close = m_text.find('`', m_pos + 1);
        if (close == std::string_view::npos || close >= m_end) close = m_end - 1;
        m_word.word.text.append(m_text.substr(m_pos, close - m_pos + 1));
        m_word.word.unresolved.push_back("`...`");
        m_pos = close + 1;
      } else {
        m_word.word.text += c;
        ++m_pos;
      }
    }
    ++m_pos;  // the closing quote
    if (m_word.assign_eq == std::string::npos) m_word.expanded = true;
  }

  // Skips a balanced (...) starting at m_pos (which is at '('), quotes aware.
  std::size_t skip_parens(std::size_t pos) const {
    int depth = 0;
    while (pos < m_end) {
      char c = m_text[pos];
      if (c == '\'' || c == '"') {
        std::size_t close = m_text.find(c, pos + 1);
        pos = close == std::string_view::npos || close >= m_end ? m_end : close + 1;
        continue;
      }
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) return pos + 1;
      ++pos;
    }
    return m_end;
  }

  // $... at m_pos: appends the expansion to word.
  void dollar(ShellWord& word) {
    char next = peek(1);
    if (next == '(') {
      std::size_t end = skip_parens(m_pos + 1);
      word.text.append(m_text.substr(m_pos, end - m_pos));
      word.unresolved.push_back(peek(2) == '(' ? "$((...))" : "$(...)");
      m_pos = end;
      return;
    }
    if (next == '{') {
      std::size_t pos = m_pos + 2;
      int depth = 1;
      while (pos < m_end && depth > 0) {
        if (m_text[pos] == '{') ++depth;
        if (m_text[pos] == '}') --depth;
        ++pos;
      }
      std::string_view inner = m_text.substr(m_pos + 2, pos - m_pos - 3);
      std::string_view raw = m_text.substr(m_pos, pos - m_pos);
      m_pos = pos;
      braced(inner, raw, word);
      return;
    }
    if (is_name_start(next)) {
      std::size_t pos = m_pos + 1;
      while (pos < m_end && is_name_char(m_text[pos])) ++pos;
      std::string_view name = m_text.substr(m_pos + 1, pos - m_pos - 1);
      std::string_view raw = m_text.substr(m_pos, pos - m_pos);
      m_pos = pos;
      substitute(name, raw, word);
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(next)) || next == '@' || next == '*' || next == '#' ||
        next == '?' || next == '$' || next == '!' || next == '-') {
      word.text.append(m_text.substr(m_pos, 2));
      word.unresolved.push_back(std::string(m_text.substr(m_pos, 2)));
      m_pos += 2;
      return;
    }
    word.text += '$';
    ++m_pos;
  }

  // The value of `name`, or nullopt (noting why on the word).
  std::optional<std::string> lookup(std::string_view name, ShellWord& word, bool note_missing) {
    auto it = m_variables.find(name);
    if (it == m_variables.end() || !it->second.value) {
      if (note_missing) word.unresolved.emplace_back(name);
      return std::nullopt;
    }
    if (it->second.varies) {
      std::string note = fmt::format("{} is assigned different values in this script; the last one before here is used", name);
      if (std::find(word.notes.begin(), word.notes.end(), note) == word.notes.end()) word.notes.push_back(note);
    }
    return it->second.value;
  }

  void substitute(std::string_view name, std::string_view raw, ShellWord& word) {
    const std::optional<std::string> value = lookup(name, word, true);
    if (!value.has_value()) {
      word.text.append(raw);
    } else if (word.text.size() + value->size() > k_max_word) {
      word.unresolved.emplace_back(name);  // `A=$A$A` doubling: stop rather than grow without bound
      word.text.append(raw);
    } else {
      word.text.append(*value);
    }
  }

  // Expands a nested word (a default value or a pattern) in the current variables.
  std::string expand_nested(std::string_view text, ShellWord& word) {
    std::string composite(text);
    ShellVariables& variables = m_variables;
    Lexer inner(composite, variables, 0, composite.size());
    inner.start_word();
    while (inner.m_pos < inner.m_end) {
      char c = inner.peek();
      if (c == '$') inner.dollar(inner.m_word.word);
      else if (c == '\\' && inner.m_pos + 1 < inner.m_end) {
        inner.m_word.word.text += inner.peek(1);
        inner.m_pos += 2;
      } else if (c == '"' || c == '\'') {
        ++inner.m_pos;  // quotes inside ${...} only group
      } else {
        inner.m_word.word.text += c;
        ++inner.m_pos;
      }
    }
    for (auto& u : inner.m_word.word.unresolved) word.unresolved.push_back(u);
    return inner.m_word.word.text;
  }

  void braced(std::string_view inner, std::string_view raw, ShellWord& word) {
    if (inner.starts_with("#") && is_identifier(inner.substr(1))) {
      if (auto value = lookup(inner.substr(1), word, true)) word.text += std::to_string(value->size());
      else word.text.append(raw);
      return;
    }
    std::size_t name_end = 0;
    while (name_end < inner.size() && is_name_char(inner[name_end])) ++name_end;
    std::string_view name = inner.substr(0, name_end);
    std::string_view op = inner.substr(name_end);
    if (name.empty()) {
      word.text.append(raw);
      word.unresolved.emplace_back(raw);
      return;
    }
    if (op.empty()) return substitute(name, raw, word);
    auto value = lookup(name, word, false);
    auto missing = [&] {
      word.unresolved.emplace_back(name);
      word.text.append(raw);
    };
    // Defaults: ${N:-w} ${N-w} ${N:=w} ${N=w} ${N:+w} ${N+w}
    for (std::string_view prefix : {":-", "-", ":=", "=", ":+", "+"}) {
      if (!op.starts_with(prefix)) continue;
      std::string argument = expand_nested(op.substr(prefix.size()), word);
      bool colon = prefix.starts_with(":");
      bool set = value && (!colon || !value->empty());
      if (prefix.ends_with("+")) {
        word.text += set ? argument : std::string();
        return;
      }
      if (set) {
        word.text += *value;
        return;
      }
      // An unset variable that was never assigned here may still come from the
      // environment; the default is what the script falls back to.
      if (m_variables.find(name) != m_variables.end() && !m_variables.find(name)->second.value) {
        missing();
        return;
      }
      word.text += argument;
      if (prefix.ends_with("=")) {
        auto& variable = m_variables[std::string(name)];
        variable.value = argument;
        ++variable.assignments;
      }
      word.notes.push_back(fmt::format("{} is not set here; its default `{}` is used", name, argument));
      return;
    }
    if (!value) return missing();
    if (value->size() > k_max_pattern_value || word.text.size() + value->size() > k_max_word) {
      return missing();  // pattern operations are quadratic; real install variables are short
    }
    if (op == "^^" || op == ",,") {
      std::string out = *value;
      for (char& ch : out) ch = op == "^^" ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch)))
                                           : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      word.text += out;
      return;
    }
    if (op.starts_with("/")) {
      bool global = op.starts_with("//");
      std::string_view rest = op.substr(global ? 2 : 1);
      std::size_t slash = rest.find('/');
      std::string pattern = expand_nested(rest.substr(0, slash), word);
      std::string replacement = slash == std::string_view::npos ? std::string() : expand_nested(rest.substr(slash + 1), word);
      word.text += replace(*value, pattern, replacement, global);
      return;
    }
    if (op.starts_with("#") || op.starts_with("%")) {
      bool longest = op.size() >= 2 && op[1] == op[0];
      std::string pattern = expand_nested(op.substr(longest ? 2 : 1), word);
      word.text += trim_pattern(*value, pattern, op[0] == '#', longest);
      return;
    }
    if (op.starts_with(":")) {
      // ${N:offset} / ${N:offset:length} with literal numbers.
      std::string_view spec = op.substr(1);
      std::size_t colon = spec.find(':');
      try {
        long offset = std::stol(std::string(spec.substr(0, colon)));
        long length = colon == std::string_view::npos ? static_cast<long>(value->size())
                                                      : std::stol(std::string(spec.substr(colon + 1)));
        if (offset < 0) offset = std::max(0L, static_cast<long>(value->size()) + offset);
        if (static_cast<std::size_t>(offset) <= value->size() && length >= 0) {
          word.text += value->substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
          return;
        }
      } catch (const std::exception&) {
      }
    }
    word.text.append(raw);
    word.unresolved.emplace_back(raw);
  }

  static std::string replace(const std::string& value, const std::string& pattern, const std::string& replacement,
                             bool global) {
    if (pattern.empty()) return value;
    if (pattern.find_first_of("*?") == std::string::npos) {
      // A literal pattern: plain search, as `${CUDA_VERSION//./}` needs.
      std::string out;
      std::size_t pos = 0;
      while (true) {
        std::size_t hit = value.find(pattern, pos);
        if (hit == std::string::npos) break;
        out.append(value, pos, hit - pos);
        out += replacement;
        pos = hit + pattern.size();
        if (!global) break;
      }
      out.append(value, pos, std::string::npos);
      return out;
    }
    std::string out;
    std::size_t i = 0;
    bool done = false;
    while (i < value.size()) {
      std::size_t match = 0;
      if (!done) {
        // Longest match starting at i, as bash does.
        for (std::size_t len = value.size() - i; len > 0; --len) {
          if (shell_glob_match(pattern, std::string_view(value).substr(i, len))) {
            match = len;
            break;
          }
        }
      }
      if (match > 0) {
        out += replacement;
        i += match;
        if (!global) done = true;
      } else {
        out += value[i++];
      }
    }
    return out;
  }

  static std::string trim_pattern(const std::string& value, const std::string& pattern, bool prefix, bool longest) {
    std::string_view v = value;
    if (prefix) {
      for (std::size_t k = 0; k <= v.size(); ++k) {
        std::size_t len = longest ? v.size() - k : k;
        if (shell_glob_match(pattern, v.substr(0, len))) return std::string(v.substr(len));
      }
    } else {
      for (std::size_t k = 0; k <= v.size(); ++k) {
        std::size_t len = longest ? v.size() - k : k;
        if (shell_glob_match(pattern, v.substr(v.size() - len))) return std::string(v.substr(0, v.size() - len));
      }
    }
    return value;
  }

  void redirection() {
    // A file-descriptor number before the operator is not a word ("2>&1").
    if (m_word.started && !m_word.word.text.empty() &&
        std::all_of(m_word.word.text.begin(), m_word.word.text.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
      m_word = WordBuilder{};
    }
    end_word();
    char c = peek();
    ++m_pos;
    if (c == '<' && peek() == '<' && peek(1) != '<') {
      ++m_pos;
      bool strip_tabs = peek() == '-';
      if (strip_tabs) ++m_pos;
      while (peek() == ' ' || peek() == '\t') ++m_pos;
      std::size_t start = m_pos;
      while (m_pos < m_end && !std::isspace(static_cast<unsigned char>(peek())) && peek() != ';' && peek() != '&' && peek() != '|' && peek() != ')') ++m_pos;
      std::string delimiter(m_text.substr(start, m_pos - start));
      delimiter.erase(std::remove_if(delimiter.begin(), delimiter.end(), [](char ch) { return ch == '\'' || ch == '"' || ch == '\\'; }), delimiter.end());
      if (!delimiter.empty()) m_heredocs.emplace_back(delimiter, strip_tabs);
      return;
    }
    while (peek() == '>' || peek() == '<' || peek() == '|') ++m_pos;
    if (peek() == '&') {
      ++m_pos;
      while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '-') ++m_pos;
      if (m_pos < m_end && !std::isspace(static_cast<unsigned char>(peek()))) m_skip_next_word = true;
      return;
    }
    m_skip_next_word = true;
  }

  void skip_heredocs() {
    for (const auto& [delimiter, strip_tabs] : m_heredocs) {
      while (m_pos < m_end) {
        std::size_t end = m_text.find('\n', m_pos);
        if (end == std::string_view::npos || end > m_end) end = m_end;
        std::string_view line = m_text.substr(m_pos, end - m_pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (strip_tabs) {
          while (line.starts_with("\t")) line.remove_prefix(1);
        }
        m_pos = std::min(end + 1, m_end);
        if (line == delimiter) break;
      }
    }
    m_heredocs.clear();
  }

  void end_word() {
    if (!m_word.started) return;
    WordBuilder built = std::move(m_word);
    m_word = WordBuilder{};
    if (m_skip_next_word) {
      m_skip_next_word = false;
      return;
    }
    static constexpr std::string_view k_declarers[] = {"export", "local", "declare", "readonly", "typeset"};
    bool declarer = !m_command.words.empty() && m_assign_only &&
                    std::find(std::begin(k_declarers), std::end(k_declarers), m_command.words.front().text) != std::end(k_declarers);
    bool start = at_command_start();
    if (built.assign_eq != std::string::npos && (start || m_assign_only || declarer)) {
      assign(built, start);
      if (start) m_prefix_assignments.push_back(std::move(built.word));
      return;
    }
    if (start && !m_prefix_assignments.empty() && !is_keyword(built.word.text)) {
      // NAME=value cmd: the assignment only prefixed the command; undo it.
      for (auto it = m_undo.rbegin(); it != m_undo.rend(); ++it) {
        if (it->second) m_variables[it->first] = *it->second;
        else m_variables.erase(it->first);
      }
    }
    m_undo.clear();
    m_prefix_assignments.clear();
    if (start) {
      m_assign_only = std::find(std::begin(k_declarers), std::end(k_declarers), built.word.text) != std::end(k_declarers);
    }
    m_command.words.push_back(std::move(built.word));
  }

  static bool is_keyword(std::string_view word) {
    static constexpr std::string_view k_keywords[] = {"then", "else", "elif", "do", "if", "while", "until", "{", "!", "time"};
    return std::find(std::begin(k_keywords), std::end(k_keywords), word) != std::end(k_keywords);
  }

  // True while the command so far is only shell keywords (`then`, `do`, ...),
  // so that `then V=1` still assigns.
  bool at_command_start() const {
    return std::all_of(m_command.words.begin(), m_command.words.end(),
                       [](const ShellWord& w) { return is_keyword(w.text); });
  }

  void assign(const WordBuilder& built, bool start) {
    std::string name = built.word.text.substr(0, built.assign_eq);
    bool append = name.ends_with("+");
    if (append) name.pop_back();
    std::string value = built.word.text.substr(built.assign_eq + 1);
    auto it = m_variables.find(name);
    if (start) {
      m_undo.emplace_back(name, it == m_variables.end() ? std::nullopt : std::optional<ShellVariable>(it->second));
    }
    ShellVariable& variable = m_variables[name];
    std::optional<std::string> next;
    if (built.word.unresolved.empty()) next = append && variable.value ? *variable.value + value : value;
    if (next && next->size() > k_max_word) next.reset();
    if (variable.assignments > 0 && variable.value != next) variable.varies = true;
    variable.value = next;
    ++variable.assignments;
  }

  void end_command() {
    m_skip_next_word = false;
    if (m_command.words.empty()) {
      m_prefix_assignments.clear();
      m_undo.clear();
      m_assign_only = false;
      return;
    }
    // `for NAME in ...`: NAME takes each value in turn, so it is not static.
    if (m_command.words.size() >= 2 && m_command.words[0].text == "for") {
      auto& variable = m_variables[m_command.words[1].text];
      variable.value.reset();
      ++variable.assignments;
    }
    if (m_command.words.size() >= 2 && m_command.words[0].text == "read") {
      for (std::size_t i = 1; i < m_command.words.size(); ++i) {
        if (!m_command.words[i].text.starts_with("-")) m_variables[m_command.words[i].text].value.reset();
      }
    }
    m_commands.push_back(std::move(m_command));
    m_command = ShellCommand{};
    m_prefix_assignments.clear();
    m_undo.clear();
    m_assign_only = false;
  }

  std::string_view m_text;
  ShellVariables& m_variables;
  std::size_t m_pos;
  std::size_t m_end;
  WordBuilder m_word;
  ShellCommand m_command;
  std::vector<ShellCommand> m_commands;
  std::vector<ShellWord> m_prefix_assignments;
  std::vector<std::pair<std::string, std::optional<ShellVariable>>> m_undo;
  std::vector<std::pair<std::string, bool>> m_heredocs;
  bool m_skip_next_word = false;
  bool m_assign_only = false;  // the command so far is export/local/...: its NAME=value words assign
};

}  // namespace

bool shell_glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<ShellCommand> lex_shell(std::string_view text, ShellVariables& variables, std::size_t begin,
                                    std::size_t end) {
  return Lexer(text, variables, begin, end).run();
}

}  // namespace mlstack::project
