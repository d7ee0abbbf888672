// SPDX-License-Identifier: MIT
#include "report/plan_formats.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace mlstack::report {

namespace {

using Listing = solve::DistFile::Listing;

std::string pin(const plan::PlanRow& row) {
  std::string name = row.name;
  if (!row.extras.empty()) {
    name += "[";
    for (std::size_t i = 0; i < row.extras.size(); ++i) name += (i ? "," : "") + row.extras[i];
    name += "]";
  }
  if (row.file.listing == Listing::Url) return name + " @ " + row.file.url;
  return name + "==" + row.version.str();
}

bool is_pypi(const std::string& index) { return index.find("pypi.org/simple") != std::string::npos; }

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A group of rows installed by one command.
struct Group {
  Listing listing = Listing::Index;
  std::string index;
  bool torch = false;
  bool build = false;
  std::vector<const plan::PlanRow*> rows;
};

std::vector<Group> install_groups(const plan::Plan& plan) {
  std::vector<Group> groups;
  for (const plan::PlanRow& row : plan.rows) {
    bool build = !row.file.is_wheel;
    std::string index = row.file.listing == Listing::Url ? "" : row.file.index;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.listing == row.file.listing && g.index == index && g.build == build;
    });
    if (it == groups.end()) {
      groups.push_back({row.file.listing, index, false, build, {}});
      it = std::prev(groups.end());
    }
    it->rows.push_back(&row);
    it->torch = it->torch || row.name == "torch";
  }
  // torch's index first (its companions come from it), then indexes, then
  // find-links, then URLs, builds last (they may need torch importable).
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    auto rank = [](const Group& g) { return g.build ? 4 : g.torch ? 0 : g.listing == Listing::Index ? 1 : g.listing == Listing::FindLinks ? 2 : 3; };
    return rank(a) < rank(b);
  });
  return groups;
}

}  // namespace

std::string plan_requirements(const plan::Plan& plan, bool hashes) {
  std::string out = fmt::format("# Planned by mlstack for {}\n", plan.target.describe());
  std::vector<std::string> indexes, links;
  for (const plan::PlanRow& row : plan.rows) {
    std::vector<std::string>& list = row.file.listing == Listing::FindLinks ? links : indexes;
    if (row.file.listing != Listing::Url && std::find(list.begin(), list.end(), row.file.index) == list.end())
      list.push_back(row.file.index);
  }
  // PyPI (when used) stays the main index; the others are extra indexes.
  std::stable_partition(indexes.begin(), indexes.end(), is_pypi);
  for (std::size_t i = 0; i < indexes.size(); ++i)
    out += fmt::format("{} {}\n", i == 0 ? "--index-url" : "--extra-index-url", indexes[i]);
  for (const std::string& link : links) out += fmt::format("--find-links {}\n", link);
  std::vector<std::string> missing;
  for (const plan::PlanRow& row : plan.rows)
    if (row.file.sha256.empty()) missing.push_back(row.name);
  bool with_hashes = hashes && missing.empty();
  if (hashes && !missing.empty()) {
    std::string names;
    for (const std::string& name : missing) names += (names.empty() ? "" : ", ") + name;
    out += fmt::format("# no --hash lines: the index gives no sha256 for {}, and pip's hash-checking mode needs "
                       "one for every requirement\n",
                       names);
  }
  for (const plan::PlanRow& row : plan.rows) {
    out += pin(row);
    if (with_hashes) out += fmt::format(" \\\n    --hash=sha256:{}", row.file.sha256);
    out += "\n";
  }
  return out;
}

Expected<std::string, std::string> plan_pylock(const plan::Plan& plan) {
  std::string missing;
  for (const plan::PlanRow& row : plan.rows)
    if (row.file.sha256.empty()) missing += (missing.empty() ? "" : ", ") + row.name;
  if (!missing.empty())
    return unexpected(fmt::format("pylock.toml needs a sha256 for every file (PEP 751), and the index gives none "
                                  "for: {}",
                                  missing));
  std::string out;
  out += "# Planned by mlstack for " + plan.target.describe() + "\n";
  out += "lock-version = \"1.0\"\n";
  const pep::Platform& p = plan.target.platform;
  if (p.python_version) {
    auto r = p.python_version->release();
    std::string python = fmt::format("{}.{}", r[0], r.size() > 1 ? r[1] : 0);
    std::string machine = p.arch;
    out += fmt::format("environments = [{}]\n",
                       toml_string(fmt::format("sys_platform == 'linux' and platform_machine == '{}' and "
                                               "implementation_name == 'cpython' and python_version == '{}'",
                                               machine, python)));
    out += fmt::format("requires-python = {}\n", toml_string("==" + python + ".*"));
  }
  out += "created-by = \"mlstack\"\n";
  for (const plan::PlanRow& row : plan.rows) {
    out += "\n[[packages]]\n";
    out += fmt::format("name = {}\n", toml_string(row.name));
    out += fmt::format("version = {}\n", toml_string(row.version.str()));
    if (row.file.listing == Listing::Index && !row.file.index.empty())
      out += fmt::format("index = {}\n", toml_string(row.file.index));
    std::string file = fmt::format("name = {}, url = {}", toml_string(row.file.filename), toml_string(row.file.url));
    if (!row.file.upload_time.empty()) file += fmt::format(", upload-time = {}", row.file.upload_time);
    if (row.file.size) file += fmt::format(", size = {}", *row.file.size);
    file += fmt::format(", hashes = {{ sha256 = {} }}", toml_string(row.file.sha256));
    if (row.file.is_wheel) out += fmt::format("wheels = [{{ {} }}]\n", file);
    else out += fmt::format("sdist = {{ {} }}\n", file);
  }
  return out;
}

std::string plan_commands(const plan::Plan& plan) {
  std::string pip, uv;
  std::size_t step = 0;
  for (const Group& group : install_groups(plan)) {
    std::string what;
    for (const plan::PlanRow* row : group.rows) what += " " + (group.listing == Listing::Url ? row->file.url : pin(*row));
    std::string where;
    std::string comment;
    if (group.listing == Listing::Index) {
      where = is_pypi(group.index) ? "" : fmt::format(" --index-url {}", group.index);
      std::string from = is_pypi(group.index) ? "PyPI" : group.index;
      comment = group.torch ? fmt::format("torch first, with what comes from the same index ({})", from)
                            : fmt::format("from {}", from);
    } else if (group.listing == Listing::FindLinks) {
      where = fmt::format(" --find-links {}", group.index);
      comment = fmt::format("from the find-links page {}", group.index);
    } else {
      comment = "wheels published outside any index";
    }
    std::string flags = " --no-deps";
    if (group.build) {
      flags += " --no-build-isolation";
      comment = "built from source (see what the builds need)";
    }
    ++step;
    pip += fmt::format("# {}. {}\npip install{}{}{}\n", step, comment, flags, where, what);
    uv += fmt::format("uv pip install{}{}{}\n", flags, where, what);
  }
  return pip + "\n# the same with uv\n" + uv;
}

}  // namespace mlstack::report
