// SPDX-License-Identifier: MIT
#include "project/python/static_value.h"

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "project/python/literal.h"

namespace mlstack::project::python {

namespace {

constexpr int k_max_depth = 100;

bool is_open(const Token& t) {
  return t.kind == TokenKind::Op && (t.text == "(" || t.text == "[" || t.text == "{");
}
bool is_close(const Token& t) {
  return t.kind == TokenKind::Op && (t.text == ")" || t.text == "]" || t.text == "}");
}

bool is_binary_operator(const Token& t) {
  if (t.kind == TokenKind::Name)
    return t.text == "and" || t.text == "or" || t.text == "in" || t.text == "is" || t.text == "not";
  if (t.kind != TokenKind::Op) return false;
  static constexpr std::string_view k_ops[] = {"+", "-", "*", "/", "//", "%", "@", "|", "&", "^", "<<", ">>",
                                                "**", "<", ">", "==", "!=", "<=", ">="};
  for (std::string_view op : k_ops)
    if (t.text == op) return true;
  return false;
}

// Callees whose call is itself the value of interest (a description of an
// extension or of the package), matched on the last dotted component.
bool is_modelled_call(std::string_view dotted) {
  std::string_view last = dotted.substr(dotted.rfind('.') + 1);
  return last == "setup" || last == "Extension" || last == "CUDAExtension" || last == "CppExtension" ||
         last == "Pybind11Extension" || last == "SYCLExtension";
}

StaticValue unknown(std::string reason, std::string text, const Token& at) {
  StaticValue v;
  v.reason = std::move(reason);
  v.text = std::move(text);
  v.line = at.line;
  v.column = at.column;
  return v;
}

class Evaluator {
 public:
  Evaluator(std::span<const Token> tokens, const Bindings& bindings, std::string_view source)
      : m_tokens(tokens), m_bindings(bindings), m_source(source) {}

  StaticValue run() {
    if (m_tokens.empty()) return StaticValue{};
    StaticValue v = tuple_or_expression();
    return v;
  }

 private:
  bool at_end() const { return m_pos >= m_tokens.size(); }
  const Token& peek() const { return m_tokens[m_pos < m_tokens.size() ? m_pos : m_tokens.size() - 1]; }
  bool peek_op(std::string_view op) const { return !at_end() && m_tokens[m_pos].is_op(op); }
  bool peek_name(std::string_view n) const { return !at_end() && m_tokens[m_pos].is_name(n); }

  std::string text_from(std::size_t first) const {
    std::size_t last = m_pos > first ? m_pos - 1 : first;
    return source_text(m_tokens.subspan(first, last - first + 1), m_source);
  }

  // Skips to the next top-level `,` or closing bracket (or the end).
  void skip_element() {
    int depth = 0;
    while (!at_end()) {
      const Token& t = m_tokens[m_pos];
      if (is_open(t)) ++depth;
      else if (is_close(t)) { if (depth == 0) return; --depth; }
      else if (depth == 0 && t.is_op(",")) return;
      ++m_pos;
    }
  }
  // Skips to the closing bracket of the current display (not consuming it).
  void skip_to_close() {
    int depth = 0;
    while (!at_end()) {
      const Token& t = m_tokens[m_pos];
      if (is_open(t)) ++depth;
      else if (is_close(t)) { if (depth == 0) return; --depth; }
      ++m_pos;
    }
  }
  void expect_close(std::string_view close) {
    if (peek_op(close)) ++m_pos;
  }

  StaticValue tuple_or_expression() {
    std::size_t first = m_pos;
    StaticValue v = ternary();
    if (!peek_op(",")) return v;
    StaticValue tuple;
    tuple.kind = StaticValue::Kind::List;
    tuple.line = m_tokens[first].line;
    tuple.column = m_tokens[first].column;
    tuple.items.push_back(std::move(v));
    while (peek_op(",")) {
      ++m_pos;
      if (at_end() || is_close(peek())) break;
      std::size_t before = m_pos;
      tuple.items.push_back(ternary());
      if (m_pos == before) ++m_pos;
    }
    return tuple;
  }

