// SPDX-License-Identifier: MIT
#include "project/python/imports.h"

#include <span>

#include "project/python/literal.h"
#include "project/python/statement.h"

namespace mlstack::project::python {

namespace {

enum BlockFlag : std::uint8_t {
  k_typing = 1,        // if TYPE_CHECKING
  k_conditional = 2,   // version / platform test
  k_dead = 4,          // if False
  k_catches_import = 8 // (on a try chain) some except clause catches ImportError
};

using Tokens = std::span<const Token>;

bool is_dotted_name_start(const Token& t) { return t.kind == TokenKind::Name; }

// Reads `a.b.c` at tokens[i], appending to `out`; returns the index after it.
std::size_t read_dotted(Tokens tokens, std::size_t i, std::string& out) {
  while (i < tokens.size() && tokens[i].kind == TokenKind::Name) {
    out.append(tokens[i].text);
    ++i;
    if (i + 1 < tokens.size() && tokens[i].is_op(".") && tokens[i + 1].kind == TokenKind::Name) {
      out += '.';
      ++i;
    } else {
      break;
    }
  }
  return i;
}

bool contains_name(Tokens tokens, std::string_view name) {
  for (const Token& t : tokens)
    if (t.is_name(name)) return true;
  return false;
}

bool contains_attribute(Tokens tokens, std::string_view object, std::string_view attribute) {
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i)
    if (tokens[i].is_name(object) && tokens[i + 1].is_op(".") && tokens[i + 2].is_name(attribute))
      return true;
  return false;
}

// Classifies an `if`/`elif`/`while` condition (tokens between keyword and colon).
std::uint8_t classify_condition(Tokens cond) {
  if (cond.size() == 1 && (cond[0].is_name("False") || cond[0].is(TokenKind::Number, "0")))
    return k_dead;
  if (!cond.empty() && cond[0].is_name("not")) return 0;  // `if not TYPE_CHECKING:` runs
  if (contains_name(cond, "TYPE_CHECKING")) return k_typing;
  if (contains_attribute(cond, "sys", "version_info") || contains_attribute(cond, "sys", "platform") ||
      contains_attribute(cond, "sys", "hexversion") || contains_attribute(cond, "os", "name") ||
      contains_attribute(cond, "platform", "system") ||
      contains_attribute(cond, "platform", "machine") || contains_name(cond, "PY2") ||
      contains_name(cond, "PY3"))
    return k_conditional;
  return 0;
}

// True when an except clause (tokens after `except`) catches ImportError:
// bare `except:`, ImportError, ModuleNotFoundError, Exception, BaseException,
// alone or in a tuple, possibly qualified (`builtins.ImportError`).
bool catches_import_error(Tokens clause) {
  std::size_t i = 0;
  if (i < clause.size() && clause[i].is_op("*")) ++i;  // except* (3.11)
  if (i >= clause.size()) return true;
  for (; i < clause.size(); ++i) {
    const Token& t = clause[i];
    if (t.is_name("as")) break;
    if (t.is_name("ImportError") || t.is_name("ModuleNotFoundError") || t.is_name("Exception") ||
        t.is_name("BaseException"))
      return true;
  }
  return false;
}

// An attribute tested by a condition, with the truth value it must have for
// the guarded code to run: `args.flash_attn` -> {flash_attn, true},
// `not args.cpu` / `args.cpu is None` -> {cpu, false}.
struct Guard {
  std::string_view attribute;
  bool set = true;
  bool call = false;  // an availability check: shown with "()"
};

// `is_apex_available()`, `torch.cuda.is_available()`, `xformers_available()`,
// `is_deepspeed_zero3_enabled()`: a call, without arguments, of a function
// whose name says it checks availability. Returns the callee's dotted name.
std::string_view availability_check(Tokens t) {
  if (t.size() < 3 || !t[t.size() - 2].is_op("(") || !t.back().is_op(")")) return {};
  std::size_t callee_end = t.size() - 2;
  for (std::size_t i = 0; i < callee_end; ++i) {
    bool expect_name = i % 2 == 0;
    if (expect_name ? t[i].kind != TokenKind::Name : !t[i].is_op(".")) return {};
  }
  if (callee_end % 2 == 0) return {};
  std::string_view name = t[callee_end - 1].text;
  bool availability = name.ends_with("available") || (name.starts_with("is_") && name.ends_with("_enabled"));
  if (!availability) return {};
  const char* begin = t[0].text.data();
  const char* end = t[callee_end - 1].text.data() + t[callee_end - 1].text.size();
  return std::string_view(begin, static_cast<std::size_t>(end - begin));
}

// Splits `tokens` at top-level occurrences of the keyword `word`.
std::vector<Tokens> split_top_level(Tokens tokens, std::string_view word) {
  std::vector<Tokens> parts;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.is_op("(") || t.is_op("[") || t.is_op("{")) ++depth;
    else if (t.is_op(")") || t.is_op("]") || t.is_op("}")) --depth;
    else if (depth == 0 && t.is_name(word)) {
      parts.push_back(tokens.subspan(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(tokens.subspan(start));
  return parts;
}

// True when `(` at 0 closes at the last token: the whole operand is parenthesised.
bool wholly_parenthesised(Tokens t) {
  if (t.size() < 2 || !t.front().is_op("(") || !t.back().is_op(")")) return false;
  int depth = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].is_op("(") || t[i].is_op("[") || t[i].is_op("{")) ++depth;
    else if (t[i].is_op(")") || t[i].is_op("]") || t[i].is_op("}")) --depth;
    if (depth == 0 && i + 1 < t.size()) return false;
  }
  return true;
}

