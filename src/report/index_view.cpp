// SPDX-License-Identifier: MIT
#include "report/index_view.h"

#include <fmt/format.h>

namespace mlstack::report {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(sep)) + item;
  return out;
}

// "fetched now", "from the cache (fresh)", ...
std::string answer_text(const index::Project& p) {
  switch (p.freshness) {
    case index::Freshness::Network: return "fetched now";
    case index::Freshness::Revalidated: return "from the cache, confirmed by the index (304)";
    case index::Freshness::Cached: return "from the cache (still fresh)";
    case index::Freshness::Stale: return "from the cache, not revalidated";
    case index::Freshness::None: return "none";
  }
  return "none";
}

json file_json(const index::FileRow& row) {
  const index::DistFile& f = row.file;
  // Members in key order, each placed at the end of the object's map (one
  // key comparison, not a search), and moved in: a warm lookup writes
  // thousands of these.
  json out = json::object();
  auto& members = out.get_ref<json::object_t&>();
  auto add = [&members](const char* key, json value) { members.emplace_hint(members.end(), key, std::move(value)); };
  add("core_metadata", f.core_metadata.available);
  add("filename", f.filename);
  json hashes = json::object();
  for (const auto& h : f.hashes) hashes[h.algorithm] = h.hex;
  add("hashes", std::move(hashes));
  add("index", row.index_url);
  add("kind", index::to_string(f.kind));
  add("requires_python", f.requires_python.empty() ? json(nullptr) : json(f.requires_python));
  add("size", f.size ? json(*f.size) : json(nullptr));
  json tags = json::array();
  tags.get_ref<json::array_t&>().reserve(f.tags.size());
  for (const auto& t : f.tags) tags.push_back(t.str());
  add("tags", std::move(tags));
  if (row.fit) {
    json target = json::object();
    target["installs"] = row.fit->installs;
    target["buildable"] = row.fit->buildable;
    target["reason"] = row.fit->reason;
    add("target", std::move(target));
  }
  add("upload_time", f.upload_time.empty() ? json(nullptr) : json(f.upload_time));
  add("url", f.url);
  add("yanked", f.yanked ? json(*f.yanked) : json(false));
  return out;
}

std::string fit_text(const index::FileRow& row, const index::DistFile* best) {
  if (!row.fit) return "";
  if (row.fit->installs) return &row.file == best ? "installs (best)" : "installs";
  return row.fit->reason;
}

json dependencies_json(const index::PackageReport& r) {
  if (!r.dependencies) return nullptr;
  const index::Dependencies& d = *r.dependencies;
  return {{"state", index::to_string(d.state)},
          {"file", r.dependencies_file},
          {"url", d.url},
          {"requires_dist", d.requires_dist_text},
          {"requires_python", d.requires_python.empty() ? json(nullptr) : json(d.requires_python)},
          {"provides_extra", d.provides_extra},
          {"reason", d.reason.empty() ? json(nullptr) : json(d.reason)}};
}

