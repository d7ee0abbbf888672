// SPDX-License-Identifier: MIT
#include "project/python/layout.h"

#include <algorithm>
#include <cctype>

namespace mlstack::project::python {

namespace {

std::string_view parent_dir(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// "pkg/sub/mod.py" -> "pkg.sub.mod"; "pkg/__init__.py" -> "pkg"; empty when
// a part is not an identifier (`my-scripts/x.py` cannot be imported).
std::string module_from_path(std::string_view rel, bool& is_package) {
  is_package = false;
  if (rel.size() < 4 || rel.substr(rel.size() - 3) != ".py") return {};
  rel.remove_suffix(3);
  std::string out;
  std::size_t start = 0;
  while (start <= rel.size()) {
    std::size_t slash = rel.find('/', start);
    std::string_view part = rel.substr(start, slash == std::string_view::npos ? rel.npos : slash - start);
    bool last = slash == std::string_view::npos;
    if (last && part == "__init__") {
      is_package = true;
      break;
    }
    if (!is_identifier(part)) return {};
    if (!out.empty()) out += '.';
    out.append(part);
    if (last) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto c0 = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(c0) || c0 == '_' || c0 >= 0x80)) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '_' || c >= 0x80;
  });
}

ProjectLayout ProjectLayout::build(const std::vector<std::string>& relative_paths,
                                   std::vector<std::string> source_roots) {
  ProjectLayout layout;
  std::set<std::string, std::less<>> init_dirs;
  bool src_folder = false;
  for (const std::string& p : relative_paths) {
    std::string_view dir = parent_dir(p);
    if (p.size() >= 12 && p.substr(p.size() - 12) == "/__init__.py") init_dirs.insert(std::string(dir));
    if (p.rfind("src/", 0) == 0) src_folder = true;
  }
  bool src_layout = src_folder && !init_dirs.count("src") &&
                    std::find(source_roots.begin(), source_roots.end(), "src") == source_roots.end();
  if (src_layout) source_roots.push_back("src");
  // Longest root first, so that "src/pkg/x.py" is read relative to src/.
  std::sort(source_roots.begin(), source_roots.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  layout.m_source_roots = source_roots;

  for (const std::string& p : relative_paths) {
    PythonFile file;
    file.path = p;
    // The file's module under each root that holds it, the longest root
    // first: that one names the file, the others are aliases (a sub-project's
    // `internvl/model.py` is also `internvl_chat.internvl.model` from the
    // repository root).
    std::vector<std::string> names;
    for (const std::string& root : source_roots) {
      std::string_view rel = p;
      if (rel.size() > root.size() + 1 && rel.substr(0, root.size()) == root && rel[root.size()] == '/') {
        rel.remove_prefix(root.size() + 1);
        bool package = false;
        std::string module = module_from_path(rel, package);
        if (file.source_root.empty() && names.empty()) {
          file.source_root = root;
          file.is_package = package;
        }
        if (!module.empty()) names.push_back(std::move(module));
        else if (names.empty()) names.emplace_back();
      }
    }
    // From the root as well, except in a src layout (src/ is no package).
    if (names.empty() || !(src_layout && file.source_root == "src")) {
      bool package = false;
      std::string module = module_from_path(p, package);
      if (names.empty()) file.is_package = package;
      if (!module.empty() || names.empty()) names.push_back(std::move(module));
    }
    file.module = names.front();
    file.in_regular_package = init_dirs.count(std::string(parent_dir(p))) > 0;
    for (const std::string& name : names) {
      if (name.empty()) continue;
      // Every enclosing directory is a package, regular or namespace.
      std::string_view m = name;
      std::size_t dot = file.is_package ? m.size() : m.rfind('.');
      while (dot != std::string_view::npos && dot > 0) {
        layout.m_packages.emplace(m.substr(0, dot));
        dot = m.rfind('.', dot - 1);
      }
      layout.m_top_level.emplace(m.substr(0, m.find('.')));
      layout.m_by_module.emplace(name, layout.m_files.size());
    }
    for (std::string_view dir = parent_dir(p); !dir.empty(); dir = parent_dir(dir))
      if (!layout.m_folders.emplace(dir).second) break;
    layout.m_by_path.emplace(file.path, layout.m_files.size());
    layout.m_files.push_back(std::move(file));
  }
  return layout;
}

const PythonFile* ProjectLayout::find_module(std::string_view dotted) const {
  auto it = m_by_module.find(std::string(dotted));
  return it == m_by_module.end() ? nullptr : &m_files[it->second];
}

const PythonFile* ProjectLayout::find_path(std::string_view relative_path) const {
  auto it = m_by_path.find(std::string(relative_path));
  return it == m_by_path.end() ? nullptr : &m_files[it->second];
}

bool ProjectLayout::defines(std::string_view dotted) const {
  return find_module(dotted) != nullptr || m_packages.count(dotted) > 0;
}

void ProjectLayout::add_extension(std::string dotted) { m_extensions.insert(std::move(dotted)); }

std::string_view ProjectLayout::extension_for(std::string_view dotted) const {
  for (const std::string& ext : m_extensions)
    if (dotted == ext || (dotted.size() > ext.size() && dotted.substr(0, ext.size()) == ext &&
                          dotted[ext.size()] == '.'))
      return ext;
  return {};
}

std::string resolve_relative(const PythonFile& from, const ImportRecord& import) {
  if (import.level == 0) return import.module;
  // The package a module lives in: itself for an __init__.py, else its parent.
  std::string package = from.module;
  if (!from.is_package) {
    auto dot = package.rfind('.');
    package = dot == std::string::npos ? std::string() : package.substr(0, dot);
  }
  for (std::uint32_t i = 1; i < import.level; ++i) {
    if (package.empty()) return {};
    auto dot = package.rfind('.');
    package = dot == std::string::npos ? std::string() : package.substr(0, dot);
  }
  if (package.empty()) return {};
  if (import.module.empty()) return package;
  return package + "." + import.module;
}

}  // namespace mlstack::project::python