// `x is None`, `x == None`, `x is False`, `x == False`: true when the flag is
// unset (the comparison is the last two tokens of the operand).
bool tests_unset(Tokens t) {
  if (t.size() < 2) return false;
  const Token& value = t[t.size() - 1];
  const Token& op = t[t.size() - 2];
  if (!value.is_name("None") && !value.is_name("False")) return false;
  return op.is_op("==") || (op.is_name("is") && !(t.size() >= 3 && t[t.size() - 3].is_name("is")));
}

// Attributes tested in a condition with the value each must have for the
// body to run (De Morgan through `not`, `and`, `or` and parentheses; every
// operand of an `or` counts, as each can enable the body). Method calls like
// `os.path.exists(...)` are not attributes. Nesting deeper than real code
// has (`not not ...`, `((((...))))`) is read flat rather than recursed into.
void collect_guards(Tokens cond, bool set, std::vector<Guard>& out, int depth = 0) {
  std::vector<Tokens> operands;
  for (Tokens disjunct : split_top_level(cond, "or"))
    for (Tokens operand : split_top_level(disjunct, "and")) operands.push_back(operand);
  for (Tokens operand : operands) {
    bool value_set = set;
    while (!operand.empty() && operand[0].is_name("not")) {
      value_set = !value_set;
      operand = operand.subspan(1);
    }
    if (operand.empty()) continue;
    if (depth < 32 && wholly_parenthesised(operand)) {
      collect_guards(operand.subspan(1, operand.size() - 2), value_set, out, depth + 1);
      continue;
    }
    // A feature flag (`if HAS_APEX:`) or an availability check
    // (`if is_apex_available():`, the transformers convention): the import
    // runs only when it holds.
    if (operand.size() == 1 && operand[0].kind == TokenKind::Name && !operand[0].is_name("True") &&
        !operand[0].is_name("False") && !operand[0].is_name("None")) {
      out.push_back(Guard{operand[0].text, value_set, false});
      continue;
    }
    if (auto check = availability_check(operand); !check.empty()) {
      out.push_back(Guard{check, value_set, true});
      continue;
    }
    // `not` binds looser than comparisons: `not args.x is None` tests that --x is set.
    bool value = tests_unset(operand) ? !value_set : value_set;
    for (std::size_t i = 0; i + 2 < operand.size(); ++i) {
      if (operand[i].kind == TokenKind::Name && operand[i + 1].is_op(".") &&
          operand[i + 2].kind == TokenKind::Name && (i == 0 || !operand[i - 1].is_op("."))) {
        bool call = i + 3 < operand.size() && (operand[i + 3].is_op("(") || operand[i + 3].is_op("."));
        if (!call) out.push_back(Guard{operand[i + 2].text, value});
      }
    }
  }
}

