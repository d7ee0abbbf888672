// SPDX-License-Identifier: MIT
// Walking the sys.path folders: every metadata folder, .egg-link and .pth,
// in the order importlib.metadata (and so pip) sees them; the first
// distribution of a name hides later ones.
#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "env/environment.h"
#include "pep/name.h"

namespace mlstack::env {
namespace {

bool is_metadata_entry(const DirEntry& entry) {
  std::string_view name = entry.name;
  return name.ends_with(".dist-info") || name.ends_with(".egg-info") || name.ends_with(".egg-link");
}

// .pth lines that are folders join sys.path after their site folder (site.py);
// lines starting with "import" are code and are never run.
std::vector<std::string> pth_folders(const System& system, const std::string& site_dir, const std::string& pth) {
  std::vector<std::string> folders;
  auto text = system.read_file(site_dir + "/" + pth);
  if (!text) return folders;
  std::size_t pos = 0;
  while (pos < text->size()) {
    std::size_t end = text->find('\n', pos);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line.front() == '#' || line.starts_with("import ") || line.starts_with("import\t")) continue;
    std::string folder = normalize_path(join_path(site_dir, line));
    if (system.file_type(folder) == FileType::Directory) folders.push_back(folder);
  }
  return folders;
}

// "__editable__.my_pkg-1.0.pth" or "__editable___my_pkg_1_0_finder.py" -> "my-pkg"
// (the name part up to the version, canonicalised).
std::string editable_marker_name(std::string_view file) {
  std::string_view rest;
  if (file.starts_with("__editable__.") && file.ends_with(".pth")) {
    rest = file.substr(13, file.size() - 13 - 4);
    return pep::canonicalize_name(rest.substr(0, rest.find('-')));
  }
  if (file.starts_with("__editable___") && file.ends_with("_finder.py")) {
    rest = file.substr(13, file.size() - 13 - 10);
    // Name and version are joined with '_' here; the version starts at the first "_<digit>".
    for (std::size_t i = 0; i + 1 < rest.size(); ++i)
      if (rest[i] == '_' && std::isdigit(static_cast<unsigned char>(rest[i + 1]))) return pep::canonicalize_name(rest.substr(0, i));
    return pep::canonicalize_name(rest);
  }
  return {};
}

// Reads the metadata entries of one folder, on several threads when there
// are many; results and findings keep the listing order.
void read_all(const System& system, const std::string& site_dir, const std::vector<const DirEntry*>& entries,
              const std::string& prefix, std::vector<Distribution>& found, std::vector<Finding>& findings) {
  std::vector<std::optional<Distribution>> dists(entries.size());
  std::vector<std::vector<Finding>> problems(entries.size());
  auto work = [&](std::size_t begin, std::size_t step) {
    for (std::size_t i = begin; i < entries.size(); i += step)
      dists[i] = read_distribution(system, site_dir, *entries[i], prefix, problems[i]);
  };
  // Below a few hundred entries a thread costs more than it saves.
  std::size_t threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (entries.size() < 256) threads = 1;
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (std::thread& thread : pool) thread.join();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (dists[i]) found.push_back(std::move(*dists[i]));
    for (Finding& finding : problems[i]) findings.push_back(std::move(finding));
  }
}

}  // namespace

