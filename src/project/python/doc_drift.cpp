// SPDX-License-Identifier: MIT
#include "project/python/doc_drift.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/edit_distance.h"
#include "project/python/entry_graph.h"

namespace mlstack::project::python {

namespace {

bool is_python(std::string_view word) {
  word = word.substr(word.rfind('/') == std::string_view::npos ? 0 : word.rfind('/') + 1);
  if (word.rfind("python", 0) != 0) return false;
  word.remove_prefix(6);
  return std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

bool is_launcher(std::string_view word) {
  return word == "torchrun" || word == "deepspeed" || word == "accelerate" || word == "launch";
}

bool is_launcher_module(std::string_view module) {
  return module == "torch.distributed.launch" || module == "torch.distributed.run" || module == "deepspeed" ||
         module == "accelerate.commands.launch";
}

bool is_env_assignment(std::string_view word) {
  auto eq = word.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  return std::all_of(word.begin(), word.begin() + static_cast<long>(eq),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool looks_numeric(std::string_view word) {
  if (word.size() < 2) return false;
  return std::isdigit(static_cast<unsigned char>(word[1])) || word[1] == '.';
}

std::string normalized(std::string_view option) {
  std::string out;
  for (char c : option.substr(std::min(option.find_first_not_of('-'), option.size()))) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += l == '-' ? '_' : l;
  }
  return out;
}

std::string closest(std::string_view flag, const std::set<std::string>& options) {
  std::string want = normalized(flag);
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const std::string& o : options) {
    std::size_t d = edit_distance(want, normalized(o));
    if (d < best_distance) {
      best_distance = d;
      best = o;
    }
  }
  std::size_t limit = std::max<std::size_t>(2, want.size() / 3);
  return best_distance <= limit ? best : std::string();
}

FlagCheck check_flag(std::string_view flag, const std::set<std::string>& options, bool allow_abbrev) {
  FlagCheck check;
  check.flag = std::string(flag);
  if (options.count(check.flag)) return check;
  if (allow_abbrev && flag.size() > 2) {
    for (const std::string& o : options)
      if (o.size() > flag.size() && o.compare(0, flag.size(), flag) == 0 && (flag[1] == '-') == (o[1] == '-'))
        check.matches.push_back(o);
    if (check.matches.size() == 1) {
      check.status = FlagStatus::Abbreviation;
      return check;
    }
    if (check.matches.size() > 1) {
      check.status = FlagStatus::Ambiguous;
      return check;
    }
  }
  // `-lr0.1` / `-vvv`: a short option with its value or repeats attached.
  if (flag.size() > 2 && flag[1] != '-' && options.count(std::string(flag.substr(0, 2)))) {
    check.matches.push_back(std::string(flag.substr(0, 2)));
    return check;
  }
  check.status = FlagStatus::Undefined;
  check.suggestion = closest(flag, options);
  return check;
}

}  // namespace

const char* to_string(FlagStatus status) {
  switch (status) {
    case FlagStatus::Exact: return "exact";
    case FlagStatus::Abbreviation: return "abbreviation";
    case FlagStatus::Ambiguous: return "ambiguous";
    case FlagStatus::Undefined: return "undefined";
    case FlagStatus::Unknown: return "unknown";
  }
  return "?";
}

std::vector<std::string> shell_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == '\\' && i + 1 < command.size()) {
      char n = command[++i];
      if (n == '\n') continue;  // line continuation
      word += n;
      in_word = true;
    } else if (c == '\'' || c == '"') {
      std::size_t close = command.find(c, i + 1);
      if (close == std::string_view::npos) close = command.size();
      word.append(command.substr(i + 1, close - i - 1));
      i = close;
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (!in_word && (c == '|' || c == ';' || c == '&' || c == '>' || c == '<' || c == '#')) {
      break;
    } else if (in_word && (c == '|' || c == ';' || c == '>' || (c == '&' && i + 1 < command.size() && command[i + 1] == '&'))) {
      break;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::optional<CommandCheck> check_command(std::string_view command, const PythonScan& scan,
                                          const std::vector<FileArgparse>& parsers, std::string_view working_dir) {
  return check_command(command, scan, parsers, std::vector<std::string>{std::string(working_dir)});
}

std::optional<CommandCheck> check_command(std::string_view command, const PythonScan& scan,
                                          const std::vector<FileArgparse>& parsers,
                                          const std::vector<std::string>& working_dirs) {
  std::vector<std::string> words = shell_words(command);
  std::size_t i = 0;
  while (i < words.size() && (is_env_assignment(words[i]) || words[i] == "sudo" || words[i] == "env" ||
                              words[i] == "nohup" || words[i] == "time" || words[i] == "exec"))
    ++i;
  if (i >= words.size()) return std::nullopt;

  CommandCheck check;
  for (std::size_t k = i; k < words.size(); ++k) check.command += (k > i ? " " : "") + words[k];
  std::string module, script;
  bool launcher = false;
  if (is_python(words[i])) {
    ++i;
    while (i < words.size() && words[i].size() > 1 && words[i][0] == '-') {
      if (words[i].rfind("-c", 0) == 0) return std::nullopt;
      if (words[i] == "-m") {
        if (i + 1 < words.size()) module = words[i + 1];
        i += 2;
        break;
      }
      if (words[i].rfind("-m", 0) == 0) {  // `python -mpip`: the module attached
        module = words[i].substr(2);
        ++i;
        break;
      }
      i += (words[i] == "-W" || words[i] == "-X") ? 2 : 1;
    }
    if (module.empty() && i < words.size()) script = words[i++];
    if (module.empty() && (script.empty() || script == "-")) return std::nullopt;  // the REPL, or stdin
    if (!module.empty() && is_launcher_module(module)) {
      module.clear();
      launcher = true;
    }
  } else if (is_launcher(words[i])) {
    launcher = true;
    ++i;
  } else if (words[i].size() > 3 && words[i].substr(words[i].size() - 3) == ".py") {
    script = words[i++];
  } else {
    return std::nullopt;
  }
  if (launcher) {
    for (; i < words.size(); ++i) {
      if ((words[i] == "-m" || words[i] == "--module") && i + 1 < words.size()) {
        module = words[i + 1];
        i += 2;
        break;
      }
      if (words[i].size() > 3 && words[i].substr(words[i].size() - 3) == ".py") {
        script = words[i++];
        break;
      }
    }
    if (module.empty() && script.empty()) return std::nullopt;
  }

  const ProjectLayout& layout = scan.layout;
  const PythonFile* target = nullptr;
  if (!module.empty()) {
    check.kind = CommandCheck::TargetKind::Module;
    check.target = module;
    std::string_view top = std::string_view(module).substr(0, module.find('.'));
    if (!layout.top_level_names().count(top)) return std::nullopt;  // not the project's module
    target = module_entry_file(layout, module);
  } else {
    check.kind = CommandCheck::TargetKind::Script;
    check.target = script;
    std::string_view s = script;
    while (s.rfind("./", 0) == 0) s.remove_prefix(2);
    for (const std::string& dir : working_dirs) {
      if (target) break;
      if (!dir.empty()) target = layout.find_path(std::string(dir) + "/" + std::string(s));
    }
    if (!target) target = layout.find_path(s);
    if (!target && !s.empty() && s.front() != '/') {
      std::string suffix = "/" + std::string(s);
      for (const PythonFile& f : layout.files())
        if (f.path.size() > suffix.size() && f.path.compare(f.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
          check.found_elsewhere = f.path;
          break;
        }
    }
  }
  if (!target) return check;
  check.target_exists = true;
  check.target_file = target->path;

  // The parsers that define its options: its own, else those of the files it imports.
  std::vector<const FileArgparse*> used;
  for (const FileArgparse& f : parsers)
    if (f.file == target->path) used.push_back(&f);
  if (used.empty()) {
    EntryGraph graph = entry_graph(scan, target->path);
    for (const FileArgparse& f : parsers)
      if (std::find(graph.files.begin(), graph.files.end(), f.file) != graph.files.end()) used.push_back(&f);
  }
  std::set<std::string> options;
  for (const FileArgparse* f : used) {
    check.parser_files.push_back(f->file);
    for (const ArgParser& p : f->model.parsers) {
      if (!p.allow_abbrev) check.allow_abbrev = false;
      if (!p.complete) check.options_complete = false;
      if (p.kind == ArgParser::Kind::Click) check.parser_library = "click";
      else if (p.kind == ArgParser::Kind::HfArgumentParser) check.parser_library = "HfArgumentParser";
      for (const ArgOption& o : p.options) options.insert(o.flags.begin(), o.flags.end());
    }
  }
  check.parsers_found = !options.empty();
  if (!check.parsers_found) return check;
  options.insert("-h");
  options.insert("--help");

  for (; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "--") break;
    if (w.size() < 2 || w[0] != '-' || looks_numeric(w)) continue;
    w = w.substr(0, w.find('='));
    FlagCheck flag = check_flag(w, options, check.allow_abbrev);
    if (!check.options_complete && flag.status != FlagStatus::Exact) {
      flag.status = FlagStatus::Unknown;  // may be one of the options the project does not define
      flag.matches.clear();
      flag.suggestion.clear();
    }
    check.flags.push_back(std::move(flag));
  }
  return check;
}

}  // namespace mlstack::project::python
