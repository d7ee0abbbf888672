// SPDX-License-Identifier: MIT
#include "project/python/argparse_model.h"

#include <algorithm>
#include <cctype>
#include <map>

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

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// `a.b.c` at t[0..]: the dotted name and the index after it.
std::string dotted_at(Tokens t, std::size_t& i) {
  std::string out;
  while (i < t.size() && t[i].kind == TokenKind::Name) {
    out.append(t[i].text);
    if (i + 2 < t.size() && t[i + 1].is_op(".") && t[i + 2].kind == TokenKind::Name) {
      out += '.';
      i += 2;
    } else {
      ++i;
      break;
    }
  }
  return out;
}

std::string last_component(std::string_view dotted) {
  auto dot = dotted.rfind('.');
  return std::string(dot == std::string_view::npos ? dotted : dotted.substr(dot + 1));
}

// The arguments of the call whose `(` is at t[open]: spans between top-level commas.
std::vector<Tokens> call_arguments(Tokens t, std::size_t open) {
  std::vector<Tokens> out;
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t i = open; i < t.size(); ++i) {
    const Token& k = t[i];
    if (k.is_op("(") || k.is_op("[") || k.is_op("{")) {
      ++depth;
    } else if (k.is_op(")") || k.is_op("]") || k.is_op("}")) {
      if (--depth == 0) {
        if (i > start) out.push_back(t.subspan(start, i - start));
        return out;
      }
    } else if (depth == 1 && k.is_op(",")) {
      out.push_back(t.subspan(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Class names in an expression: `(ModelArguments, transformers.TrainingArguments)` -> both.
std::vector<std::string> class_names(Tokens t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size();) {
    if (t[i].kind != TokenKind::Name || (i > 0 && t[i - 1].is_op("."))) {
      ++i;
      continue;
    }
    std::string name = dotted_at(t, i);
    if (i < t.size() && (t[i].is_op("(") || t[i].is_op("["))) continue;  // a call or subscript, not a class
    std::string last = last_component(name);
    if (last != "None") out.push_back(std::move(last));
  }
  return out;
}

// The function a call calls: "field" for `field(...)` and `dataclasses.field(...)`
// (calls the static evaluator does not model keep their arguments, the callee
// only in their reason).
std::string callee_of(const StaticValue& v) {
  if (v.kind == K::Call) return last_component(v.text);
  std::string_view reason = v.reason;
  if (!v.opaque_call || !reason.starts_with("result of ") || !reason.ends_with("()")) return {};
  return last_component(reason.substr(10, reason.size() - 12));
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\\') out += c;
  return out;
}

// hf_argparser.py: `field.type is bool or field.type == bool | None` (Optional[bool] after get_type_hints).
bool is_bool_annotation(std::string_view type) {
  std::string t = without_spaces(type);
  for (std::string_view prefix : {"typing.", "t."})
    if (t.starts_with(prefix)) t.erase(0, prefix.size());
  return t == "bool" || t == "Optional[bool]" || t == "bool|None" || t == "None|bool" || t == "Union[bool,None]" ||
         t == "Union[None,bool]";
}

// Fields of `name` with those of its dataclass bases first (a field redefined
// by a subclass keeps its place, as dataclasses does); classes that are not
// project dataclasses go to `unknown`.
void collect_fields(const DataclassIndex& index, std::string_view name, std::vector<const DataclassField*>& fields,
                    std::vector<const Dataclass*>& owners, std::vector<std::string>& unknown, int depth = 0) {
  auto it = index.find(name);
  if (it == index.end() || depth > 16) {
    if (std::find(unknown.begin(), unknown.end(), name) == unknown.end()) unknown.emplace_back(name);
    return;
  }
  for (const std::string& base : it->second.bases)
    if (base != "object" && base != "ABC" && base != "Generic") collect_fields(index, base, fields, owners, unknown, depth + 1);
  for (const DataclassField& f : it->second.fields) {
    auto same = std::find_if(fields.begin(), fields.end(), [&](const DataclassField* g) { return g->name == f.name; });
    if (same != fields.end()) {
      owners[static_cast<std::size_t>(same - fields.begin())] = &it->second;
      *same = &f;
    } else {
      fields.push_back(&f);
      owners.push_back(&it->second);
    }
  }
}

class DataclassReader {
 public:
  explicit DataclassReader(std::string_view source) : m_source(source) {}

  std::vector<Dataclass> run() {
    StatementReader reader(m_source);
    Statement s;
    // Copies: the reader reuses its token buffer for every logical line.
    std::vector<std::vector<Token>> decorators;
    while (reader.next(s)) {
      if (s.tokens.empty()) continue;
      if (s.is_header) {
        header(reader, s.tokens, decorators);
        decorators.clear();
        continue;
      }
      if (s.tokens[0].is_op("@")) {
        decorators.emplace_back(s.tokens.begin(), s.tokens.end());
        continue;
      }
      decorators.clear();
      auto blocks = reader.blocks();
      if (blocks.empty() || blocks.back().kind != BlockKind::Class) continue;
      auto it = m_class_of_block.find(blocks.back().id);
      if (it != m_class_of_block.end()) body_statement(m_out[it->second], s.tokens);
    }
    return std::move(m_out);
  }

 private:
  void header(const StatementReader& reader, Tokens tokens, const std::vector<std::vector<Token>>& decorators) {
    if (tokens.size() < 3 || !tokens[0].is_name("class") || tokens[1].kind != TokenKind::Name) return;
    bool dataclass = false;
    for (Tokens d : decorators) {
      std::size_t i = 1;
      std::string name = dotted_at(d, i);
      if (name == "dataclass" || name == "dataclasses.dataclass" || name == "pydantic.dataclasses.dataclass") dataclass = true;
    }
    if (!dataclass) return;
    Dataclass c;
    c.name = std::string(tokens[1].text);
    c.at = {tokens[0].line, tokens[0].column};
    if (tokens[2].is_op("("))
      for (Tokens arg : call_arguments(tokens, 2)) {
        if (arg.size() >= 2 && arg[1].is_op("=")) continue;  // metaclass=...
        std::size_t i = 0;
        std::string base = dotted_at(arg, i);
        if (!base.empty()) c.bases.push_back(last_component(base));
      }
    m_class_of_block[reader.blocks().back().id] = m_out.size();
    m_out.push_back(std::move(c));
  }

  void body_statement(Dataclass& c, Tokens t) {
    if (t.size() >= 3 && t[0].is_name("_argument_group_name") && t[1].is_op("=")) {
      StaticValue v = evaluate(t.subspan(2), no_bindings(), m_source);
      if (v.kind == K::String) c.group = v.text;
      return;
    }
    if (t.size() < 3 || t[0].kind != TokenKind::Name || !t[1].is_op(":")) return;
    std::size_t eq = find_top_level(t, "=");
    Tokens annotation = t.subspan(2, std::min(eq, t.size()) - 2);
    if (annotation.empty()) return;
    std::string type = source_text(annotation, m_source);
    if (type.find("ClassVar") != std::string::npos || type.find("InitVar") != std::string::npos) return;
    DataclassField f;
    f.name = std::string(t[0].text);
    f.type = type;
    f.at = {t[0].line, t[0].column};
    if (eq < t.size()) {
      StaticValue v = evaluate(t.subspan(eq + 1), no_bindings(), m_source);
      std::string callee = callee_of(v);
      if (callee == "field" || callee == "HfArg") {
        if (const StaticValue* init = v.find("init"); init && init->kind == K::Bool && init->text == "False") return;
        if (const StaticValue* d = v.find("default")) f.default_value = display(*d);
        else if (const StaticValue* factory = v.find("default_factory")) f.default_value = "factory " + factory->text;
        const StaticValue* meta = callee == "HfArg" ? &v : v.find("metadata");
        if (meta) {
          if (const StaticValue* help = meta->find("help"); help && help->kind == K::String) f.help = help->text;
          if (const StaticValue* aliases = meta->find("aliases")) {
            if (aliases->kind == K::String) f.aliases.push_back(aliases->text);
            for (const StaticValue& a : aliases->items)
              if (a.kind == K::String) f.aliases.push_back(a.text);
          }
        }
      } else {
        f.default_value = display(v);
      }
    }
    c.fields.push_back(std::move(f));
  }

  std::string_view m_source;
  std::vector<Dataclass> m_out;
  std::map<std::uint32_t, std::size_t> m_class_of_block;
};

class ArgparseReader {
 public:
  ArgparseReader(std::string_view source, const DataclassIndex* dataclasses)
      : m_source(source), m_dataclasses(dataclasses) {}

  ArgparseModel run() {
    StatementReader reader(m_source);
    Statement s;
    // Copies: the reader reuses its token buffer for every logical line.
    std::vector<std::vector<Token>> decorators;
    while (reader.next(s)) {
      if (s.tokens.empty()) continue;
      if (s.is_header) {
        if (!decorators.empty()) click_command(s.tokens, decorators);
        decorators.clear();
        continue;
      }
      if (s.tokens[0].is_op("@")) {
        decorators.emplace_back(s.tokens.begin(), s.tokens.end());
        continue;
      }
      decorators.clear();
      statement(s.tokens);
    }
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
    if (calls(value, "HfArgumentParser")) {
      hf_argument_parser(name, value, at);
      return;
    }
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

  // `parser = HfArgumentParser((ModelArguments, TrainingArguments), allow_abbrev=False)`.
  void hf_argument_parser(const std::string& name, Tokens value, const Token& at) {
    ArgParser parser;
    parser.kind = ArgParser::Kind::HfArgumentParser;
    parser.variable = name;
    parser.at = {at.line, at.column};
    std::size_t open = 0;
    while (open + 1 < value.size() && !(value[open].is_name("HfArgumentParser") && value[open + 1].is_op("("))) ++open;
    std::vector<std::string> classes;
    for (Tokens arg : call_arguments(value, open + 1)) {
      if (arg.size() >= 2 && arg[0].kind == TokenKind::Name && arg[1].is_op("=")) {
        if (arg[0].is_name("allow_abbrev") && arg.size() == 3 && arg[2].is_name("False")) parser.allow_abbrev = false;
        if (arg[0].is_name("dataclass_types")) classes = class_names(arg.subspan(2));
        continue;
      }
      if (classes.empty()) classes = class_names(arg);
    }
    std::vector<const DataclassField*> fields;
    std::vector<const Dataclass*> owners;
    for (const std::string& c : classes) {
      if (m_dataclasses) collect_fields(*m_dataclasses, c, fields, owners, parser.unknown_classes);
      else parser.unknown_classes.push_back(c);
    }
    parser.complete = parser.unknown_classes.empty();
    for (std::size_t i = 0; i < fields.size(); ++i) add_field(parser, *fields[i], *owners[i]);
    m_model.parsers.push_back(std::move(parser));
    m_aliases.erase(name);
  }

  static void add_field(ArgParser& parser, const DataclassField& f, const Dataclass& owner) {
    std::string dashes = f.name;
    for (char& c : dashes)
      if (c == '_') c = '-';
    ArgOption option;
    option.flags.push_back("--" + f.name);
    if (dashes != f.name) option.flags.push_back("--" + dashes);
    for (const std::string& a : f.aliases) option.flags.push_back(a);
    option.dest = f.name;
    option.type = f.type;
    option.default_value = f.default_value;
    option.help = f.help;
    option.group = owner.group;
    option.field = owner.name + "." + f.name;
    option.at = f.at;
    bool boolean = is_bool_annotation(f.type);
    if (boolean) option.action = "store_true";  // nargs="?", const=True: `--x` or `--x false`
    parser.options.push_back(option);
    if (boolean && f.default_value == "True") {
      ArgOption negative = option;
      negative.flags = {"--no_" + f.name, "--no-" + dashes};
      negative.action = "store_false";
      parser.options.push_back(std::move(negative));
    }
  }

  // A `def` decorated with @click.command() / @click.group() / @cli.command(...):
  // its @click.option / @click.argument decorators are its options.
  void click_command(Tokens header, const std::vector<std::vector<Token>>& decorators) {
    std::size_t def = header[0].is_name("async") ? 1 : 0;
    if (header.size() < def + 2 || !header[def].is_name("def") || header[def + 1].kind != TokenKind::Name) return;
    ArgParser parser;
    parser.kind = ArgParser::Kind::Click;
    parser.allow_abbrev = false;  // click matches long options exactly
    parser.variable = std::string(header[def + 1].text);
    parser.at = {header[def].line, header[def].column};
    bool command = false;
    for (Tokens d : decorators) {
      std::size_t i = 1;
      std::string name = dotted_at(d, i);
      auto dot = name.rfind('.');
      std::string owner = dot == std::string::npos ? std::string() : name.substr(0, dot);
      std::string method = last_component(name);
      bool from_click = owner.empty() || owner == "click";
      StaticValue call = i < d.size() && d[i].is_op("(") ? evaluate(d.subspan(1), no_bindings(), m_source) : StaticValue{};
      if (method == "command" || method == "group") {
        command = true;
        if (!from_click) parser.parent = owner;
        if (!call.items.empty() && call.items[0].kind == K::String) parser.subcommand = call.items[0].text;
        else if (!from_click) parser.subcommand = click_command_name(parser.variable);
      } else if (!from_click) {
        continue;
      } else if (method == "option") {
        click_option(parser, call, d[0]);
      } else if (method == "argument") {
        for (const StaticValue& item : call.items)
          if (item.kind == K::String) {
            ArgOption a;
            a.positional = item.text;
            a.dest = click_dest(item.text);
            a.at = {d[0].line, d[0].column};
            parser.options.push_back(std::move(a));
            break;
          }
      } else if (method == "version_option" || method == "help_option" || method == "password_option" ||
                 method == "confirmation_option") {
        ArgOption o;
        for (const StaticValue& item : call.items)
          if (item.kind == K::String && !item.text.empty() && item.text[0] == '-') o.flags.push_back(item.text);
        if (o.flags.empty())
          o.flags.push_back(method == "version_option"    ? "--version"
                            : method == "help_option"     ? "--help"
                            : method == "password_option" ? "--password"
                                                          : "--yes");
        o.dest = click_dest(o.flags.front());
        o.action = method == "version_option" || method == "help_option" ? method.substr(0, method.find('_')) : "";
        o.at = {d[0].line, d[0].column};
        parser.options.push_back(std::move(o));
      }
    }
    if (command) m_model.parsers.push_back(std::move(parser));
  }

  // click: `name = f.__name__.lower().replace("_", "-")`.
  static std::string click_command_name(std::string name) {
    for (char& c : name) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
  }

  static std::string click_dest(std::string_view decl) {
    std::string name(decl.substr(std::min(decl.find_first_not_of('-'), decl.size())));
    for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
  }

  // click.core.Option._parse_decls: an identifier names the parameter; "/"
  // (";" when the declaration starts with "/") splits on and off spellings;
  // otherwise the longest-prefixed option names it.
  static void click_option(ArgParser& parser, const StaticValue& call, const Token& at) {
    ArgOption o;
    std::string name;
    std::vector<std::string> primary;
    bool secondary = false;
    for (const StaticValue& item : call.items) {
      if (item.kind != K::String) continue;
      const std::string& decl = item.text;
      if (is_identifier(decl)) {
        name = decl;
        continue;
      }
      char split = !decl.empty() && decl[0] == '/' ? ';' : '/';
      if (auto at_split = decl.find(split); at_split != std::string::npos) {
        std::string first(decl.substr(0, at_split)), second(decl.substr(at_split + 1));
        while (!first.empty() && first.back() == ' ') first.pop_back();
        while (!second.empty() && second.front() == ' ') second.erase(0, 1);
        if (!first.empty()) {
          o.flags.push_back(first);
          primary.push_back(first);
        }
        if (!second.empty()) {
          o.flags.push_back(second);
          secondary = true;
        }
      } else {
        o.flags.push_back(decl);
        primary.push_back(decl);
      }
    }
    if (o.flags.empty()) return;
    if (name.empty() && !primary.empty()) {
      const std::string* best = &primary.front();
      auto prefix = [](const std::string& s) { return std::min(s.find_first_not_of('-'), s.size()); };
      for (const std::string& p : primary)
        if (prefix(p) > prefix(*best)) best = &p;
      name = click_dest(*best);
    }
    o.dest = name;
    const StaticValue* is_flag = call.find("is_flag");
    if ((is_flag && is_flag->kind == K::Bool && is_flag->text == "True") || secondary) o.action = "store_true";
    if (const StaticValue* count = call.find("count"); count && count->text == "True") o.action = "count";
    if (const StaticValue* multiple = call.find("multiple"); multiple && multiple->text == "True") o.action = "append";
    if (const StaticValue* def = call.find("default")) o.default_value = display(*def);
    if (const StaticValue* type = call.find("type")) o.type = type->text;
    if (const StaticValue* help = call.find("help")) o.help = help->text;
    o.at = {at.line, at.column};
    parser.options.push_back(std::move(o));
  }

  std::string_view m_source;
  const DataclassIndex* m_dataclasses = nullptr;
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

std::vector<Dataclass> read_dataclasses(std::string_view source) { return DataclassReader(source).run(); }

ArgparseModel read_argparse(std::string_view source, const DataclassIndex* dataclasses) {
  DataclassIndex own;
  if (source.find("HfArgumentParser") != std::string_view::npos) {
    if (dataclasses) own = *dataclasses;
    for (Dataclass& c : read_dataclasses(source)) own.try_emplace(c.name, std::move(c));
    dataclasses = &own;
  }
  return ArgparseReader(source, dataclasses).run();
}

std::vector<FileArgparse> read_project_argparse(const PythonScan& scan) { return scan.parsers; }

bool may_define_parser(std::string_view source) {
  bool click = source.find("click") != std::string_view::npos && source.find('@') != std::string_view::npos;
  return click || source.find("add_argument") != std::string_view::npos || needs_project_dataclasses(source);
}

bool may_define_dataclass(std::string_view source) { return source.find("dataclass") != std::string_view::npos; }

bool needs_project_dataclasses(std::string_view source) {
  return source.find("HfArgumentParser") != std::string_view::npos;
}

ArgparseModel read_argparse_in_project(std::string_view source, const DataclassIndex& project) {
  return ArgparseReader(source, &project).run();
}

namespace {

bool is_char_op(const Token& t, char c) { return t.kind == TokenKind::Op && t.text.size() == 1 && t.text[0] == c; }

// One token of the attribute-read patterns, with the four before it (oldest
// first): `x.name`, `vars(`, `x.__dict__`, `getattr(x, "name"`.
template <typename Names>
void attribute_read(const Token* p, const Token& t, Names& names, bool& reads_all) {
  if (t.kind == TokenKind::Name) {
    if (!is_char_op(p[3], '.')) return;
    if (t.text == "__dict__") reads_all = true;
    else if (names.find(t.text) == names.end()) names.emplace(t.text);
  } else if (t.kind == TokenKind::Op) {
    if (is_char_op(t, '(') && p[3].is_name("vars")) reads_all = true;
  } else if (t.kind == TokenKind::String) {
    if (p[0].is_name("getattr") && is_char_op(p[1], '(') && is_char_op(p[3], ','))
      if (auto name = string_literal_value(t.text)) names.insert(*name);
  }
}

}  // namespace

AttributeReads read_attributes(std::string_view source, AttributeReads into) {
  Tokenizer tokenizer(source);
  Token p[4];  // the four tokens before t, oldest first
  for (Token t = tokenizer.next(); t.kind != TokenKind::EndOfFile; t = tokenizer.next()) {
    attribute_read(p, t, into.names, into.reads_all);
    p[0] = p[1];
    p[1] = p[2];
    p[2] = p[3];
    p[3] = t;
  }
  return into;
}

void AttributeReadsAccumulator::add(std::span<const Token> statement) {
  Token p[4];
  for (const Token& t : statement) {
    attribute_read(p, t, names, reads_all);
    p[0] = p[1];
    p[1] = p[2];
    p[2] = p[3];
    p[3] = t;
  }
}

void AttributeReadsAccumulator::merge_into(AttributeReads& into) {
  into.reads_all |= reads_all;
  for (auto it = names.begin(); it != names.end();) {
    auto node = names.extract(it++);
    into.names.insert(std::move(node.value()));
  }
}

const AttributeReads& project_attribute_reads(const PythonScan& scan) { return scan.attributes; }

std::vector<const ArgOption*> unread_options(const ArgParser& parser, const AttributeReads& reads) {
  std::vector<const ArgOption*> out;
  if (reads.reads_all || parser.kind == ArgParser::Kind::Click) return out;
  for (const ArgOption& o : parser.options) {
    if (o.action == "help" || o.action == "version" || o.dest.empty() || !o.field.empty()) continue;
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
      for (const std::string& guard : r.guards())
        if (auto it = flag_by_dest.find(guard); it != flag_by_dest.end())
          out.push_back(FlagGuard{it->second, guard, files[i].path, r});
  return out;
}

}  // namespace mlstack::project::python
