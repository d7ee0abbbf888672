// SPDX-License-Identifier: MIT
#include "project/python/setup_py.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "project/python/literal.h"
#include "project/python/nvcc_flags.h"
#include "project/python/statement.h"
#include "project/python/static_value.h"

namespace mlstack::project::python {

namespace {

using Tokens = std::span<const Token>;
using K = StaticValue::Kind;

void mark_conditional(StaticValue& v, std::uint32_t line) {
  v.conditional = true;
  v.condition_line = line;
  for (auto& item : v.items) mark_conditional(item, line);
  for (auto& [key, value] : v.entries) mark_conditional(value, line);
}

bool is_version_literal(std::string_view s) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

bool mentions(Tokens tokens, std::string_view name) {
  return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return t.is_name(name); });
}

bool mentions_torch_version_cuda(Tokens tokens) {
  for (std::size_t i = 0; i + 4 < tokens.size(); ++i)
    if (tokens[i].is_name("torch") && tokens[i + 1].is_op(".") && tokens[i + 2].is_name("version") &&
        tokens[i + 3].is_op(".") && tokens[i + 4].is_name("cuda"))
      return true;
  return false;
}

// A string naming the nvcc program ("/bin/nvcc", shutil.which("nvcc")); a
// dict key such as {"nvcc": [...flags]} is not a use of the program.
bool mentions_nvcc(Tokens tokens) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind != TokenKind::String || t.text.find("nvcc") == std::string_view::npos) continue;
    if (i + 1 < tokens.size() && tokens[i + 1].is_op(":")) continue;
    if (i > 0 && tokens[i - 1].is_op("[")) continue;  // args["nvcc"]
    return true;
  }
  return false;
}

bool mentions_cuda_version_name(Tokens tokens) {
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::Name) continue;
    std::string lower(t.text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("bare_metal") != std::string::npos ||
        (lower.find("cuda") != std::string::npos && lower.find("version") != std::string::npos))
      return true;
  }
  return false;
}

class SetupReader {
 public:
  explicit SetupReader(std::string_view source) : m_source(source) {}

  SetupPy run() {
    StatementReader reader(m_source);
    Statement s;
    while (reader.next(s)) statement(reader, s);
    return std::move(m_out);
  }

 private:
  void statement(const StatementReader& reader, const Statement& s) {
    Tokens tokens = s.tokens;
    bool in_function = false;
    std::uint32_t condition_line = 0;
    auto blocks = reader.blocks();
    std::size_t enclosing = s.is_header ? blocks.size() - 1 : blocks.size();
    for (std::size_t i = 0; i < enclosing; ++i) {
      const Block& b = blocks[i];
      if (b.kind == BlockKind::Def || b.kind == BlockKind::Class) in_function = true;
      if (b.kind == BlockKind::If || b.kind == BlockKind::Elif || b.kind == BlockKind::Else ||
          b.kind == BlockKind::For || b.kind == BlockKind::While || b.kind == BlockKind::Except ||
          b.kind == BlockKind::Case)
        condition_line = b.line;
    }
    record_checks(reader, s);
    if (s.is_header) return;
    if (tokens[0].is_name("raise") || tokens[0].is_name("return") || tokens[0].is_name("import") ||
        tokens[0].is_name("from") || tokens[0].is_name("assert"))
      return;
    // setup(...) counts wherever it is called (often under `if __name__ == "__main__":`).
    if (is_setup_call(tokens)) {
      StaticValue call = evaluate(tokens, m_bindings, m_source);
      if (call.kind == K::Call) read_setup_call(call);
      return;
    }
    if (in_function) return;  // function locals are not the file's bindings
    bind(tokens, condition_line);
  }

  static bool is_setup_call(Tokens t) {
    if (t.size() >= 2 && t[0].is_name("setup") && t[1].is_op("(")) return true;
    return t.size() >= 4 && t[0].kind == TokenKind::Name && t[1].is_op(".") && t[2].is_name("setup") &&
           t[3].is_op("(");
  }

