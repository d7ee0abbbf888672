// SPDX-License-Identifier: MIT
#include "pep/marker.h"

#include <optional>

#include "pep/detail/cursor.h"
#include "pep/detail/python_string.h"
#include "pep/detail/text.h"
#include "pep/name.h"
#include "pep/specifier.h"

namespace mlstack::pep {

namespace {

using detail::Cursor;
using detail::Token;

bool requires_version(std::string_view key) {
  return key == "python_version" || key == "python_full_version" || key == "platform_release" ||
         key == "implementation_version";
}

bool is_set_variable(std::string_view key) { return key == "extras" || key == "dependency_groups"; }

// One comparison. A side is a variable (its normalised name) or a literal.
struct Item {
  bool lhs_is_variable = false;
  std::string lhs;
  std::string op;
  bool rhs_is_variable = false;
  std::string rhs;
  // Precomputed Specifier(op + rhs) when the variable is on the left and
  // holds a version: the common case, parsed once instead of per evaluation.
  std::optional<Specifier> spec;
};

// A marker list: atoms joined by and/or. An atom is an item or a nested list.
struct Node {
  int item = -1;  // >= 0: this node is Tree::items[item]
  std::vector<Node> children;
  std::vector<char> is_or;  // is_or[i]: the operator before children[i + 1] is "or"
};

}  // namespace

struct Marker::Tree {
  std::vector<Item> items;
  Node root;
};

namespace {

class Parser {
 public:
  Parser(Cursor& cursor, Marker::Tree& tree) : m_cursor(cursor), m_tree(tree) {}

  // marker = marker_atom (BOOLOP marker_atom)*
  Node marker() {
    Node list;
    list.children.push_back(atom());
    std::string_view op;
    while (!m_cursor.failed() && m_cursor.consume(Token::BoolOp, &op)) {
      list.is_or.push_back(op == "or");
      list.children.push_back(atom());
    }
    return list;
  }

 private:
  // marker_atom = WS? "(" WS? marker WS? ")" WS? | WS? marker_item WS?
  Node atom() {
    m_cursor.consume(Token::Whitespace);
    Node node;
    if (m_cursor.check(Token::LeftParenthesis)) {
      std::size_t open = m_cursor.position();
      // Bounded recursion: deep nesting is refused instead of exhausting the
      // stack (found by fuzz_marker; packaging hits Python's recursion limit).
      if (m_depth >= k_max_depth) {
        m_cursor.fail("Too many nested parentheses (more than " + std::to_string(k_max_depth) + ")", open, open + 1);
        return node;
      }
      ++m_depth;
      m_cursor.consume(Token::LeftParenthesis);
      m_cursor.consume(Token::Whitespace);
      node = marker();
      m_cursor.consume(Token::Whitespace);
      if (!m_cursor.consume(Token::RightParenthesis)) {
        m_cursor.fail("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression", open,
                      m_cursor.position());
      }
      --m_depth;
    } else {
      node.item = item();
    }
    m_cursor.consume(Token::Whitespace);
    return node;
  }

  // marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
  int item() {
    Item it;
    m_cursor.consume(Token::Whitespace);
    it.lhs_is_variable = var(&it.lhs);
    m_cursor.consume(Token::Whitespace);
    op(&it.op);
    m_cursor.consume(Token::Whitespace);
    it.rhs_is_variable = var(&it.rhs);
    m_cursor.consume(Token::Whitespace);
    // PEP 685: extra (and extras / dependency_groups) names compare normalised.
    auto names_extras = [](const std::string& name) { return name == "extra" || is_set_variable(name); };
    if (it.lhs_is_variable && names_extras(it.lhs) && !it.rhs_is_variable) it.rhs = canonicalize_name(it.rhs);
    if (it.rhs_is_variable && names_extras(it.rhs) && !it.lhs_is_variable) it.lhs = canonicalize_name(it.lhs);
    if (it.lhs_is_variable && !it.rhs_is_variable && requires_version(it.lhs)) {
      auto spec = Specifier::parse(it.op + it.rhs);
      if (spec) it.spec = std::move(*spec);
    }
    m_tree.items.push_back(std::move(it));
    return static_cast<int>(m_tree.items.size() - 1);
  }

  // marker_var = VARIABLE | QUOTED_STRING; returns true for a variable.
  bool var(std::string* out) {
    std::string_view text;
    if (m_cursor.consume(Token::Variable, &text)) {
      std::string name(text);
      for (char& c : name) {
        if (c == '.') c = '_';
      }
      if (name == "python_implementation") name = "platform_python_implementation";
      *out = std::move(name);
      return true;
    }
    std::size_t at = m_cursor.position();
    if (m_cursor.consume(Token::QuotedString, &text)) {
      if (!detail::decode_python_string(text, out)) m_cursor.fail("Invalid quoted string", at, at + text.size());
      return false;
    }
    m_cursor.fail_here("Expected a marker variable or quoted string");
    return false;
  }

