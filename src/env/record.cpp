// SPDX-License-Identifier: MIT
#include "env/record.h"

#include <map>
#include <set>

#include "env/system.h"

namespace mlstack::env {
namespace {

bool is_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return true;
}

// The module a file defines: "six.py" -> "six", "_C.cpython-311-x86_64-linux-gnu.so" -> "_C"; empty if none.
std::string_view module_of(std::string_view file) {
  bool code = file.ends_with(".py") || file.ends_with(".so") || file.ends_with(".pyd") || file.ends_with(".pyi");
  if (!code) return {};
  std::string_view name = file.substr(0, file.find('.'));
  return is_identifier(name) ? name : std::string_view();
}

// What RECORD says about one top-level folder of the site folder.
struct TopFolder {
  bool regular = false;   // holds __init__.py (or an __init__ extension)
  bool has_code = false;  // holds some module at any depth
  std::set<std::string, std::less<>> children;  // subpackages and modules with code, for a namespace package

  void add_child(std::string_view name) {
    if (children.find(name) == children.end()) children.emplace(name);
  }
};

class ImportNames {
 public:
  void add(std::string_view path) {
    std::size_t slash = path.find('/');
    if (slash == std::string_view::npos) {
      std::string_view name = module_of(path);
      if (!name.empty() && !name.starts_with("__editable__")) m_modules.emplace(name);
      return;
    }
    std::string_view top = path.substr(0, slash);
    if (!is_identifier(top) || top == "__pycache__") return;  // foo-1.0.dist-info, foo.data, ..
    std::string_view rest = path.substr(slash + 1);
    std::size_t next = rest.find('/');
    bool code = next == std::string_view::npos ? !module_of(rest).empty() : !module_of(rest.substr(rest.rfind('/') + 1)).empty();
    if (!code) return;
    // RECORD lists a folder's files together: remember the last one looked up.
    if (m_last == nullptr || m_last_name != top) {
      auto it = m_folders.find(top);
      if (it == m_folders.end()) it = m_folders.emplace(std::string(top), TopFolder{}).first;
      m_last = &it->second;
      m_last_name = it->first;
    }
    TopFolder& folder = *m_last;
    folder.has_code = true;
    if (next == std::string_view::npos) {
      std::string_view name = module_of(rest);
      if (name == "__init__") folder.regular = true;
      else folder.add_child(name);
    } else {
      std::string_view child = rest.substr(0, next);
      if (is_identifier(child) && child != "__pycache__") folder.add_child(child);
    }
  }

  std::vector<std::string> names() const {
    std::set<std::string> out(m_modules.begin(), m_modules.end());
    for (const auto& [top, folder] : m_folders) {
      if (!folder.has_code) continue;
      if (folder.regular || folder.children.empty()) out.insert(top);
      else
        for (const std::string& child : folder.children) out.insert(top + "." + child);
    }
    return {out.begin(), out.end()};
  }

 private:
  std::set<std::string> m_modules;
  std::map<std::string, TopFolder, std::less<>> m_folders;  // node-based: m_last stays valid
  TopFolder* m_last = nullptr;
  std::string_view m_last_name;  // the key of m_last, owned by the map
};

}  // namespace

std::vector<std::string> split_csv_row(std::string_view row) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    char c = row[i];
    if (quoted) {
      if (c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

RecordSummary summarize_record(std::string_view text, const std::string& site_dir, const std::string& prefix) {
  RecordSummary summary;
  std::string root = prefix.empty() ? std::string() : normalize_path(prefix);
  if (!root.empty() && root != "/") root += '/';
  std::size_t pos = 0;
  std::size_t line = 0;
  ImportNames names;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.empty()) continue;
    // Most rows have no quotes: take the path up to the first comma without copying.
    std::string quoted;
    std::string_view path;
    if (row.front() == '"') {
      quoted = split_csv_row(row)[0];
      path = quoted;
    } else {
      path = row.substr(0, row.find(','));
    }
    if (path.empty()) continue;
    ++summary.files;
    if (!path.starts_with("../") && !path.starts_with('/')) names.add(path);
    if (path.ends_with(".so") || path.find(".so.") != std::string::npos) {
      if (!path.starts_with("../") && !path.starts_with('/')) summary.extension_modules.emplace_back(path);
    }
    if (root.empty()) continue;
    // Only paths that climb or are absolute can leave the environment.
    if (!path.starts_with('/') && path.find("..") == std::string::npos) continue;
    std::string resolved = normalize_path(join_path(site_dir, path)) + (path.ends_with('/') ? "/" : "");
    if (!(resolved + "/").starts_with(root)) summary.escapes.push_back({line, std::string(path)});
  }
  summary.import_names = names.names();
  return summary;
}

}  // namespace mlstack::env