  void assign(const std::string& name, StaticValue value, std::uint32_t condition_line) {
    if (condition_line != 0) {
      auto it = m_bindings.find(name);
      if (it != m_bindings.end() && it->second.kind == K::List && value.kind == K::List) {
        mark_conditional(value, condition_line);
        for (auto& item : value.items) it->second.items.push_back(std::move(item));
        return;
      }
      if (it != m_bindings.end()) {
        StaticValue v;
        v.reason = "bound differently under the condition at line " + std::to_string(condition_line);
        v.text = name;
        v.line = value.line;
        v.column = value.column;
        it->second = std::move(v);
        return;
      }
      mark_conditional(value, condition_line);
    }
    m_bindings.insert_or_assign(name, std::move(value));
  }

  // Index of the `(` matching the statement's final `)`, or tokens.size().
  static std::size_t matching_open(Tokens tokens) {
    int depth = 0;
    for (std::size_t i = tokens.size(); i-- > 0;) {
      if (tokens[i].is_op(")") || tokens[i].is_op("]") || tokens[i].is_op("}")) ++depth;
      else if (tokens[i].is_op("(") || tokens[i].is_op("[") || tokens[i].is_op("{")) {
        if (--depth == 0) return i;
      }
    }
    return tokens.size();
  }

  // The bound value that NAME or NAME["key"][0]... designates, or nullptr.
  StaticValue* lvalue(Tokens tokens) {
    if (tokens.empty() || tokens[0].kind != TokenKind::Name) return nullptr;
    auto it = m_bindings.find(tokens[0].text);
    if (it == m_bindings.end()) return nullptr;
    StaticValue* v = &it->second;
    std::size_t i = 1;
    while (i < tokens.size() && tokens[i].is_op("[")) {
      std::size_t close = i;
      for (int depth = 0; close < tokens.size(); ++close) {
        if (tokens[close].is_op("[") || tokens[close].is_op("(") || tokens[close].is_op("{")) ++depth;
        else if ((tokens[close].is_op("]") || tokens[close].is_op(")") || tokens[close].is_op("}")) && --depth == 0)
          break;
      }
      if (close >= tokens.size()) return nullptr;
      StaticValue key = evaluate(tokens.subspan(i + 1, close - i - 1), m_bindings, m_source);
      StaticValue* next = nullptr;
      if (v->kind == K::Dict && key.kind == K::String) {
        for (auto e = v->entries.rbegin(); e != v->entries.rend(); ++e)
          if (e->first == key.text) { next = &e->second; break; }
      } else if (v->kind == K::List && key.kind == K::Number) {
        long n = std::strtol(key.text.c_str(), nullptr, 0);
        if (n < 0) n += static_cast<long>(v->items.size());
        if (n >= 0 && n < static_cast<long>(v->items.size())) next = &v->items[static_cast<std::size_t>(n)];
      }
      if (!next) return nullptr;
      v = next;
      i = close + 1;
    }
    return i == tokens.size() ? v : nullptr;
  }