struct BlockInfo {
  std::uint8_t flags = 0;
  std::vector<Guard> guards;
  // The condition this block runs under, as written (`not (...)` for the
  // `else:` of an `if`); empty for version, platform, TYPE_CHECKING and
  // `__main__` tests and for blocks that are no condition's.
  std::string condition;
  // On the head of an `if` chain: the guards of the `if` and each `elif`
  // so far, which a later `elif`/`else` runs with negated.
  std::vector<Guard> chain_guards;
  std::vector<std::string> chain_conditions;  // likewise, their conditions' text
};

void add_negated(const std::vector<Guard>& from, std::vector<Guard>& to) {
  for (const Guard& g : from) to.push_back(Guard{g.attribute, !g.set, g.call});
}

// The source text of a condition, on one line: `is_apex_available()`.
std::string condition_text(Tokens cond) {
  std::string out;
  for (std::size_t i = 0; i < cond.size(); ++i) {
    const Token& t = cond[i];
    bool glue = i > 0 && (t.is_op(".") || t.is_op("(") || t.is_op(")") || t.is_op("[") || t.is_op("]") ||
                          t.is_op(",") || cond[i - 1].is_op(".") || cond[i - 1].is_op("(") || cond[i - 1].is_op("["));
    if (i > 0 && !glue) out += ' ';
    out.append(t.text);
    if (out.size() > 120) {
      out += " ...";
      break;
    }
  }
  return out;
}

bool is_main_guard(Tokens cond) {
  return cond.size() == 3 && cond[0].is_name("__name__") && cond[1].is_op("==") && cond[2].kind == TokenKind::String &&
         cond[2].text.find("__main__") != std::string_view::npos;
}

class ImportCollector {
 public:
  explicit ImportCollector(FileImports& out) : m_out(out) {}

  void header(const StatementReader& reader, Tokens tokens) {
    const Block& block = reader.blocks().back();
    if (m_info.size() <= block.id) m_info.resize(block.id + 1);
    BlockInfo& info = m_info[block.id];
    std::size_t keyword = tokens[0].is_name("async") ? 1 : 0;
    Tokens cond = tokens.subspan(keyword + 1, tokens.size() - keyword - 2);
    if (block.kind == BlockKind::If && block.depth == 0 && is_main_guard(cond)) m_out.has_main_guard = true;
    switch (block.kind) {
      case BlockKind::If:
      case BlockKind::Elif:
      case BlockKind::While: {
        info.flags = classify_condition(cond);
        BlockInfo* head = block.kind != BlockKind::While && block.chain < m_info.size() ? &m_info[block.chain] : nullptr;
        if (block.kind == BlockKind::Elif && head) {
          info.flags |= head->flags & k_conditional;
          add_negated(head->chain_guards, info.guards);  // runs only when the branches above did not
        }
        std::vector<Guard> own;
        if (info.flags == 0) collect_guards(cond, true, own);
        bool always = cond.size() == 1 && (cond[0].is_name("True") || cond[0].is(TokenKind::Number, "1"));
        if (info.flags == 0 && !is_main_guard(cond) && !always) {
          info.condition = condition_text(cond);
          if (head) head->chain_conditions.push_back(info.condition);
        }
        info.guards.insert(info.guards.end(), own.begin(), own.end());
        if (head) head->chain_guards.insert(head->chain_guards.end(), own.begin(), own.end());
        break;
      }
      case BlockKind::Else:
        // The other branch of a version check is just as conditional; the
        // other branch of TYPE_CHECKING or `if False` is what really runs.
        if (block.chain < m_info.size()) {
          info.flags = m_info[block.chain].flags & k_conditional;
          // `if not args.x: ... else:` runs when --x is given (only an `if`
          // chain: a loop's or a try's else is no condition's other branch).
          add_negated(m_info[block.chain].chain_guards, info.guards);
          const auto& conditions = m_info[block.chain].chain_conditions;
          if (!conditions.empty()) info.condition = "not (" + conditions.back() + ")";
        }
        break;
      case BlockKind::Except:
        if (catches_import_error(cond) && block.chain < m_info.size()) {
          m_info[block.chain].flags |= k_catches_import;
          info.flags |= k_catches_import;
        }
        break;
      default: break;
    }
    scan_dynamic(tokens, reader);
  }

