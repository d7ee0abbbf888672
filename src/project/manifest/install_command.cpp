// SPDX-License-Identifier: MIT
#include "project/manifest/install_command.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "project/manifest/detail/text.h"
#include "project/manifest/environment_yml.h"
#include "project/manifest/poetry_constraint.h"

namespace mlstack::project {
namespace {

using Words = std::vector<ShellWord>;

std::string_view basename(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "pip", "pip3", "pip3.11"
bool is_versioned(std::string_view word, std::string_view stem) {
  if (!word.starts_with(stem)) return false;
  std::string_view rest = word.substr(stem.size());
  return std::all_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

bool in(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Skips words that only wrap a command: sudo, env, time, shell keywords, runners.
std::size_t skip_prefixes(const Words& words, std::size_t i) {
  while (i < words.size()) {
    std::string_view w = words[i].text;
    if (in(w, {"then", "do", "else", "elif", "if", "while", "until", "!", "time", "exec", "nohup", "command", "{",
               "eval"})) {
      ++i;
    } else if (w == "sudo") {
      ++i;
      while (i < words.size() && words[i].text.starts_with("-")) {
        bool takes = in(words[i].text, {"-u", "-g", "-C", "-h", "-p", "-U"});
        i += takes ? 2 : 1;
      }
    } else if (w == "env") {
      ++i;
      while (i < words.size() && (words[i].text.starts_with("-") || words[i].text.find('=') != std::string::npos)) ++i;
    } else if ((w == "poetry" || w == "uv" || w == "pdm" || w == "hatch" || w == "pipenv") && i + 1 < words.size() &&
               words[i + 1].text == "run") {
      i += 2;
      while (i < words.size() && words[i].text.starts_with("-")) {
        bool takes = in(words[i].text, {"--with", "--python", "-p", "--env", "--project", "--directory", "--group",
                                        "--extra", "--index", "--env-file"});
        i += takes ? 2 : 1;
      }
    } else if ((w == "conda" || w == "mamba" || w == "micromamba") && i + 1 < words.size() && words[i + 1].text == "run") {
      i += 2;
      while (i < words.size() && words[i].text.starts_with("-")) {
        bool takes = in(words[i].text, {"-n", "--name", "-p", "--prefix", "--cwd"});
        i += takes ? 2 : 1;
      }
    } else {
      break;
    }
  }
  return i;
}

enum class Family { Pip, UvAdd, PoetryAdd, Conda };

struct Recognized {
  Family family;
  std::string installer;
  std::size_t args;  // index of the first argument
};

std::optional<Recognized> recognize(const Words& words, std::size_t i) {
  if (i >= words.size()) return std::nullopt;
  std::string_view cmd = basename(words[i].text);
  auto at = [&](std::size_t k) -> std::string_view { return i + k < words.size() ? std::string_view(words[i + k].text) : ""; };
  if (is_versioned(cmd, "pip") && at(1) == "install") return Recognized{Family::Pip, "pip", i + 2};
  if (is_versioned(cmd, "python") || cmd == "py") {
    std::size_t k = 1;
    while (i + k < words.size() && words[i + k].text.starts_with("-") && words[i + k].text != "-m") ++k;
    if (at(k) == "-m" && at(k + 1) == "pip" && at(k + 2) == "install") return Recognized{Family::Pip, "pip", i + k + 3};
    if (at(k) == "-m" && at(k + 1) == "uv" && at(k + 2) == "pip" && at(k + 3) == "install") {
      return Recognized{Family::Pip, "uv pip", i + k + 4};
    }
    return std::nullopt;
  }
  if (cmd == "uv" && at(1) == "pip" && at(2) == "install") return Recognized{Family::Pip, "uv pip", i + 3};
  if (cmd == "uv" && at(1) == "add") return Recognized{Family::UvAdd, "uv add", i + 2};
  if (cmd == "poetry" && at(1) == "add") return Recognized{Family::PoetryAdd, "poetry add", i + 2};
  if ((cmd == "conda" || cmd == "mamba" || cmd == "micromamba") && (at(1) == "install" || at(1) == "create")) {
    return Recognized{Family::Conda, std::string(cmd), i + 2};
  }
  return std::nullopt;
}

// Options that take a value, per family ("--opt value" or "--opt=value").
bool takes_value(Family family, std::string_view option) {
  switch (family) {
    case Family::Pip:
    case Family::UvAdd:
      return in(option, {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
                         "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src",
                         "--upgrade-strategy", "--only-binary", "--no-binary", "-C", "--config-settings",
                         "--global-option", "--trusted-host", "--python-version", "--platform", "--implementation",
                         "--abi", "--progress-bar", "--log", "--cache-dir", "--report", "--proxy", "--retries",
                         "--timeout", "--exists-action", "--python", "-p", "--index-strategy", "--torch-backend",
                         "--index", "--default-index", "--group", "--optional", "--extra", "--override",
                         "--resolution", "--prerelease", "--keyring-provider", "--link-mode", "--python-platform",
                         "--refresh-package", "--reinstall-package", "--upgrade-package", "-P",
                         "--no-binary-package", "--no-build-package", "-b", "--build-constraint",
                         "--exclude-newer", "--rev", "--tag", "--branch", "--marker", "-m", "--package",
                         "--directory", "--project", "--config-file", "--bounds"});
    case Family::PoetryAdd:
      return in(option, {"--group", "-G", "--extras", "-E", "--source", "--python", "--platform", "--markers",
                         "--directory", "-C", "--project", "-P"});
    case Family::Conda:
      return in(option, {"-c", "--channel", "-n", "--name", "-p", "--prefix", "--file", "--solver",
                         "--repodata-fn", "--platform", "--subdir", "--override-channels-to"});
  }
  return false;
}

class CommandReader {
 public:
  CommandReader(const Words& words, Recognized recognized, const OriginAt& origin_at, Manifest& manifest)
      : m_words(words), m_recognized(std::move(recognized)), m_origin_at(origin_at), m_manifest(manifest) {}

  void run() {
    std::size_t first_requirement = m_manifest.requirements.size();
    std::size_t first_index = m_manifest.indexes.size();
    for (std::size_t i = m_recognized.args; i < m_words.size(); ++i) {
      const ShellWord& word = m_words[i];
      std::string_view text = word.text;
      if (text == "--") continue;
      if (text.starts_with("-") && text.size() > 1) {
        std::string_view option = text;
        std::string_view value;
        bool has_value = false;
        const ShellWord* value_word = &word;
        if (std::size_t eq = text.find('='); eq != std::string_view::npos && text.starts_with("--")) {
          option = text.substr(0, eq);
          value = text.substr(eq + 1);
          has_value = true;
        } else if (takes_value(m_recognized.family, option) && i + 1 < m_words.size()) {
          value_word = &m_words[++i];
          value = value_word->text;
          has_value = true;
        }
        apply_option(option, has_value ? std::optional<std::string_view>(value) : std::nullopt, *value_word);
        bool editable = m_recognized.family == Family::Pip || m_recognized.family == Family::UvAdd;
        if (editable && in(option, {"-e", "--editable"}) && has_value) add(*value_word, /*editable=*/true);
        continue;
      }
      // A single-letter short option with its value attached ("-rrequirements.txt") is rare; words
      // that do not start with '-' are packages.
      add(word, false);
    }
    // Options apply to the whole command, wherever they stand in it; indexes
    // named on the command line serve the packages of the same command.
    std::vector<std::string> names;
    for (std::size_t r = first_requirement; r < m_manifest.requirements.size(); ++r) {
      auto& requirement = m_manifest.requirements[r];
      for (const auto& note : m_notes) requirement.notes.push_back(note);
      requirement.source = m_source;
      if (!m_group.empty()) {
        requirement.scope = Scope::Group;
        requirement.group = m_group;
      } else if (!m_extra.empty()) {
        requirement.scope = Scope::Extra;
        requirement.group = m_extra;
      }
      std::string_view text = requirement.text;
      names.emplace_back(requirement.name.empty() ? text.substr(0, text.find_first_of(" [<>=!~;@(")) : requirement.name);
    }
    for (std::size_t x = first_index; x < m_manifest.indexes.size(); ++x) m_manifest.indexes[x].packages = names;
  }

 private:
  void apply_option(std::string_view option, std::optional<std::string_view> value, const ShellWord& word) {
    Family family = m_recognized.family;
    Origin at = m_origin_at(word.offset);
    auto index = [&](IndexEntry::Kind kind) {
      if (!value) return;
      IndexEntry entry;
      entry.kind = kind;
      entry.url = std::string(*value);
      entry.name = family == Family::Conda ? entry.url : std::string();
      entry.origin = at;
      m_manifest.indexes.push_back(std::move(entry));
    };
    if (family == Family::Conda) {
      if (in(option, {"-c", "--channel"})) index(IndexEntry::Kind::CondaChannel);
      if (option == "--file" && value) m_manifest.includes.emplace_back(*value);
      return;
    }
    if (family == Family::PoetryAdd) {
      if (in(option, {"--group", "-G"}) && value) m_group = std::string(*value);
      if (in(option, {"--dev", "-D"})) m_group = "dev";
      if (option == "--source" && value) m_source = std::string(*value);
      if (option == "--allow-prereleases") m_notes.push_back("allows pre-releases");
      return;
    }
    if (in(option, {"-r", "--requirement"}) && value) m_manifest.includes.emplace_back(*value);
    else if (in(option, {"-c", "--constraint"}) && value) m_manifest.includes.emplace_back(*value);
    else if (in(option, {"-i", "--index-url", "--default-index"})) index(IndexEntry::Kind::IndexUrl);
    else if (in(option, {"--extra-index-url", "--index"})) index(IndexEntry::Kind::ExtraIndexUrl);
    else if (in(option, {"-f", "--find-links"})) index(IndexEntry::Kind::FindLinks);
    else if (option == "--no-index") index(IndexEntry::Kind::NoIndex);
    else if (option == "--pre" || (option == "--prerelease" && value && *value == "allow")) m_manifest.pre_releases = true;
    else if (option == "--group" && value) m_group = std::string(*value);
    else if (option == "--dev") m_group = "dev";
    else if (option == "--optional" && value) m_extra = std::string(*value);
    else if (in(option, {"--no-build-isolation", "--no-deps", "--force-reinstall", "-U", "--upgrade", "--no-binary",
                         "--only-binary", "--torch-backend"})) {
      m_notes.push_back(value ? fmt::format("{} {}", option, *value) : std::string(option));
    }
    if (option == "--no-index" && !m_manifest.indexes.empty() && m_manifest.indexes.back().kind == IndexEntry::Kind::NoIndex) {
      m_manifest.indexes.back().origin = at;
    }
  }

  void add(const ShellWord& word, bool editable) {
    if (word.text.empty()) return;
    DeclaredRequirement requirement;
    requirement.raw = word.text;
    requirement.origin = m_origin_at(word.offset);
    requirement.origin.context = m_recognized.installer;
    requirement.scope = Scope::Install;
    requirement.installer = m_recognized.installer;
    requirement.editable = editable;
    requirement.unresolved = word.unresolved;
    requirement.notes = word.notes;
    for (const auto& name : word.unresolved) {
      requirement.notes.push_back(fmt::format("{} is not assigned a literal value in this file", name));
    }
    std::string_view text = word.text;
    switch (m_recognized.family) {
      case Family::Conda: {
        requirement.form = RequirementForm::Conda;
        auto pep = conda_spec_to_pep508(text);
        requirement.text = pep ? *pep : std::string(text);
        if (!pep) requirement.notes.push_back(pep.error());
        break;
      }
      case Family::PoetryAdd: {
        // name@constraint, name@git+url, a PEP 508 string, a URL or a path.
        std::size_t at = text.find('@');
        if (at != std::string_view::npos && at > 0 && !detail::looks_like_url(text)) {
          std::string name(detail::trim(text.substr(0, at)));
          std::string_view constraint = detail::trim(text.substr(at + 1));
          if (detail::looks_like_url(constraint)) {
            requirement.text = name + " @ " + std::string(constraint);
          } else if (constraint == "latest") {
            requirement.text = name;
            requirement.notes.push_back("@latest: whatever is newest when run");
          } else {
            auto pep = poetry_to_pep440(constraint);
            requirement.text = name + (pep ? *pep : std::string());
            if (!pep) requirement.notes.push_back(pep.error());
          }
        } else {
          requirement.text = std::string(text);
        }
        requirement.form = detail::classify_requirement_text(requirement.text);
        break;
      }
      case Family::Pip:
      case Family::UvAdd:
        requirement.text = std::string(text);
        requirement.form = detail::classify_requirement_text(text);
        // "." or "-e ." installs the project itself.
        break;
    }
    m_manifest.requirements.push_back(std::move(requirement));
  }

  const Words& m_words;
  Recognized m_recognized;
  const OriginAt& m_origin_at;
  Manifest& m_manifest;
  std::string m_group;
  std::string m_extra;
  std::string m_source;
  std::vector<std::string> m_notes;
};

}  // namespace

bool read_install_command(const ShellCommand& command, const OriginAt& origin_at, Manifest& manifest) {
  std::size_t start = skip_prefixes(command.words, 0);
  auto recognized = recognize(command.words, start);
  if (!recognized) return false;
  CommandReader(command.words, std::move(*recognized), origin_at, manifest).run();
  return true;
}

}  // namespace mlstack::project