  void bind(Tokens tokens, std::uint32_t condition_line) {
    // RECEIVER.append(x) / .extend(xs) / .insert(i, x), RECEIVER being NAME or NAME[key]...
    if (tokens.size() >= 5 && tokens.back().is_op(")")) {
      std::size_t open = matching_open(tokens);
      if (open >= 3 && open < tokens.size() && tokens[open - 1].kind == TokenKind::Name &&
          tokens[open - 2].is_op(".")) {
        std::string_view method = tokens[open - 1].text;
        StaticValue* target = lvalue(tokens.first(open - 2));
        bool list_method = method == "append" || method == "insert" || method == "extend";
        if (target && target->kind == K::List && list_method) {
          StaticValue args = evaluate(tokens.subspan(open + 1, tokens.size() - open - 2), m_bindings, m_source);
          if (method == "insert") {
            if (args.kind != K::List || args.items.size() != 2) return;
            StaticValue item = std::move(args.items[1]);
            args = std::move(item);
          }
          if (condition_line) mark_conditional(args, condition_line);
          if (method == "extend" && args.kind == K::List)
            for (auto& item : args.items) target->items.push_back(std::move(item));
          else
            target->items.push_back(std::move(args));
          bound_within_limits(*target, tokens);
          return;
        }
      }
    }
    // NAME += value
    std::size_t aug = find_top_level(tokens, "+=");
    if (aug == 1 && aug < tokens.size() && tokens[0].kind == TokenKind::Name) {
      StaticValue value = evaluate(tokens.subspan(2), m_bindings, m_source);
      auto it = m_bindings.find(tokens[0].text);
      if (it == m_bindings.end()) return;
      if (condition_line) mark_conditional(value, condition_line);
      if (it->second.kind == K::List && value.kind == K::List) {
        for (auto& item : value.items) it->second.items.push_back(std::move(item));
      } else if (it->second.kind == K::String && value.kind == K::String && !condition_line) {
        it->second.text += value.text;
      } else {
        StaticValue v;
        v.reason = "extended with a value that is not static";
        v.text = source_text(tokens, m_source);
        it->second = std::move(v);
      }
      bound_within_limits(it->second, tokens);
      return;
    }
    // targets = ... = value
    std::vector<std::size_t> equals;
    for (std::size_t at = find_top_level(tokens, "="); at < tokens.size(); at = find_top_level(tokens, "=", at + 1))
      equals.push_back(at);
    if (equals.empty()) return;
    Tokens value_tokens = tokens.subspan(equals.back() + 1);
    StaticValue value = evaluate(value_tokens, m_bindings, m_source);
    std::size_t start = 0;
    for (std::size_t eq : equals) {
      Tokens target = tokens.subspan(start, eq - start);
      start = eq + 1;
      std::size_t colon = find_top_level(target, ":");  // annotated assignment
      if (colon < target.size()) target = target.first(colon);
      if (target.size() == 1 && target[0].kind == TokenKind::Name) {
        assign(std::string(target[0].text), value, condition_line);
      } else if (target.size() >= 4 && target[0].kind == TokenKind::Name && target[1].is_op("[") &&
                 target.back().is_op("]")) {
        auto it = m_bindings.find(target[0].text);
        if (it == m_bindings.end() || it->second.kind != K::Dict) continue;
        StaticValue key = evaluate(target.subspan(2, target.size() - 3), m_bindings, m_source);
        if (key.kind != K::String) continue;
        StaticValue v = value;
        if (condition_line) mark_conditional(v, condition_line);
        it->second.entries.push_back({key.text, std::move(v)});
      } else {
        // Tuple targets and attributes: whatever they held is no longer known.
        for (const Token& t : target)
          if (t.kind == TokenKind::Name) m_bindings.erase(std::string(t.text));
      }
    }
  }

  // A binding grown in place (`reqs += reqs`, `reqs.extend(reqs)`) past the
  // limits of static_value.h becomes Unknown, as an expression would.
  void bound_within_limits(StaticValue& value, Tokens tokens) {
    if (node_count(value, k_max_static_nodes + 1) <= k_max_static_nodes && value.text.size() <= k_max_static_string)
      return;
    StaticValue v;
    v.reason = "expands past " + std::to_string(k_max_static_nodes) + " values (a size limit against hostile files)";
    v.text = source_text(tokens, m_source);
    if (!tokens.empty()) {
      v.line = tokens.front().line;
      v.column = tokens.front().column;
    }
    value = std::move(v);
  }

  // --- machine checks ------------------------------------------------------

  void add_check(CudaCheck::Kind kind, const Token& at, Tokens tokens, bool awaits_raise, std::uint32_t block_id) {
    for (const CudaCheck& c : m_out.checks)
      if (c.kind == kind && c.at.line == at.line) return;
    CudaCheck check;
    check.kind = kind;
    check.at = {at.line, at.column};
    check.code = source_text(tokens, m_source, 240);
    for (const Token& t : tokens)
      if (t.kind == TokenKind::String)
        if (auto v = string_literal_value(t.text); v && is_version_literal(*v)) check.versions.push_back(*v);
    m_out.checks.push_back(std::move(check));
    if (awaits_raise) m_pending.push_back({m_out.checks.size() - 1, block_id});
  }

