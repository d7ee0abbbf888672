// SPDX-License-Identifier: MIT
#include "project/python/argparse_model.h"

#include <map>

#include "core/mapped_file.h"
#include "project/python/literal.h"
#include "project/python/scan.h"
#include "project/python/statement.h"
#include "project/python/static_value.h"

namespace mlstack::project::python {

namespace {

using Tokens = std::span<const Token>;
using K = StaticValue::Kind;

// argparse calls are read on their own, without the file's bindings.
const Bindings& no_bindings() {
  static const Bindings empty;
  return empty;
}

// `X.method(` at tokens[0..3]: returns method, or empty.
std::string_view method_call(Tokens t, std::string_view& receiver) {
  if (t.size() >= 4 && t[0].kind == TokenKind::Name && t[1].is_op(".") && t[2].kind == TokenKind::Name &&
      t[3].is_op("(")) {
    receiver = t[0].text;
    return t[2].text;
  }
  return {};
}

bool calls(Tokens t, std::string_view name) {
  for (std::size_t i = 0; i + 1 < t.size(); ++i)
    if (t[i].is_name(name) && t[i + 1].is_op("(")) return true;
  return false;
}

std::string display(const StaticValue& v) {
  switch (v.kind) {
    case K::String: return "\"" + v.text + "\"";
    case K::None: return "None";
    case K::List: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + display(v.items[i]);
      return s + "]";
    }
    case K::Dict: return "{...}";
    default: return v.text;
  }
}

std::string derive_dest(const std::vector<std::string>& flags) {
  const std::string* chosen = nullptr;
  for (const auto& f : flags)
    if (f.rfind("--", 0) == 0) { chosen = &f; break; }
  if (!chosen && !flags.empty()) chosen = &flags[0];
  if (!chosen) return {};
  std::string dest = chosen->substr(chosen->find_first_not_of('-') == std::string::npos ? chosen->size()
                                                                                          : chosen->find_first_not_of('-'));
  for (char& c : dest)
    if (c == '-') c = '_';
  return dest;
}

class ArgparseReader {
 public:
  explicit ArgparseReader(std::string_view source) : m_source(source) {}

  ArgparseModel run() {
    StatementReader reader(m_source);
    Statement s;
    while (reader.next(s))
      if (!s.is_header) statement(s.tokens);
    return std::move(m_model);
  }

 private:
  struct Alias {
    std::string parser;  // variable of the owning parser
    std::string group;   // argument group title
    bool subparsers = false;
  };

  ArgParser* parser_named(std::string_view variable) {
    for (auto it = m_model.parsers.rbegin(); it != m_model.parsers.rend(); ++it)
      if (it->variable == variable) return &*it;
    return nullptr;
  }

  void statement(Tokens tokens) {
    std::size_t eq = find_top_level(tokens, "=");
    if (eq < tokens.size() && eq >= 1) {
      Tokens target = tokens.first(eq);
      Tokens value = tokens.subspan(eq + 1);
      std::string name = target[0].kind == TokenKind::Name ? std::string(target[0].text) : std::string();
      if (!name.empty()) assignment(name, value, tokens[0]);
      return;
    }
    std::string_view receiver;
    std::string_view method = method_call(tokens, receiver);
    if (method == "add_argument") add_argument(receiver, tokens);
  }

  void assignment(const std::string& name, Tokens value, const Token& at) {
    if (calls(value, "ArgumentParser")) {
      StaticValue call = evaluate(value, no_bindings(), m_source);
      ArgParser parser;
      parser.variable = name;
      parser.at = {at.line, at.column};
      if (const StaticValue* abbrev = call.find("allow_abbrev"))
        parser.allow_abbrev = !(abbrev->kind == K::Bool && abbrev->text == "False");
      m_model.parsers.push_back(std::move(parser));
      m_aliases.erase(name);
      return;
    }
    std::string_view receiver;
    std::string_view method = method_call(value, receiver);
    if (method.empty()) return;
    std::string owner = owner_of(receiver);
    if (method == "add_argument_group" || method == "add_mutually_exclusive_group") {
      StaticValue call = evaluate(value, no_bindings(), m_source);
      Alias alias{owner, {}, false};
      const StaticValue* title = call.find("title");
      if (!title && !call.items.empty()) title = &call.items[0];
      if (title && title->kind == K::String) alias.group = title->text;
      else if (auto it = m_aliases.find(std::string(receiver)); it != m_aliases.end()) alias.group = it->second.group;
      m_aliases[name] = alias;
    } else if (method == "add_subparsers") {
      m_aliases[name] = Alias{owner, {}, true};
    } else if (method == "add_parser") {
      StaticValue call = evaluate(value, no_bindings(), m_source);
      ArgParser parser;
      parser.variable = name;
      parser.at = {at.line, at.column};
      parser.parent = owner;
      if (!call.items.empty() && call.items[0].kind == K::String) parser.subcommand = call.items[0].text;
      m_model.parsers.push_back(std::move(parser));
      m_aliases.erase(name);
    } else if (method == "parse_args" || method == "parse_known_args" || method == "parse_intermixed_args") {
      if (ArgParser* p = parser_named(owner)) p->namespace_variable = name;
    }
  }