  // marker_op = IN | NOT WS IN | OP
  void op(std::string* out) {
    std::string_view text;
    if (m_cursor.consume(Token::In)) {
      *out = "in";
    } else if (m_cursor.consume(Token::Not)) {
      m_cursor.expect(Token::Whitespace, "whitespace after 'not'");
      m_cursor.expect(Token::In, "'in' after 'not'");
      *out = "not in";
    } else if (m_cursor.consume(Token::Op, &text)) {
      *out = std::string(text);
    } else {
      m_cursor.fail_here("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
    }
  }

  static constexpr int k_max_depth = 100;
  Cursor& m_cursor;
  Marker::Tree& m_tree;
  int m_depth = 0;
};

// ---------------------------------------------------------------------------
// Evaluation

struct Evaluation {
  const MarkerEnvironment& env;
  std::string_view extra;  // the current "extra", normalised
  std::string error;

  // A variable's value: a string, or (for extras / dependency_groups) a set.
  bool lookup(const std::string& key, std::string_view* text, const std::set<std::string>** set) {
    *set = nullptr;
    if (key == "extra") {
      *text = extra;
      return true;
    }
    if (auto it = env.sets.find(key); it != env.sets.end()) {
      *set = &it->second;
      return true;
    }
    if (auto it = env.values.find(key); it != env.values.end()) {
      *text = it->second;
      return true;
    }
    if (error.empty()) error = "UndefinedEnvironmentName: " + detail::python_repr(key);
    return false;
  }

  void undefined(const Item& item, std::string_view lhs, std::string_view rhs) {
    if (error.empty()) {
      error = "UndefinedComparison: Undefined " + detail::python_repr(item.op) + " on " + detail::python_repr(lhs) +
              " and " + detail::python_repr(rhs) + ".";
    }
  }

  bool item(const Item& it) {
    std::string_view lhs, rhs;
    const std::set<std::string>* lhs_set = nullptr;
    const std::set<std::string>* rhs_set = nullptr;
    const std::string* key = nullptr;
    if (it.lhs_is_variable) {
      key = &it.lhs;
      if (!lookup(it.lhs, &lhs, &lhs_set)) return false;
      rhs = it.rhs;
    } else {
      key = &it.rhs;
      lhs = it.lhs;
      if (!lookup(it.rhs, &rhs, &rhs_set)) return false;
    }
    if (lhs_set != nullptr) {
      undefined(it, "<set>", rhs);
      return false;
    }
    std::string repaired;
    if (*key == "python_full_version" && !it.lhs_is_variable && !rhs.empty() && rhs.back() == '+') {
      repaired = std::string(rhs) + "local";
      rhs = repaired;
    } else if (*key == "python_full_version" && it.lhs_is_variable && !lhs.empty() && lhs.back() == '+') {
      repaired = std::string(lhs) + "local";
      lhs = repaired;
    }
    if (is_set_variable(*key)) {
      std::string canonical_lhs = canonicalize_name(lhs);
      if (rhs_set != nullptr) {
        bool found = false;
        for (const std::string& value : *rhs_set) found = found || canonicalize_name(value) == canonical_lhs;
        if (it.op == "in") return found;
        if (it.op == "not in") return !found;
        if (it.op == "<" || it.op == ">" || it.op == "<=" || it.op == ">=" || it.op == "==") return false;
        if (it.op == "!=") return true;
        undefined(it, lhs, "<set>");
        return false;
      }
      return compare_strings(it, canonical_lhs, canonicalize_name(rhs));
    }
    if (requires_version(*key) && rhs_set == nullptr) {
      if (it.spec) return it.spec->contains(lhs, true);
      if (!it.lhs_is_variable || it.rhs_is_variable) {
        auto spec = Specifier::parse(it.op + std::string(rhs));
        if (spec) return spec->contains(lhs, true);
      }
    }
    return compare_strings(it, lhs, rhs);
  }

  bool compare_strings(const Item& it, std::string_view lhs, std::string_view rhs) {
    const std::string& op = it.op;
    if (op == "in") return rhs.find(lhs) != std::string_view::npos;
    if (op == "not in") return rhs.find(lhs) == std::string_view::npos;
    if (op == "==" || op == "<=" || op == ">=") return lhs == rhs;
    if (op == "!=") return lhs != rhs;
    if (op == "<" || op == ">") return false;
    undefined(it, lhs, rhs);
    return false;
  }