  void record_checks(const StatementReader& reader, const Statement& s) {
    Tokens tokens = s.tokens;
    auto blocks = reader.blocks();
    // A raise right under a check's block gives the check its message.
    if (tokens[0].is_name("raise") && !m_pending.empty()) {
      std::string message;
      for (const Token& t : tokens)
        if (t.kind == TokenKind::String) {
          auto v = string_literal_value(t.text);
          message = v ? *v : std::string(t.text);
          break;
        }
      for (auto& [index, block] : m_pending)
        for (const Block& b : blocks)
          if (b.id == block && m_out.checks[index].message.empty()) m_out.checks[index].message = message;
    }
    if (tokens[0].is_name("raise")) return;
    bool header = s.is_header && (blocks.back().kind == BlockKind::If || blocks.back().kind == BlockKind::Elif ||
                                  blocks.back().kind == BlockKind::While);
    bool condition = header || tokens[0].is_name("assert");
    std::uint32_t block_id = s.is_header ? blocks.back().id : 0;
    if (mentions(tokens, "CUDA_HOME") && condition)
      add_check(CudaCheck::Kind::CudaHome, tokens[0], tokens, header, block_id);
    if (mentions_nvcc(tokens)) add_check(CudaCheck::Kind::Nvcc, tokens[0], tokens, header, block_id);
    if (mentions_torch_version_cuda(tokens))
      add_check(CudaCheck::Kind::TorchVersionCuda, tokens[0], tokens, header, block_id);
    if (condition && mentions_cuda_version_name(tokens))
      add_check(CudaCheck::Kind::CudaVersion, tokens[0], tokens, header, block_id);
  }

  // --- setup(...) ------------------------------------------------------------

  void unresolved(const StaticValue& v, std::string what) {
    m_out.unresolved.push_back(
        Unresolved{{v.line, v.column}, std::move(what), v.reason.empty() ? "not a static value" : v.reason, v.text});
    collect_files(v);
  }

  void collect_files(const StaticValue& v) {
    if (v.kind == K::String) {
      std::string_view s = v.text;
      bool file = s.size() > 4 && (s.substr(s.size() - 4) == ".txt" || s.substr(s.size() - 3) == ".in");
      if (file && std::find(m_out.referenced_files.begin(), m_out.referenced_files.end(), v.text) ==
                      m_out.referenced_files.end())
        m_out.referenced_files.push_back(v.text);
    }
    for (const auto& item : v.items) collect_files(item);
    for (const auto& [key, value] : v.entries) collect_files(value);
  }

  void add_requirement_text(const std::string& text, const StaticValue& at, const std::string& keyword,
                            const std::string& extra) {
    SetupRequirement r{text, keyword, extra, {at.line, at.column}, at.conditional};
    m_out.requirements.push_back(std::move(r));
  }

