// SPDX-License-Identifier: MIT
#include "project/python/sys_path.h"

#include "project/python/literal.h"

namespace mlstack::project::python {
namespace {

using Tokens = std::span<const Token>;

// A path value while it is read: relative to its base, "" for the base itself.
struct PathValue {
  SysPathEntry::Base base = SysPathEntry::Base::File;
  std::string path;
  bool is_file = false;  // still names the file itself (`__file__`), not a folder
};

std::string join(const std::string& a, std::string_view b) {
  if (b.empty() || b == ".") return a;
  if (a.empty()) return std::string(b);
  return a + "/" + std::string(b);
}

class Reader {
 public:
  explicit Reader(Tokens t) : m_t(t) {}

  std::optional<PathValue> expression() {
    auto value = primary();
    if (!value) return std::nullopt;
    // Postfix: .parent, .parents[n], .resolve(), .absolute(); `/ "x"`.
    while (m_i < m_t.size()) {
      if (op(".") && name_at(1, "parent")) {
        m_i += 2;
        up(*value, 1);
      } else if (op(".") && name_at(1, "parents") && op_at(2, "[") && m_i + 4 < m_t.size() &&
                 m_t[m_i + 3].kind == TokenKind::Number && op_at(4, "]")) {
        int n = std::atoi(std::string(m_t[m_i + 3].text).c_str());
        m_i += 5;
        up(*value, n + 1);
      } else if (op(".") && (name_at(1, "resolve") || name_at(1, "absolute")) && op_at(2, "(") && op_at(3, ")")) {
        m_i += 4;
      } else if (op("/")) {
        ++m_i;
        auto right = primary();
        if (!right || right->base != SysPathEntry::Base::Cwd) return std::nullopt;
        value->path = join(folder(*value), right->path);
        value->is_file = false;
      } else {
        break;
      }
    }
    return value;
  }

  bool at_end() const { return m_i == m_t.size(); }

 private:
  std::optional<PathValue> primary() {
    if (m_i >= m_t.size()) return std::nullopt;
    const Token& t = m_t[m_i];
    if (t.kind == TokenKind::String) {
      auto text = string_literal_value(t.text);
      if (!text) return std::nullopt;
      ++m_i;
      // "%s/sub/dir" % x, "{}/sub/dir".format(x): the literal tail is what is known.
      if (op("%") || (op(".") && name_at(1, "format"))) {
        skip_rest();
        return tail(*text);
      }
      if (!text->empty() && (text->front() == '/' || text->front() == '~')) return std::nullopt;
      return PathValue{SysPathEntry::Base::Cwd, normal(*text), false};
    }
    if (t.is_name("__file__")) {
      ++m_i;
      return PathValue{SysPathEntry::Base::File, "", true};
    }
    // os.path.dirname(E) and friends; Path(E); str(E).
    std::string callee;
    std::size_t j = m_i;
    while (j < m_t.size() && m_t[j].kind == TokenKind::Name) {
      callee += m_t[j].text;
      if (j + 1 < m_t.size() && m_t[j + 1].is_op(".") && j + 2 < m_t.size() && m_t[j + 2].kind == TokenKind::Name) {
        callee += '.';
        j += 2;
      } else {
        ++j;
        break;
      }
    }
    if (callee.empty() || j >= m_t.size() || !m_t[j].is_op("(")) return std::nullopt;
    m_i = j + 1;
    auto arg = expression();
    if (!arg) return std::nullopt;
    auto close = [&]() -> bool {
      if (!op(")")) return false;
      ++m_i;
      return true;
    };
    if (callee == "os.path.dirname" || callee == "dirname" || callee == "osp.dirname" || callee == "path.dirname") {
      up(*arg, 1);
      return close() ? arg : std::nullopt;
    }
    if (callee == "os.path.abspath" || callee == "os.path.realpath" || callee == "os.path.normpath" ||
        callee == "osp.abspath" || callee == "osp.realpath" || callee == "abspath" || callee == "realpath" ||
        callee == "str" || callee == "Path" || callee == "pathlib.Path" || callee == "os.fspath")
      return close() ? arg : std::nullopt;
    if (callee == "os.path.join" || callee == "osp.join" || callee == "join") {
      while (op(",")) {
        ++m_i;
        auto part = expression();
        if (!part || part->base != SysPathEntry::Base::Cwd) return std::nullopt;
        arg->path = join(folder(*arg), part->path);
        arg->is_file = false;
      }
      return close() ? arg : std::nullopt;
    }
    return std::nullopt;
  }

  // "%s/PythonHelperTools/vqaTools" -> Any "PythonHelperTools/vqaTools".
  static std::optional<PathValue> tail(const std::string& format) {
    std::size_t cut = format.find_last_of("%{}");
    if (cut == std::string::npos) return std::nullopt;
    std::string rest = format.substr(cut + 1);
    while (!rest.empty() && rest.front() != '/') rest.erase(rest.begin());
    rest = normal(rest);
    if (rest.empty() || rest.find("..") != std::string::npos) return std::nullopt;
    return PathValue{SysPathEntry::Base::Any, rest, false};
  }

  static std::string normal(std::string p) {
    while (p.rfind("./", 0) == 0) p.erase(0, 2);
    while (!p.empty() && p.front() == '/') p.erase(p.begin());
    while (!p.empty() && p.back() == '/') p.pop_back();
    if (p == ".") p.clear();
    return p;
  }

  static std::string folder(const PathValue& v) { return v.is_file ? std::string() : v.path; }

  static void up(PathValue& v, int levels) {
    for (int k = 0; k < levels; ++k) {
      if (v.is_file) {
        v.is_file = false;  // dirname(__file__): the file's folder
        continue;
      }
      v.path = join(v.path, "..");
    }
  }

  void skip_rest() { m_i = m_t.size(); }
  bool op(std::string_view s) const { return m_i < m_t.size() && m_t[m_i].is_op(s); }
  bool op_at(std::size_t k, std::string_view s) const { return m_i + k < m_t.size() && m_t[m_i + k].is_op(s); }
  bool name_at(std::size_t k, std::string_view s) const { return m_i + k < m_t.size() && m_t[m_i + k].is_name(s); }

  Tokens m_t;
  std::size_t m_i = 0;
};

}  // namespace

std::optional<SysPathEntry> sys_path_entry(Tokens t) {
  // sys . path . insert ( N , X )  |  sys . path . append ( X )
  if (t.size() < 8 || !t[0].is_name("sys") || !t[1].is_op(".") || !t[2].is_name("path") || !t[3].is_op(".")) return std::nullopt;
  bool insert = t[4].is_name("insert");
  if ((!insert && !t[4].is_name("append")) || !t[5].is_op("(") || !t.back().is_op(")")) return std::nullopt;
  Tokens args = t.subspan(6, t.size() - 7);
  if (insert) {
    std::size_t comma = 0;
    while (comma < args.size() && !args[comma].is_op(",")) ++comma;
    if (comma >= args.size()) return std::nullopt;
    args = args.subspan(comma + 1);
  }
  Reader reader(args);
  auto value = reader.expression();
  if (!value || !reader.at_end()) return std::nullopt;
  if (value->is_file) return std::nullopt;  // the file itself is no folder
  return SysPathEntry{value->base, value->path, t[0].line};
}

}  // namespace mlstack::project::python