  StaticValue ternary() {
    std::size_t first = m_pos;
    if (peek_name("lambda")) {
      skip_element();
      return unknown("lambda", text_from(first), m_tokens[first]);
    }
    StaticValue v = binary();
    if (peek_name("if")) {
      skip_element();
      return unknown("conditional expression", text_from(first), m_tokens[first]);
    }
    if (peek_name("for") || peek_name("async")) {
      skip_element();
      return unknown("comprehension", text_from(first), m_tokens[first]);
    }
    if (peek_op(":=")) {
      ++m_pos;
      return ternary();
    }
    return v;
  }

  static StaticValue concatenate(StaticValue a, StaticValue b, const std::string& text, const Token& at) {
    using K = StaticValue::Kind;
    if (a.kind == K::String && b.kind == K::String) {
      if (a.text.size() + b.text.size() > k_max_static_string) return over_budget(at);
      a.text += b.text;
      return a;
    }
    if (a.kind == K::List && b.kind == K::List) {
      if (a.items.size() + b.items.size() > k_max_static_nodes) return over_budget(at);
      for (auto& item : b.items) {
        if (b.conditional && !item.conditional) {
          item.conditional = true;
          item.condition_line = b.condition_line;
        }
        a.items.push_back(std::move(item));
      }
      return a;
    }
    const StaticValue& bad = a.kind == K::Unknown ? a : b;
    std::string reason = bad.kind == K::Unknown ? bad.reason : "`+` of " + std::string(to_string(a.kind)) +
                                                                   " and " + to_string(b.kind);
    StaticValue out = unknown(reason, text, at);
    // Keep what is known on both sides, for callers that look inside.
    out.items.push_back(std::move(a));
    out.items.push_back(std::move(b));
    return out;
  }

  StaticValue binary() {
    std::size_t first = m_pos;
    StaticValue v = unary();
    while (!at_end() && is_binary_operator(peek())) {
      const Token& op = peek();
      ++m_pos;
      if (op.is_name("not") && peek_name("in")) ++m_pos;
      if (op.is_name("is") && peek_name("not")) ++m_pos;
      StaticValue rhs = unary();
      if (op.is_op("+")) {
        v = concatenate(std::move(v), std::move(rhs), text_from(first), m_tokens[first]);
      } else {
        v = unknown("expression with `" + std::string(op.text) + "`", text_from(first), m_tokens[first]);
      }
    }
    return v;
  }

  StaticValue unary() {
    std::size_t first = m_pos;
    if (at_end()) return StaticValue{};
    // Every nested expression (brackets, call arguments, subscripts, unary
    // operators) passes through here: the one place to bound the recursion.
    if (++m_depth > k_max_depth) {
      m_pos = m_tokens.size();
      m_limit = fmt::format("nested more than {} levels deep", k_max_depth);
      return unknown(m_limit, "", m_tokens[first]);
    }
    struct DepthGuard { int& d; ~DepthGuard() { --d; } } guard{m_depth};
    const Token& t = peek();
    if (t.is_op("-") || t.is_op("+") || t.is_op("~") || t.is_name("not") || t.is_name("await")) {
      ++m_pos;
      StaticValue operand = unary();
      if (t.is_op("-") && operand.kind == StaticValue::Kind::Number) {
        operand.text = "-" + operand.text;
        return operand;
      }
      return unknown("expression with `" + std::string(t.text) + "`", text_from(first), t);
    }
    return postfix();
  }