  // Every item is evaluated, as packaging does, so that an undefined
  // comparison anywhere is reported even when the result is already known.
  bool list(const Marker::Tree& tree, const Node& node) {
    bool any_group = false;
    bool group = true;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (i > 0 && node.is_or[i - 1]) {
        any_group = any_group || group;
        group = true;
      }
      const Node& child = node.children[i];
      bool value = child.item >= 0 ? item(tree.items[static_cast<std::size_t>(child.item)]) : list(tree, child);
      group = group && value;
    }
    return any_group || group;
  }
};

// ---------------------------------------------------------------------------
// Printing, as packaging's _format_marker.

void format_item(const Item& it, std::string* out) {
  auto side = [&](bool is_variable, const std::string& text) {
    // Values print in double quotes, or single quotes when they hold one.
    char quote = text.find('"') == std::string::npos ? '"' : '\'';
    if (is_variable) {
      *out += text;
    } else {
      *out += quote;
      *out += text;
      *out += quote;
    }
  };
  side(it.lhs_is_variable, it.lhs);
  *out += ' ';
  *out += it.op;
  *out += ' ';
  side(it.rhs_is_variable, it.rhs);
}

void format(const Marker::Tree& tree, const Node& node, bool first, std::string* out) {
  if (node.item >= 0) {
    format_item(tree.items[static_cast<std::size_t>(node.item)], out);
    return;
  }
  // A one-atom list prints as its atom: "((a or b))" keeps one pair.
  if (node.children.size() == 1) {
    format(tree, node.children[0], first, out);
    return;
  }
  if (!first) *out += '(';
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) *out += node.is_or[i - 1] ? " or " : " and ";
    format(tree, node.children[i], false, out);
  }
  if (!first) *out += ')';
}

}  // namespace

Marker detail::parse_marker_at(Cursor& cursor) {
  auto tree = std::make_shared<Marker::Tree>();
  Parser parser(cursor, *tree);
  tree->root = parser.marker();
  Marker marker;
  marker.m_tree = std::move(tree);
  return marker;
}

Expected<Marker, ParseError> Marker::parse(std::string_view text) {
  Cursor cursor(text);
  Marker marker = detail::parse_marker_at(cursor);
  cursor.expect(Token::End, "end of marker expression");
  if (cursor.failed()) return unexpected(cursor.error());
  return marker;
}

Expected<bool, std::string> Marker::evaluate_checked(const MarkerEnvironment& environment) const {
  if (!m_tree) return false;
  auto run = [&](std::string_view extra) -> Expected<bool, std::string> {
    Evaluation evaluation{environment, extra, {}};
    bool result = evaluation.list(*m_tree, m_tree->root);
    if (!evaluation.error.empty()) return unexpected(std::move(evaluation.error));
    return result;
  };
  if (!environment.extras.empty()) {
    bool any = false;
    for (const std::string& extra : environment.extras) {
      auto result = run(canonicalize_name(extra));
      if (!result) return result;
      any = any || *result;
    }
    return any;
  }
  auto it = environment.values.find("extra");
  if (it == environment.values.end() || it->second.empty()) return run("");
  return run(canonicalize_name(it->second));
}

bool Marker::evaluate(const MarkerEnvironment& environment) const {
  auto result = evaluate_checked(environment);
  return result && *result;
}

std::string Marker::str() const {
  std::string out;
  if (m_tree) format(*m_tree, m_tree->root, true, &out);
  return out;
}

MarkerEnvironment marker_environment(const Platform& platform) {
  MarkerEnvironment env;
  auto& v = env.values;
  bool windows = platform.os == "windows";
  bool macos = platform.os == "macos";
  v["os_name"] = windows ? "nt" : "posix";
  v["sys_platform"] = windows ? "win32" : macos ? "darwin" : platform.os;
  v["platform_system"] = windows ? "Windows" : macos ? "Darwin" : platform.os == "linux" ? "Linux" : platform.os;
  std::string machine = platform.arch;
  if (windows && machine == "x86_64") machine = "AMD64";
  if (windows && machine == "aarch64") machine = "ARM64";
  if (macos && machine == "aarch64") machine = "arm64";
  v["platform_machine"] = machine;
  v["platform_release"] = "";
  v["platform_version"] = "";
  bool pypy = platform.python_implementation == "pypy";
  v["implementation_name"] = pypy ? "pypy" : platform.python_implementation;
  v["platform_python_implementation"] = pypy ? "PyPy" : platform.python_implementation == "cpython" ? "CPython"
                                                                                                      : platform.python_implementation;
  if (platform.python_version) {
    std::span<const uint64_t> release = platform.python_version->release();
    uint64_t major = release[0], minor = release.size() > 1 ? release[1] : 0, micro = release.size() > 2 ? release[2] : 0;
    std::string full = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(micro);
    if (auto pre = platform.python_version->pre()) full += std::string(to_string(pre->first)) + std::to_string(pre->second);
    v["python_version"] = std::to_string(major) + "." + std::to_string(minor);
    v["python_full_version"] = full;
    // CPython's implementation version is its language version; PyPy's is
    // its own release, which a Platform does not carry.
    if (!pypy) v["implementation_version"] = full;
  }
  return env;
}

}  // namespace mlstack::pep