  void statement(const StatementReader& reader, Tokens tokens) {
    const Token& first = tokens[0];
    if (first.is_name("import")) read_import(reader, tokens);
    else if (first.is_name("from")) read_from(reader, tokens);
    else if (first.is_name("sys"))
      if (auto entry = sys_path_entry(tokens)) m_out.sys_path.push_back(std::move(*entry));
    scan_dynamic(tokens, reader);
  }

  void finish() {
    for (auto [index, try_id] : m_pending_try)
      if (try_id < m_info.size() && (m_info[try_id].flags & k_catches_import))
        m_out.imports[index].optional = true;
  }

 private:
  ImportRecord& add(const StatementReader& reader, ImportForm form, const Token& at) {
    ImportRecord& r = m_out.imports.emplace_back();
    r.form = form;
    r.line = at.line;
    r.column = at.column;
    for (const Block& b : reader.blocks()) {
      const BlockInfo* info = b.id < m_info.size() ? &m_info[b.id] : nullptr;
      std::uint8_t flags = info ? info->flags : 0;
      switch (b.kind) {
        case BlockKind::Def: r.lazy = true; break;
        case BlockKind::Try:
          m_pending_try.emplace_back(m_out.imports.size() - 1, b.id);
          break;
        case BlockKind::Except:
          if (flags & k_catches_import) r.fallback = true;
          break;
        default: break;
      }
      if (flags & k_typing) r.typing_only = true;
      if (flags & k_conditional) r.conditional = true;
      if (flags & k_dead) r.dead = true;
      if (info) {
        for (const Guard& g : info->guards)
          (g.set ? m_condition.guards : m_condition.unset_guards)
              .emplace_back(g.call ? std::string(g.attribute) + "()" : std::string(g.attribute));
        if (!info->condition.empty()) m_condition.text = info->condition;
      }
    }
    if (!m_condition.empty()) {
      // Imports of one block share their condition.
      if (!m_shared_condition || *m_shared_condition != m_condition)
        m_shared_condition = std::make_shared<const ImportCondition>(m_condition);
      r.under = m_shared_condition;
      m_condition = ImportCondition{};
    }
    return r;
  }

  void read_import(const StatementReader& reader, Tokens tokens) {
    std::size_t i = 1;
    while (i < tokens.size()) {
      if (!is_dotted_name_start(tokens[i])) return;
      const Token& at = tokens[i];
      std::string module;
      i = read_dotted(tokens, i, module);
      ImportRecord& r = add(reader, ImportForm::Import, at);
      r.module = std::move(module);
      if (i + 1 < tokens.size() && tokens[i].is_name("as") && tokens[i + 1].kind == TokenKind::Name) {
        r.alias = std::string(tokens[i + 1].text);
        i += 2;
      } else {
        r.alias = r.module.substr(0, r.module.find('.'));
      }
      if (i < tokens.size() && tokens[i].is_op(",")) ++i;
      else return;
    }
  }

  void read_from(const StatementReader& reader, Tokens tokens) {
    std::size_t i = 1;
    std::uint32_t level = 0;
    for (; i < tokens.size(); ++i) {
      if (tokens[i].is_op(".")) level += 1;
      else if (tokens[i].is_op("...")) level += 3;
      else break;
    }
    std::string module;
    if (i < tokens.size() && !tokens[i].is_name("import")) i = read_dotted(tokens, i, module);
    if (i >= tokens.size() || !tokens[i].is_name("import")) return;
    if (module.empty() && level == 0) return;
    ++i;
    if (i < tokens.size() && tokens[i].is_op("(")) ++i;
    while (i < tokens.size()) {
      const Token& t = tokens[i];
      if (t.is_op("*")) {
        ImportRecord& r = add(reader, ImportForm::FromImport, tokens[0]);
        r.module = module;
        r.level = level;
        r.name.assign(1, '*');  // not = "*": GCC 12 -O2 warns a false -Wrestrict there
        return;
      }
      if (t.kind != TokenKind::Name) return;
      ImportRecord& r = add(reader, ImportForm::FromImport, tokens[0]);
      r.module = module;
      r.level = level;
      r.name = std::string(t.text);
      ++i;
      if (i + 1 < tokens.size() && tokens[i].is_name("as") && tokens[i + 1].kind == TokenKind::Name) {
        r.alias = std::string(tokens[i + 1].text);
        i += 2;
      } else {
        r.alias = r.name;
      }
      if (i < tokens.size() && tokens[i].is_op(",")) ++i;
      else return;
    }
  }