Section package_section(const index::PackageReport& r, const IndexViewOptions& options, json& data) {
  Section section{r.requirement, {}, {}};
  json entry = {{"requirement", r.requirement}, {"name", r.name}};
  if (!r.error.empty()) {
    section.blocks.push_back(Paragraph{r.error});
    entry["error"] = r.error;
    data.push_back(std::move(entry));
    return section;
  }
  const index::Project& p = r.project;
  KeyValues facts;
  facts.items.emplace_back("Status", index::to_string(p.status));
  facts.items.emplace_back("Indexes consulted", join(r.sources, ", "));
  if (!r.served_by.empty()) {
    facts.items.emplace_back("Served by", r.also_on.empty() ? r.served_by
                                                            : fmt::format("{} (the first that has it; also on {})",
                                                                          r.served_by, join(r.also_on, ", ")));
  }
  // Spelled once, for the text and the JSON.
  std::vector<std::string> all;
  all.reserve(p.versions.size());
  for (const auto& v : p.versions) all.push_back(v.str());
  if (p.status == index::Lookup::Found) {
    std::string versions;
    if (options.verbose || all.size() <= 12) {
      versions = join(all, ", ");
    } else {
      std::vector<std::string> last(all.end() - 10, all.end());
      versions = fmt::format("{} … {} ({} versions; newest: {})", all.front(), all.back(), all.size(), join(last, ", "));
    }
    facts.items.emplace_back("Versions", versions);
    if (r.matching.size() != p.versions.size()) {
      std::vector<std::string> matching;
      for (const auto& v : r.matching) matching.push_back(v.str());
      facts.items.emplace_back("Matching", matching.empty() ? "none" : join(matching, ", "));
    }
    facts.items.emplace_back("Answer", answer_text(p));
    if (r.chosen) {
      std::string line = r.chosen->str();
      if (!r.chosen_upload.empty()) line += fmt::format(", uploaded {}", r.chosen_upload.substr(0, 10));
      if (r.chosen_yanked) line += r.chosen_yanked->empty() ? ", yanked" : fmt::format(", yanked: {}", *r.chosen_yanked);
      facts.items.emplace_back("Chosen version", line);
    }
    if (options.has_target) {
      facts.items.emplace_back("Newest with a wheel for the target",
                               r.newest_for_target ? r.newest_for_target->str() : std::string("none"));
    }
  }
  section.blocks.push_back(std::move(facts));
  for (const auto& problem : p.problems) section.blocks.push_back(Paragraph{"problem: " + problem.message});

  json files = json::array();
  if (!r.files.empty()) {
    // The best: the installing wheel with the lowest tag priority.
    const index::DistFile* best = nullptr;
    std::size_t best_priority = SIZE_MAX;
    for (const auto& row : r.files) {
      if (row.fit && row.fit->installs && row.fit->priority < best_priority) {
        best_priority = row.fit->priority;
        best = &row.file;
      }
    }
    // The tags are in the file name; the JSON form lists them apart.
    std::vector<Column> columns = {{"File"}, {"Size", Align::Right}, {"Uploaded"}, {"Yanked"}};
    if (options.has_target) columns.push_back({"On the target"});
    Table table{columns, {}};
    std::size_t hidden = 0;
    for (const auto& row : r.files) {
      files.push_back(file_json(row));
      // Without --verbose, a target shows its own files (and sdists); the rest are counted.
      bool relevant = !options.has_target || options.verbose || (row.fit && (row.fit->installs || row.fit->buildable));
      if (!relevant) {
        ++hidden;
        continue;
      }
      std::vector<std::string> cells = {row.file.filename, row.file.size ? human_size(*row.file.size) : "",
                                        row.file.upload_date(),
                                        row.file.yanked ? (row.file.yanked->empty() ? "yes" : *row.file.yanked) : ""};
      if (options.has_target) cells.push_back(fit_text(row, best));
      table.rows.push_back(std::move(cells));
    }
    Section files_section{fmt::format("Files of {} {}", r.name, r.chosen ? r.chosen->str() : ""), {}, {}};
    if (!table.rows.empty()) files_section.blocks.push_back(std::move(table));
    if (hidden) {
      files_section.blocks.push_back(Paragraph{fmt::format(
          "{} more file{} do{} not install on the target (--verbose lists them).", hidden, hidden == 1 ? "" : "s",
          hidden == 1 ? "es" : "")});
    }
    if (options.has_target && !best) {
      bool sdist = false;
      for (const auto& row : r.files) sdist = sdist || (row.fit && row.fit->buildable);
      files_section.blocks.push_back(Paragraph{sdist ? "No wheel installs on the target: pip would build the sdist."
                                                     : "No file installs on the target."});
    }
    section.subsections.push_back(std::move(files_section));
  }
  if (r.dependencies) {
    const index::Dependencies& d = *r.dependencies;
    Section deps{fmt::format("Dependencies of {}", r.dependencies_file), {}, {}};
    if (d.state == index::Dependencies::State::Known) {
      if (!d.requires_python.empty()) deps.blocks.push_back(Paragraph{"Requires-Python: " + d.requires_python});
      // What every install pulls in; the extras' requirements only with --verbose.
      std::vector<std::string> always, extras;
      for (const auto& text : d.requires_dist_text) {
        bool extra = text.find("extra ==") != std::string::npos || text.find("extra==") != std::string::npos;
        (extra && !options.verbose ? extras : always).push_back(text);
      }
      deps.blocks.push_back(always.empty() ? Block{Paragraph{"Requires-Dist: none outside extras"}} : Block{Bullets{always}});
      if (!extras.empty()) {
        std::string which = d.provides_extra.size() <= 8 ? "the extras " + join(d.provides_extra, ", ")
                                                         : fmt::format("{} extras", d.provides_extra.size());
        deps.blocks.push_back(Paragraph{fmt::format("and {} requirement{} of {} (--verbose lists them)", extras.size(),
                                                    extras.size() == 1 ? "" : "s", which)});
      }
    } else {
      deps.blocks.push_back(Paragraph{fmt::format("{}: {}", index::to_string(d.state), d.reason)});
    }
    section.subsections.push_back(std::move(deps));
  }
  json candidates = json::array();
  if (r.name == "flash-attn" && r.wheel_candidates.empty() && p.status == index::Lookup::Found) {
    section.blocks.push_back(Paragraph{"PyPI has flash-attn's sources only; --torch VERSION with --target python=X.Y lists "
                                       "the prebuilt wheels of its GitHub releases that the kb's build matrix predicts."});
  }
  if (!r.wheel_candidates.empty()) {
    Table table{{{"Prebuilt wheel (GitHub release)"}, {"Online"}, {"Evidence"}}, {}};
    for (const auto& c : r.wheel_candidates) {
      const char* online = c.online == index::WheelCandidate::Online::Exists     ? "exists (HEAD)"
                           : c.online == index::WheelCandidate::Online::Missing  ? "missing (HEAD)"
                           : c.online == index::WheelCandidate::Online::Unchecked ? "not checked"
                                                                                  : "unreachable";
      table.rows.push_back({c.filename, online, c.evidence.to_string()});
      candidates.push_back({{"filename", c.filename}, {"url", c.url}, {"online", online}, {"detail", c.online_detail},
                            {"evidence", to_json(c.evidence)}});
    }
    section.subsections.push_back(Section{"flash-attn wheels the kb predicts", {std::move(table)}, {}});
  }
  json problems = json::array();
  for (const auto& problem : p.problems) problems.push_back({{"url", problem.url}, {"message", problem.message}});
  // Member by member, moving what is built here (an initializer list copies).
  entry["status"] = index::to_string(p.status);
  entry["indexes"] = r.sources;
  entry["served_by"] = r.served_by.empty() ? json(nullptr) : json(r.served_by);
  entry["also_on"] = r.also_on;
  entry["data"] = index::to_string(p.freshness);
  entry["versions"] = std::move(all);
  entry["chosen"] = r.chosen ? json(r.chosen->str()) : json(nullptr);
  entry["chosen_upload_time"] = r.chosen_upload.empty() ? json(nullptr) : json(r.chosen_upload);
  entry["chosen_yanked"] = r.chosen_yanked ? json(*r.chosen_yanked) : json(nullptr);
  entry["newest_for_target"] = r.newest_for_target ? json(r.newest_for_target->str()) : json(nullptr);
  entry["files"] = std::move(files);
  entry["dependencies"] = dependencies_json(r);
  entry["wheel_candidates"] = std::move(candidates);
  entry["problems"] = std::move(problems);
  data.push_back(std::move(entry));
  return section;
}

}  // namespace