  std::string owner_of(std::string_view variable) const {
    auto it = m_aliases.find(std::string(variable));
    return it == m_aliases.end() ? std::string(variable) : it->second.parser;
  }

  void add_argument(std::string_view receiver, Tokens tokens) {
    std::string owner = owner_of(receiver);
    ArgParser* parser = parser_named(owner);
    if (!parser) {
      ArgParser implicit;
      implicit.variable = owner;
      implicit.implicit = true;
      implicit.at = {tokens[0].line, tokens[0].column};
      m_model.parsers.push_back(std::move(implicit));
      parser = &m_model.parsers.back();
    }
    StaticValue call = evaluate(tokens, no_bindings(), m_source);
    ArgOption option;
    option.at = {tokens[0].line, tokens[0].column};
    if (auto it = m_aliases.find(std::string(receiver)); it != m_aliases.end()) option.group = it->second.group;
    for (const StaticValue& item : call.items) {
      if (item.kind != K::String) continue;
      if (!item.text.empty() && item.text[0] == '-') option.flags.push_back(item.text);
      else option.positional = item.text;
    }
    if (option.flags.empty() && option.positional.empty()) return;  // names not static
    option.dest = option.flags.empty() ? option.positional : derive_dest(option.flags);
    if (const StaticValue* dest = call.find("dest"); dest && dest->kind == K::String) option.dest = dest->text;
    if (const StaticValue* action = call.find("action")) option.action = action->text;
    if (const StaticValue* def = call.find("default")) option.default_value = display(*def);
    if (const StaticValue* type = call.find("type")) option.type = type->text;
    if (const StaticValue* help = call.find("help")) option.help = help->text;
    parser->options.push_back(std::move(option));
  }

  std::string_view m_source;
  ArgparseModel m_model;
  std::map<std::string, Alias> m_aliases;
};

}  // namespace

const ArgOption* ArgParser::find_flag(std::string_view flag) const {
  for (const ArgOption& o : options)
    for (const std::string& f : o.flags)
      if (f == flag) return &o;
  return nullptr;
}

ArgparseModel read_argparse(std::string_view source) { return ArgparseReader(source).run(); }

std::vector<FileArgparse> read_project_argparse(const PythonScan& scan) {
  std::vector<FileArgparse> out;
  for (const PythonFile& file : scan.layout.files()) {
    auto mapped = MappedFile::open((scan.root / file.path).string());
    if (!mapped || mapped->text().find("add_argument") == std::string_view::npos) continue;
    ArgparseModel model = read_argparse(mapped->text());
    if (!model.parsers.empty()) out.push_back(FileArgparse{file.path, std::move(model)});
  }
  return out;
}

AttributeReads read_attributes(std::string_view source, AttributeReads into) {
  Tokenizer tokenizer(source);
  Token p[4];  // the four tokens before t, oldest first
  for (Token t = tokenizer.next(); t.kind != TokenKind::EndOfFile; t = tokenizer.next()) {
    if (t.kind == TokenKind::Name && p[3].is_op(".")) {
      if (t.text == "__dict__") into.reads_all = true;
      else into.names.emplace(t.text);
    } else if (t.is_op("(") && p[3].is_name("vars")) {
      into.reads_all = true;
    } else if (t.kind == TokenKind::String && p[0].is_name("getattr") && p[1].is_op("(") && p[3].is_op(",")) {
      if (auto name = string_literal_value(t.text)) into.names.insert(*name);
    }
    p[0] = p[1];
    p[1] = p[2];
    p[2] = p[3];
    p[3] = t;
  }
  return into;
}

AttributeReads project_attribute_reads(const PythonScan& scan) {
  AttributeReads reads;
  for (const PythonFile& file : scan.layout.files()) {
    auto mapped = MappedFile::open((scan.root / file.path).string());
    if (mapped) reads = read_attributes(mapped->text(), std::move(reads));
  }
  return reads;
}

std::vector<const ArgOption*> unread_options(const ArgParser& parser, const AttributeReads& reads) {
  std::vector<const ArgOption*> out;
  if (reads.reads_all) return out;
  for (const ArgOption& o : parser.options) {
    if (o.action == "help" || o.action == "version" || o.dest.empty()) continue;
    if (!reads.names.count(o.dest)) out.push_back(&o);
  }
  return out;
}

std::vector<FlagGuard> flag_guarded_imports(const std::vector<FileArgparse>& parsers, const PythonScan& scan) {
  std::map<std::string, std::string, std::less<>> flag_by_dest;
  for (const FileArgparse& f : parsers)
    for (const ArgParser& p : f.model.parsers)
      for (const ArgOption& o : p.options)
        if (!o.flags.empty()) flag_by_dest.try_emplace(o.dest, o.flags.front());
  std::vector<FlagGuard> out;
  const auto& files = scan.layout.files();
  for (std::size_t i = 0; i < files.size(); ++i)
    for (const ImportRecord& r : scan.imports[i].imports)
      for (const std::string& guard : r.guards)
        if (auto it = flag_by_dest.find(guard); it != flag_by_dest.end())
          out.push_back(FlagGuard{it->second, guard, files[i].path, r});
  return out;
}

}  // namespace mlstack::project::python