  StaticValue postfix() {
    std::size_t first = m_pos;
    std::string dotted = !at_end() && peek().kind == TokenKind::Name ? std::string(peek().text) : std::string();
    StaticValue v = primary();
    while (!at_end()) {
      if (peek_op(".") && m_pos + 1 < m_tokens.size() && m_tokens[m_pos + 1].kind == TokenKind::Name) {
        if (!dotted.empty()) dotted += "." + std::string(m_tokens[m_pos + 1].text);
        m_pos += 2;
        v = unknown("attribute of a value", text_from(first), m_tokens[first]);
      } else if (peek_op("(")) {
        ++m_pos;
        StaticValue call = arguments();
        expect_close(")");
        call.line = m_tokens[first].line;
        call.column = m_tokens[first].column;
        v = make_call(dotted, std::move(call), text_from(first));
        dotted.clear();
      } else if (peek_op("[")) {
        ++m_pos;
        StaticValue index = tuple_or_expression();
        skip_to_close();
        expect_close("]");
        v = subscript(std::move(v), index, text_from(first), m_tokens[first]);
        dotted.clear();
      } else {
        break;
      }
    }
    return v;
  }

  StaticValue make_call(const std::string& dotted, StaticValue call, std::string text) {
    using K = StaticValue::Kind;
    if (dotted == "dict") {
      call.kind = K::Dict;
      call.items.clear();
      return call;
    }
    if ((dotted == "list" || dotted == "tuple") && call.items.size() == 1 && call.items[0].kind == K::List)
      return std::move(call.items[0]);
    if (!dotted.empty() && is_modelled_call(dotted)) {
      call.kind = K::Call;
      call.text = dotted;
      return call;
    }
    call.kind = K::Unknown;
    call.opaque_call = true;
    call.reason = dotted.empty() ? "result of a call" : "result of " + dotted + "()";
    // A limit hit inside the arguments is the reason that matters (`list(list(...))` 10,000 deep).
    for (const StaticValue& item : call.items)
      if (item.kind == K::Unknown && item.reason.starts_with("nested more than")) call.reason = item.reason;
    call.text = std::move(text);
    return call;
  }

  static StaticValue subscript(StaticValue v, const StaticValue& index, std::string text, const Token& at) {
    using K = StaticValue::Kind;
    if (v.kind == K::List && index.kind == K::Number) {
      long i = std::strtol(index.text.c_str(), nullptr, 0);
      long n = static_cast<long>(v.items.size());
      if (i < 0) i += n;
      if (i >= 0 && i < n) return std::move(v.items[static_cast<std::size_t>(i)]);
    }
    if (v.kind == K::Dict && index.kind == K::String)
      if (const StaticValue* e = v.find(index.text)) return *e;
    return unknown("subscript", std::move(text), at);
  }

  // Call arguments after `(`: positional into items, keywords into entries.
  StaticValue arguments() {
    StaticValue call;
    while (!at_end() && !peek_op(")")) {
      std::size_t before = m_pos;
      if (peek_op("*") || peek_op("**")) {
        bool dict = peek_op("**");
        ++m_pos;
        StaticValue spread = ternary();
        if (!dict && spread.kind == StaticValue::Kind::List) {
          for (auto& item : spread.items) call.items.push_back(std::move(item));
        } else if (dict && spread.kind == StaticValue::Kind::Dict) {
          for (auto& e : spread.entries) call.entries.push_back(std::move(e));
        } else {
          call.entries.push_back({dict ? "**" : "*", std::move(spread)});
        }
      } else if (peek().kind == TokenKind::Name && m_pos + 1 < m_tokens.size() && m_tokens[m_pos + 1].is_op("=")) {
        std::string key(peek().text);
        m_pos += 2;
        call.entries.push_back({std::move(key), ternary()});
      } else {
        call.items.push_back(ternary());
      }
      if (peek_op(",")) ++m_pos;
      else if (!peek_op(")")) skip_element();
      if (m_pos == before) ++m_pos;
    }
    return call;
  }