std::string human_size(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KB", bytes / 1024.0);
  if (bytes < 1024ull * 1024 * 1024) return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024));
  return fmt::format("{:.2f} GB", bytes / (1024.0 * 1024 * 1024));
}

Document index_document(const std::vector<index::PackageReport>& reports, const IndexViewOptions& options) {
  Document doc;
  doc.command = "index";
  std::vector<std::string> asked;
  for (const auto& r : reports) asked.push_back(r.requirement);
  doc.title = fmt::format("mlstack index: {}", join(asked, " "));
  json packages = json::array();
  for (const auto& r : reports) doc.sections.push_back(package_section(r, options, packages));
  doc.data = {{"packages", std::move(packages)}};
  return doc;
}

Document cache_document(const std::string& action, const std::string& dir, const index::CacheStats& stats) {
  Document doc;
  doc.command = "cache";
  doc.title = fmt::format("mlstack cache {}", action);
  KeyValues values;
  values.items.emplace_back("Folder", dir.empty() ? "none (no $MLSTACK_CACHE_DIR, $XDG_CACHE_HOME or $HOME)" : dir);
  values.items.emplace_back(action == "clean" ? "Removed" : "Holds",
                            fmt::format("{} entr{}, {}", stats.entries, stats.entries == 1 ? "y" : "ies", human_size(stats.bytes)));
  doc.sections.push_back(Section{"HTTP cache", {std::move(values)}, {}});
  doc.data = {{"action", action}, {"dir", dir}, {"entries", stats.entries}, {"bytes", stats.bytes}};
  return doc;
}

}  // namespace mlstack::report
