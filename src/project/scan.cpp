// SPDX-License-Identifier: MIT
#include "project/scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/mapped_file.h"
#include "pep/name.h"
#include "project/lock/lock_file.h"
#include "project/manifest/analysis.h"
#include "project/manifest/detail/text.h"
#include "project/manifest/discover.h"
#include "project/manifest/environment_yml.h"
#include "project/manifest/pyproject.h"
#include "project/manifest/requirements_txt.h"
#include "project/manifest/setup_cfg.h"
#include "project/manifest/shell_script.h"

namespace mlstack::project {

const char* to_string(PinStatus status) {
  switch (status) {
    case PinStatus::Exact: return "exact";
    case PinStatus::Bounded: return "bounded";
    case PinStatus::LowerBound: return "lower-bound";
    case PinStatus::UpperBound: return "upper-bound";
    case PinStatus::Unpinned: return "unpinned";
    case PinStatus::DirectUrl: return "direct-url";
    case PinStatus::Git: return "git";
    case PinStatus::LocalPath: return "local-path";
    case PinStatus::Unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(Disagreement::Kind kind) {
  switch (kind) {
    case Disagreement::Kind::ConflictingPins: return "conflicting-pins";
    case Disagreement::Kind::PinOutsideRange: return "pin-outside-range";
    case Disagreement::Kind::DisjointRanges: return "disjoint-ranges";
    case Disagreement::Kind::DocsOnly: return "docs-only";
    case Disagreement::Kind::ScriptOnly: return "script-only";
    case Disagreement::Kind::StackPinsOpen: return "stack-pins-open";
    case Disagreement::Kind::StackDiffers: return "stack-differs";
  }
  return "conflicting-pins";
}

namespace {

std::string parent_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

// The project a manifest belongs to: its folder, or for a file under a
// `requirements/` folder (requirements/gpu.txt, requirements/full/x.txt) the
// folder holding that one. A folder with its own requirements file is a
// sub-project like one with a pyproject.toml (internvl_chat_gpt_oss/).
std::string project_folder(std::string_view path) {
  std::string folder = parent_of(path);
  for (std::size_t at = folder.rfind("requirements"); at != std::string::npos;
       at = at == 0 ? std::string::npos : folder.rfind("requirements", at - 1)) {
    if ((at == 0 || folder[at - 1] == '/') && (at + 12 == folder.size() || folder[at + 12] == '/'))
      return at == 0 ? std::string() : folder.substr(0, at - 1);
  }
  return folder;
}

std::string base_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

class Scanner {
 public:
  Scanner(std::string root, const ScanOptions& options) : m_root(std::move(root)), m_options(options) {}

  // Reads a root-relative file, with the size and binary checks every reader relies on.
  Expected<std::string, Finding> load(const std::string& relative) const {
    std::string full = m_root + "/" + relative;
    struct stat st {};
    if (::stat(full.c_str(), &st) != 0) {
      return unexpected(input_error("input.unreadable", fmt::format("cannot read: {}", std::strerror(errno)),
                                    Origin::file(relative)));
    }
    if (static_cast<std::uint64_t>(st.st_size) > m_options.max_file_bytes) {
      return unexpected(input_error(
          "input.file-too-large",
          fmt::format("file is {} bytes, over the {}-byte limit for a manifest; not read",
                      static_cast<std::uint64_t>(st.st_size), m_options.max_file_bytes),
          Origin::file(relative, 1, 1)));
    }
    auto mapped = MappedFile::open(full);
    if (!mapped) return unexpected(input_error("input.unreadable", mapped.error(), Origin::file(relative)));
    std::string_view text = mapped->text();
    if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
      LineColumn lc = line_column(text, nul);
      return unexpected(input_error("input.binary-file",
                                    "file holds NUL bytes: it is binary, not a text manifest; not read",
                                    Origin::file(relative, lc.line, lc.column)));
    }
    return std::string(text);
  }

  ScanResult run(const std::vector<DiscoveredFile>& files) {
    std::set<std::string> folders_with_pyproject;
    std::set<std::string> projects{""};
    for (const auto& file : files) {
      if (file.role == FileRole::Pyproject) folders_with_pyproject.insert(parent_of(file.path));
      if (file.role == FileRole::Pyproject || file.role == FileRole::SetupPy || file.role == FileRole::SetupCfg ||
          file.role == FileRole::Requirements || file.role == FileRole::CondaEnvironment) {
        projects.insert(project_folder(file.path));
      }
    }
    m_result.projects.assign(projects.begin(), projects.end());
    std::set<std::string> top_level_requirements;
    for (const auto& file : files) {
      if (file.role == FileRole::Requirements || file.role == FileRole::Constraints) top_level_requirements.insert(file.path);
    }
    for (const auto& file : files) read(file, folders_with_pyproject);
    // Stacks: the main one, then each alternative manifest.
    m_result.stacks.push_back({"", {}});
    for (std::size_t i = 0; i < m_result.manifests.size(); ++i) {
      const std::string& stack = m_result.manifests[i].stack;
      auto it = std::find_if(m_result.stacks.begin(), m_result.stacks.end(), [&](const StackInfo& s) { return s.name == stack; });
      if (it == m_result.stacks.end()) {
        m_result.stacks.push_back({stack, {i}});
      } else {
        it->manifests.push_back(i);
      }
    }
    // Requirements, parsed; a file pulled in with -r that is also scanned on
    // its own is counted once, under itself.
    for (std::size_t i = 0; i < m_result.manifests.size(); ++i) {
      const Manifest& manifest = m_result.manifests[i];
      for (const auto& finding : manifest.findings) m_result.findings.push_back(finding);
      for (const auto& declared : manifest.requirements) {
        if (!declared.included_from.empty() && top_level_requirements.count(declared.origin.path)) continue;
        m_result.requirements.push_back(
            detail::scan_requirement(declared, i, manifest.kind, m_result.findings));
      }
    }
    // One problem met from several files (an include cycle read from each
    // of its files) is reported once per place.
    std::set<std::string> seen;
    std::vector<Finding> unique;
    for (auto& finding : m_result.findings) {
      std::string key = finding.rule + '\n' + finding.message + '\n' +
                        (finding.origins.empty() ? std::string() : finding.origins.front().to_string());
      if (seen.insert(key).second) unique.push_back(std::move(finding));
    }
    m_result.findings = std::move(unique);
    detail::analyse(m_result, m_locked);
    return std::move(m_result);
  }

 private:
  void read(const DiscoveredFile& file, const std::set<std::string>& folders_with_pyproject) {
    if (file.role == FileRole::Markdown && !m_options.read_markdown) return;
    if ((file.role == FileRole::ShellScript || file.role == FileRole::Dockerfile) && !m_options.read_scripts) return;
    if (file.role == FileRole::PyprojectCandidate && !folders_with_pyproject.count(parent_of(file.path))) return;
    if (file.role == FileRole::Requirements || file.role == FileRole::Constraints) {
      RequirementsOptions options;
      options.scope = file.role == FileRole::Constraints ? Scope::Constraint : Scope::Runtime;
      FileLoader loader = [this](const std::string& path) -> Expected<std::string, std::string> {
        auto text = load(path);
        if (!text) return unexpected(text.error().message);
        return std::move(*text);
      };
      // The file itself is checked first so that its error names it exactly.
      auto text = load(file.path);
      if (!text) {
        m_result.findings.push_back(text.error());
        return;
      }
      m_result.manifests.push_back(read_requirements(file.path, loader, options));
      return;
    }
    auto text = load(file.path);
    if (!text) {
      m_result.findings.push_back(text.error());
      return;
    }
    switch (file.role) {
      case FileRole::Pyproject:
        m_result.manifests.push_back(parse_pyproject(*text, file.path));
        break;
      case FileRole::PyprojectCandidate:
        if (looks_like_pyproject(*text)) {
          Manifest manifest = parse_pyproject(*text, file.path);
          manifest.stack = base_of(file.path);
          m_result.manifests.push_back(std::move(manifest));
        }
        break;
      case FileRole::SetupCfg: {
        Manifest manifest = parse_setup_cfg(*text, file.path);
        if (!manifest.requirements.empty() || manifest.requires_python || !manifest.findings.empty()) {
          m_result.manifests.push_back(std::move(manifest));
        }
        break;
      }
      case FileRole::CondaEnvironment:
        m_result.manifests.push_back(parse_environment_yml(*text, file.path));
        break;
      case FileRole::ShellScript:
        keep_if_any(parse_shell_script(*text, file.path));
        break;
      case FileRole::Dockerfile:
        keep_if_any(parse_dockerfile(*text, file.path));
        break;
      case FileRole::Markdown:
        keep_if_any(parse_markdown(*text, file.path));
        break;
      case FileRole::Lock:
        read_lock(*text, file.path);
        break;
      case FileRole::SetupPy:
        read_setup_py_file(*text, file.path);
        break;
      case FileRole::Requirements:
      case FileRole::Constraints:
        break;
    }
  }

  // Scripts and documents count as sources only when they install something.
  void keep_if_any(Manifest manifest) {
    if (!manifest.requirements.empty() || !manifest.indexes.empty() || !manifest.findings.empty()) {
      m_result.manifests.push_back(std::move(manifest));
    }
  }

  // setup.py through the static Python reader: its requirement strings become
  // declarations like any manifest's; what it cannot resolve is reported.
  void read_setup_py_file(const std::string& text, const std::string& path) {
    python::SetupPy setup = python::read_setup_py(text);
    if (!setup.has_setup_call) return;
    Manifest manifest;
    manifest.path = path;
    manifest.kind = ManifestKind::SetupPy;
    if (setup.name) manifest.name = DeclaredValue{*setup.name, Origin::file(path, setup.setup_at.line, setup.setup_at.column)};
    if (setup.python_requires) {
      manifest.requires_python = DeclaredValue{
          setup.python_requires->text,
          Origin::file(path, setup.python_requires->at.line, setup.python_requires->at.column)};
    }
    for (const auto& requirement : setup.requirements) {
      DeclaredRequirement declared;
      declared.raw = requirement.text;
      declared.text = requirement.text;
      declared.form = detail::classify_requirement_text(requirement.text);
      if (requirement.keyword == "setup_requires") {
        declared.scope = Scope::Build;
      } else if (requirement.keyword == "extras_require") {
        declared.scope = Scope::Extra;
        declared.group = requirement.extra;
      } else if (requirement.keyword == "tests_require") {
        declared.scope = Scope::Group;
        declared.group = "tests";
      }
      declared.origin = Origin::file(path, requirement.at.line, requirement.at.column, requirement.keyword);
      if (requirement.conditional) declared.notes.push_back("added under a condition");
      manifest.requirements.push_back(std::move(declared));
    }
    for (auto& finding : python::unresolved_findings(setup, path)) manifest.findings.push_back(std::move(finding));
    m_result.manifests.push_back(std::move(manifest));
    m_result.setup_scripts.push_back({path, std::move(setup)});
  }

  void read_lock(const std::string& text, const std::string& path) {
    LockFile lock = parse_lock_file(text, path);
    for (const auto& finding : lock.findings) m_result.findings.push_back(finding);
    m_result.lock_files.push_back(path);
    for (const auto& package : lock.packages) {
      if (package.version.empty()) continue;
      // The first entry wins: uv forks list the same package once per marker branch.
      m_locked.emplace(pep::canonicalize_name(package.name), std::make_pair(package.version, path));
    }
  }

  std::string m_root;
  const ScanOptions& m_options;
  ScanResult m_result;
  std::map<std::string, std::pair<std::string, std::string>> m_locked;
};

}  // namespace

Expected<ScanResult, std::string> scan_project(const std::string& root, const ScanOptions& options) {
  std::error_code error;
  auto status = std::filesystem::status(root, error);
  if (error || !std::filesystem::exists(status)) {
    return unexpected(fmt::format("cannot read `{}`: {}", root, error ? error.message() : "no such file or folder"));
  }
  Discovery discovery;
  std::string base = root;
  if (std::filesystem::is_regular_file(status)) {
    // One manifest file: its folder is the root, it is the only file read.
    std::filesystem::path path(root);
    base = path.has_parent_path() ? path.parent_path().string() : ".";
    std::string name = path.filename().string();
    auto role = classify_file(name);
    if (!role) return unexpected(fmt::format("`{}` is not a file mlstack reads (pyproject.toml, requirements, ...)", root));
    discovery.files.push_back({name, *role == FileRole::PyprojectCandidate ? FileRole::Pyproject : *role, 0});
    discovery.files_seen = 1;
  } else if (std::filesystem::is_directory(status)) {
    while (base.size() > 1 && base.ends_with("/")) base.pop_back();
    discovery = discover_files(base);
  } else {
    return unexpected(fmt::format("`{}` is neither a folder nor a file", root));
  }
  Scanner scanner(base, options);
  ScanResult result = scanner.run(discovery.files);
  result.root = root;
  result.files_seen = discovery.files_seen;
  result.folders_seen = discovery.folders_seen;
  result.findings.insert(result.findings.begin(), discovery.findings.begin(), discovery.findings.end());
  return result;
}

}  // namespace mlstack::project