  // importlib.import_module("x") / import_module("x") / __import__("x").
  void scan_dynamic(Tokens tokens, const StatementReader& reader) {
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      const Token& t = tokens[i];
      if (t.kind != TokenKind::Name || !tokens[i + 1].is_op("(")) continue;
      ImportForm form;
      const char* call;
      if (t.text == "__import__") {
        if (i > 0 && tokens[i - 1].is_op(".")) continue;
        form = ImportForm::DunderImportCall;
        call = "__import__";
      } else if (t.text == "import_module") {
        if (i > 0 && tokens[i - 1].is_op(".") && !(i > 1 && tokens[i - 2].is_name("importlib")))
          continue;  // some other object's method
        if (i > 0 && tokens[i - 1].is_name("def")) continue;
        form = ImportForm::ImportModuleCall;
        call = "importlib.import_module";
      } else {
        continue;
      }
      std::optional<std::string> value;
      if (i + 3 < tokens.size() && tokens[i + 2].kind == TokenKind::String &&
          (tokens[i + 3].is_op(")") || tokens[i + 3].is_op(",")))
        value = string_literal_value(tokens[i + 2].text);
      if (!value || value->empty()) {
        m_out.dynamic.push_back(DynamicImport{t.line, t.column, call});
        continue;
      }
      ImportRecord& r = add(reader, form, t);
      std::string_view v = *value;
      while (!v.empty() && v.front() == '.') {
        ++r.level;
        v.remove_prefix(1);
      }
      r.module = std::string(v);
    }
  }

  FileImports& m_out;
  std::vector<BlockInfo> m_info;
  std::vector<std::pair<std::size_t, std::uint32_t>> m_pending_try;  // import index, try id
  ImportCondition m_condition;  // scratch for add()
  std::shared_ptr<const ImportCondition> m_shared_condition;  // the last one made
};

}  // namespace

const char* to_string(ImportForm form) {
  switch (form) {
    case ImportForm::Import: return "import";
    case ImportForm::FromImport: return "from";
    case ImportForm::ImportModuleCall: return "importlib.import_module";
    case ImportForm::DunderImportCall: return "__import__";
  }
  return "?";
}

namespace {
const ImportCondition& no_condition() {
  static const ImportCondition none;
  return none;
}
}  // namespace

const std::vector<std::string>& ImportRecord::guards() const { return (under ? *under : no_condition()).guards; }
const std::vector<std::string>& ImportRecord::unset_guards() const {
  return (under ? *under : no_condition()).unset_guards;
}
const std::string& ImportRecord::condition() const { return (under ? *under : no_condition()).text; }

std::string_view ImportRecord::top_level() const {
  std::string_view m = module;
  return m.substr(0, m.find('.'));
}

FileImports find_imports(std::string_view source) { return find_imports(source, nullptr); }

FileImports find_imports(std::string_view source, const std::function<void(std::span<const Token>)>& each) {
  FileImports out;
  ImportCollector collector(out);
  StatementReader reader(source);
  Statement statement;
  while (reader.next(statement)) {
    if (statement.is_header) collector.header(reader, statement.tokens);
    else collector.statement(reader, statement.tokens);
    if (each) each(statement.tokens);
  }
  collector.finish();
  out.token_errors = reader.tokenizer().error_count();
  return out;
}

}  // namespace mlstack::project::python