  void read_requirements(const StaticValue& v, const std::string& keyword, const std::string& extra) {
    std::string what = extra.empty() ? keyword : keyword + "[" + extra + "]";
    if (v.kind == K::String) {
      // One string of lines, as pkg_resources.parse_requirements reads it.
      std::string_view rest = v.text;
      while (!rest.empty()) {
        std::size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        std::size_t hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
        if (!line.empty()) add_requirement_text(std::string(line), v, keyword, extra);
      }
      return;
    }
    if (v.kind != K::List) {
      unresolved(v, what);
      return;
    }
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const StaticValue& item = v.items[i];
      if (item.kind == K::String) add_requirement_text(item.text, item, keyword, extra);
      else unresolved(item, what + "[" + std::to_string(i) + "]");
    }
  }

  void read_strings(const StaticValue* v, std::vector<std::string>& out, const std::string& what) {
    if (!v) return;
    if (v->kind == K::String) {
      out.push_back(v->text);
      return;
    }
    if (v->kind != K::List) {
      unresolved(*v, what);
      return;
    }
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      if (v->items[i].kind == K::String) out.push_back(v->items[i].text);
      else unresolved(v->items[i], what + "[" + std::to_string(i) + "]");
    }
  }

  void read_flags(const StaticValue& v, bool via_call, std::vector<CompileFlag>& out, const std::string& what) {
    if (v.kind == K::String) {
      out.push_back(CompileFlag{v.text, {v.line, v.column}, v.conditional, via_call});
      return;
    }
    if (v.kind == K::List) {
      for (const auto& item : v.items) read_flags(item, via_call, out, what);
      return;
    }
    // Unknown: report it, but keep the flags visible inside it (the list
    // handed to append_nvcc_threads(...), the known side of a `+`).
    unresolved(v, what);
    for (const auto& item : v.items) read_flags(item, via_call || v.opaque_call, out, what);
  }

  void read_extension(const StaticValue& call, std::size_t index) {
    SetupExtension ext;
    ext.kind = call.text.substr(call.text.rfind('.') + 1);
    ext.at = {call.line, call.column};
    ext.conditional = call.conditional;
    const StaticValue* name = call.find("name");
    if (!name && !call.items.empty()) name = &call.items[0];
    if (name && name->kind == K::String) ext.name = name->text;
    else if (name) unresolved(*name, "ext_modules[" + std::to_string(index) + "].name");
    std::string label = "extension " + (ext.name.empty() ? "#" + std::to_string(index) : ext.name);
    const StaticValue* sources = call.find("sources");
    if (!sources && call.items.size() > 1) sources = &call.items[1];
    read_strings(sources, ext.sources, label + ": sources");
    read_strings(call.find("include_dirs"), ext.include_dirs, label + ": include_dirs");
    read_strings(call.find("libraries"), ext.libraries, label + ": libraries");
    if (const StaticValue* args = call.find("extra_compile_args")) {
      if (args->kind == K::Dict) {
        if (const StaticValue* cxx = args->find("cxx")) read_flags(*cxx, false, ext.cxx_flags, label + ": cxx flags");
        if (const StaticValue* nvcc = args->find("nvcc"))
          read_flags(*nvcc, false, ext.nvcc_flags, label + ": nvcc flags");
      } else {
        read_flags(*args, false, ext.cxx_flags, label + ": extra_compile_args");
      }
    }
    ext.cxx_standard = cxx_standard(ext.cxx_flags);
    ext.nvcc_standard = cxx_standard(ext.nvcc_flags);
    ext.archs = gpu_archs(ext.nvcc_flags);
    m_out.extensions.push_back(std::move(ext));
  }

  void read_setup_call(const StaticValue& call) {
    m_out.has_setup_call = true;
    m_out.setup_at = {call.line, call.column};
    if (const StaticValue* name = call.find("name"); name && name->kind == K::String) m_out.name = name->text;
    for (const auto& [key, value] : call.entries) {
      if (key == "install_requires" || key == "setup_requires" || key == "tests_require") {
        read_requirements(value, key, "");
      } else if (key == "extras_require") {
        if (value.kind != K::Dict) {
          unresolved(value, key);
          continue;
        }
        for (const auto& [extra, reqs] : value.entries) read_requirements(reqs, key, extra);
      } else if (key == "python_requires") {
        if (value.kind == K::String)
          m_out.python_requires = SetupRequirement{value.text, key, "", {value.line, value.column}, value.conditional};
        else
          unresolved(value, key);
      } else if (key == "ext_modules") {
        if (value.kind != K::List) {
          unresolved(value, key);
          continue;
        }
        for (std::size_t i = 0; i < value.items.size(); ++i) {
          if (value.items[i].kind == K::Call) read_extension(value.items[i], i);
          else unresolved(value.items[i], "ext_modules[" + std::to_string(i) + "]");
        }
      } else if (key == "**" || key == "*") {
        unresolved(value, "setup(" + key + "...)");
      }
    }
  }

  std::string_view m_source;
  Bindings m_bindings;
  SetupPy m_out;
  std::vector<std::pair<std::size_t, std::uint32_t>> m_pending;  // check index, block id awaiting a raise
};

}  // namespace

const char* to_string(CudaCheck::Kind kind) {
  switch (kind) {
    case CudaCheck::Kind::CudaHome: return "CUDA_HOME";
    case CudaCheck::Kind::Nvcc: return "nvcc";
    case CudaCheck::Kind::TorchVersionCuda: return "torch.version.cuda";
    case CudaCheck::Kind::CudaVersion: return "CUDA version";
  }
  return "?";
}

SetupPy read_setup_py(std::string_view source) {
  SetupPy setup = SetupReader(source).run();
  setup.syntax_error = first_syntax_problem(source);
  return setup;
}

std::vector<Finding> unresolved_findings(const SetupPy& setup, const std::string& path) {
  std::vector<Finding> out;
  for (const Unresolved& u : setup.unresolved) {
    Finding f;
    f.rule = "setup-py.dynamic";
    f.severity = Severity::Info;
    f.message = u.what + " is not static (" + u.reason + "); not read";
    f.origins.push_back(Origin::file(path, u.at.line, u.at.column));
    f.detail = u.code;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mlstack::project::python