void scan_site_dirs(const System& system, Environment& environment) {
  bool static_read = environment.python.source != "interpreter";
  // site.py reads .pth files in site folders only (not in folders they add).
  const std::set<std::string> pth_dirs = environment.pth_dirs.empty()
                                             ? std::set<std::string>(environment.site_dirs.begin(), environment.site_dirs.end())
                                             : std::set<std::string>(environment.pth_dirs.begin(), environment.pth_dirs.end());
  std::set<std::string> editable_names;
  std::vector<Distribution> found;
  std::set<std::string> visited;
  std::size_t insert_at = 0;  // where .pth folders of the current site folder go
  for (std::size_t i = 0; i < environment.site_dirs.size(); ++i) {
    const std::string site_dir = environment.site_dirs[i];
    insert_at = i + 1;
    const bool reads_pth = static_read && pth_dirs.count(site_dir) != 0;
    if (!visited.insert(site_dir).second) continue;
    auto entries = system.list_dir(site_dir);
    if (!entries) {
      environment.findings.push_back({"input.site-dir-unreadable", Severity::Error, fmt::format("cannot list {}", site_dir),
                                      {Origin::machine(site_dir)}, {}, entries.error()});
      continue;
    }
    std::vector<std::string> pth_files;
    std::vector<const DirEntry*> metadata;
    for (const DirEntry& entry : *entries) {
      if (std::string name = editable_marker_name(entry.name); !name.empty()) editable_names.insert(name);
      if (reads_pth && entry.name.ends_with(".pth") && resolve(system, site_dir, entry) == FileType::File)
        pth_files.push_back(entry.name);
      if (is_metadata_entry(entry)) metadata.push_back(&entry);
    }
    // site.py reads them in sorted name order.
    std::sort(pth_files.begin(), pth_files.end());
    std::vector<std::string> added;
    for (const std::string& pth : pth_files)
      for (std::string& folder : pth_folders(system, site_dir, pth)) added.push_back(std::move(folder));
    // RECORD paths leave a site folder towards its own prefix's bin/ (a venv
    // with system site-packages mixes two prefixes), so each folder is
    // judged against the prefix its path implies, else the environment's.
    auto [site_prefix, site_version] = prefix_of_site_dir(site_dir);
    const std::string& prefix = site_prefix == normalize_path(site_dir) ? environment.prefix : site_prefix;
    read_all(system, site_dir, metadata, prefix, found, environment.findings);
    // site.py's addsitedir appends a site folder, then the folders of its .pth
    // files (in file-name order), before it moves to the next site folder.
    for (std::string& folder : added)
      if (std::find(environment.site_dirs.begin(), environment.site_dirs.end(), folder) == environment.site_dirs.end())
        environment.site_dirs.insert(environment.site_dirs.begin() + static_cast<std::ptrdiff_t>(insert_at++), std::move(folder));
  }

  // First of a name in sys.path order (then listing order) is the one imported.
  std::map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (editable_names.count(found[i].canonical_name) != 0) found[i].editable = true;
    by_name[found[i].canonical_name].push_back(i);
  }
  for (auto& [name, indices] : by_name) {
    if (indices.size() < 2) continue;
    const Distribution& first = found[indices[0]];
    std::vector<Origin> origins;
    std::string versions;
    for (std::size_t index : indices) {
      if (index != indices[0]) found[index].shadowed = true;
      origins.push_back(Origin::dist(fmt::format("{} {}", found[index].name, found[index].version), found[index].metadata_dir));
      versions += fmt::format("{}{} ({})", versions.empty() ? "" : ", ", found[index].version, found[index].metadata_dir);
    }
    bool same_dir = std::all_of(indices.begin(), indices.end(), [&](std::size_t index) { return found[index].site_dir == first.site_dir; });
    // Two metadata folders of one version (Debian ships some .dist-info beside
    // an .egg-info) import the same code: a note. Different versions: a warning.
    bool same_version = std::all_of(indices.begin(), indices.end(), [&](std::size_t index) { return found[index].version == first.version; });
    environment.findings.push_back(
        {"env.duplicate-distribution", same_version ? Severity::Info : Severity::Warning,
         same_dir ? fmt::format("{} is installed {} times in {}: {}; the first is the one imported", first.name, indices.size(), first.site_dir, versions)
                  : fmt::format("{} is installed {} times on sys.path: {}; {} {} hides the others", first.name, indices.size(), versions, first.name, first.version),
         origins, {},
         "pip and importlib use the first copy; remove the metadata folder of the copy that is not really installed"});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Distribution& a, const Distribution& b) { return a.canonical_name < b.canonical_name; });
  environment.distributions = std::move(found);
}

}  // namespace mlstack::env