  StaticValue primary() {
    std::size_t first = m_pos;
    if (at_end()) return StaticValue{};
    const Token& t = m_tokens[m_pos];
    StaticValue v;
    v.line = t.line;
    v.column = t.column;
    switch (t.kind) {
      case TokenKind::Name: {
        ++m_pos;
        if (t.text == "True" || t.text == "False") { v.kind = StaticValue::Kind::Bool; v.text = std::string(t.text); return v; }
        if (t.text == "None") { v.kind = StaticValue::Kind::None; return v; }
        auto it = m_bindings.find(t.text);
        if (it != m_bindings.end()) {
          // Each use copies the bound value: charge it to the budget, so that
          // `[a, a, a, ...]` of a large `a` cannot multiply without end.
          m_nodes += node_count(it->second, k_max_static_nodes + 1);
          if (m_nodes > k_max_static_nodes) return over_budget(t);
          StaticValue bound = it->second;
          return bound;
        }
        return unknown("`" + std::string(t.text) + "` has no static value in this file", std::string(t.text), t);
      }
      case TokenKind::Number:
        ++m_pos;
        v.kind = StaticValue::Kind::Number;
        v.text = std::string(t.text);
        return v;
      case TokenKind::String: {
        v.kind = StaticValue::Kind::String;
        bool known = true;
        while (!at_end() && peek().kind == TokenKind::String) {
          auto value = string_literal_value(peek().text);
          if (!value) known = false;
          else v.text += *value;
          ++m_pos;
        }
        if (!known) return unknown("f-string", text_from(first), t);
        return v;
      }
      case TokenKind::Op:
        if (t.text == "(") {
          ++m_pos;
          if (peek_op(")")) { ++m_pos; v.kind = StaticValue::Kind::List; return v; }
          StaticValue inner = tuple_or_expression();
          skip_to_close();
          expect_close(")");
          return inner;
        }
        if (t.text == "[") {
          ++m_pos;
          v.kind = StaticValue::Kind::List;
          display_items(v, "]");
          if (within_limit(v, t)) return v;
          if (v.kind == StaticValue::Kind::Unknown) v.text = text_from(first);
          return v;
        }
        if (t.text == "{") {
          ++m_pos;
          dict_or_set(v);
          if (within_limit(v, t)) return v;
          if (v.kind == StaticValue::Kind::Unknown) v.text = text_from(first);
          return v;
        }
        break;
      default: break;
    }
    ++m_pos;
    return unknown("unexpected `" + std::string(t.text) + "`", std::string(t.text), t);
  }

  // A display the nesting limit was hit inside is cut short: it becomes
  // Unknown with that reason, at its own line, instead of a list that looks
  // complete (`[[[...` 5,000 deep). True when it did.
  bool within_limit(StaticValue& display, const Token& at) {
    if (m_limit.empty()) return false;
    display = unknown(m_limit, "", at);
    return true;
  }

  void display_items(StaticValue& list, std::string_view close) {
    while (!at_end() && !peek_op(close)) {
      std::size_t before = m_pos;
      if (peek_op("*")) {
        ++m_pos;
        StaticValue spread = ternary();
        if (spread.kind == StaticValue::Kind::List) {
          for (auto& item : spread.items) list.items.push_back(std::move(item));
        } else {
          list.items.push_back(std::move(spread));
        }
      } else {
        StaticValue item = binary();
        if (peek_name("for") || peek_name("async")) {
          skip_to_close();
          expect_close(close);
          list = unknown("comprehension", "", m_tokens[before]);
          return;
        }
        if (peek_name("if")) {
          skip_element();
          item = unknown("conditional expression", text_from(before), m_tokens[before]);
        }
        list.items.push_back(std::move(item));
      }
      if (peek_op(",")) ++m_pos;
      else if (!peek_op(close)) skip_element();
      if (m_pos == before) ++m_pos;
    }
    expect_close(close);
  }

  void dict_or_set(StaticValue& v) {
    v.kind = StaticValue::Kind::Dict;
    bool is_set = false;
    bool first_item = true;
    while (!at_end() && !peek_op("}")) {
      std::size_t before = m_pos;
      if (peek_op("**")) {
        ++m_pos;
        StaticValue spread = binary();
        if (spread.kind == StaticValue::Kind::Dict)
          for (auto& e : spread.entries) v.entries.push_back(std::move(e));
        else
          v.entries.push_back({"**", std::move(spread)});
      } else {
        StaticValue key = binary();
        if (peek_name("for")) {
          skip_to_close();
          expect_close("}");
          v = unknown("comprehension", "", m_tokens[before]);
          return;
        }
        if (peek_op(":")) {
          ++m_pos;
          StaticValue value = ternary();
          if (peek_name("for")) {
            skip_to_close();
            expect_close("}");
            v = unknown("comprehension", "", m_tokens[before]);
            return;
          }
          std::string name = key.kind == StaticValue::Kind::String ? key.text : "<" + key.text + ">";
          v.entries.push_back({std::move(name), std::move(value)});
        } else {
          if (first_item) is_set = true;
          v.items.push_back(std::move(key));
        }
      }
      first_item = false;
      if (peek_op(",")) ++m_pos;
      else if (!peek_op("}")) skip_element();
      if (m_pos == before) ++m_pos;
    }
    expect_close("}");
    if (is_set) v.kind = StaticValue::Kind::List;
  }

  std::span<const Token> m_tokens;
  const Bindings& m_bindings;
  std::string_view m_source;
  static StaticValue over_budget(const Token& at) {
    return unknown(fmt::format("expands past {} values (a size limit against hostile files)", k_max_static_nodes), "", at);
  }

  std::size_t m_pos = 0;
  int m_depth = 0;
  std::size_t m_nodes = 0;  // values copied from bindings so far
  std::string m_limit;      // the nesting limit hit, once it is: the rest of the expression is not read
};

}  // namespace

const char* to_string(StaticValue::Kind kind) {
  switch (kind) {
    case StaticValue::Kind::Unknown: return "unknown";
    case StaticValue::Kind::String: return "string";
    case StaticValue::Kind::Number: return "number";
    case StaticValue::Kind::Bool: return "bool";
    case StaticValue::Kind::None: return "None";
    case StaticValue::Kind::List: return "list";
    case StaticValue::Kind::Dict: return "dict";
    case StaticValue::Kind::Call: return "call";
  }
  return "?";
}

const StaticValue* StaticValue::find(std::string_view key) const {
  // The last binding of a key wins, as in a dict display or a call.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

std::size_t node_count(const StaticValue& value, std::size_t stop_after) {
  // Iterative, and a value nested deeper than an expression may be (`x = [x]`
  // a thousand times over) counts as too large: copying or destroying it
  // recurses once per level.
  std::size_t count = 0;
  std::vector<std::pair<const StaticValue*, int>> pending{{&value, 1}};
  while (!pending.empty() && count < stop_after) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (depth > k_max_depth) return stop_after;
    ++count;
    for (const StaticValue& item : v->items) pending.emplace_back(&item, depth + 1);
    for (const StaticValueEntry& entry : v->entries) pending.emplace_back(&entry.second, depth + 1);
  }
  return count;
}

StaticValue evaluate(std::span<const Token> tokens, const Bindings& bindings, std::string_view source) {
  return Evaluator(tokens, bindings, source).run();
}

std::size_t find_top_level(std::span<const Token> tokens, std::string_view op, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (is_open(t)) ++depth;
    else if (is_close(t)) { if (depth > 0) --depth; }
    else if (depth == 0 && t.is_op(op)) return i;
  }
  return tokens.size();
}

std::string source_text(std::span<const Token> tokens, std::string_view source, std::size_t limit) {
  if (tokens.empty()) return {};
  const char* begin = tokens.front().text.data();
  const char* end = tokens.back().text.data() + tokens.back().text.size();
  if (begin < source.data() || end > source.data() + source.size() || end < begin) return {};
  std::string text(begin, static_cast<std::size_t>(end - begin));
  // One line: collapse runs of whitespace (the text may span lines).
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > limit) out = out.substr(0, limit) + "...";
  return out;
}

}  // namespace mlstack::project::python
