// SPDX-License-Identifier: MIT
// PEP 691 JSON project pages (with PEP 700's versions, size and upload-time,
// PEP 592's yanked and PEP 714's core-metadata).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "index/detail/page_builder.h"
#include "index/simple_page.h"
#include "pep/name.h"

namespace mlstack::index {
namespace {

using nlohmann::json;

std::string type_name(const json& value) { return value.type_name(); }

// `true` / `false`, or a dictionary of hashes (PEP 691 dist-info-metadata, PEP 714 core-metadata).
CoreMetadataRef metadata_ref(const json& value) {
  CoreMetadataRef ref;
  if (value.is_boolean()) {
    ref.available = value.get<bool>();
  } else if (value.is_object()) {
    ref.available = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!it.value().is_string()) continue;
      Hash hash;
      if (detail::parse_hash_pair(it.key() + "=" + it.value().get<std::string>(), hash)) ref.hashes.push_back(hash);
    }
  }
  return ref;
}

// One entry of "files"; false with a problem when it cannot be used.
bool read_file(const json& entry, std::size_t i, DistFile& file, std::string& href, std::string& problem) {
  std::string what = fmt::format("files[{}]", i);
  if (!entry.is_object()) {
    problem = fmt::format("{}: expected an object, found {}", what, type_name(entry));
    return false;
  }
  auto filename = entry.find("filename");
  auto url = entry.find("url");
  if (filename == entry.end() || !filename->is_string()) {
    problem = fmt::format("{}: missing string \"filename\"", what);
    return false;
  }
  if (url == entry.end() || !url->is_string()) {
    problem = fmt::format("{}: missing string \"url\"", what);
    return false;
  }
  file.filename = filename->get<std::string>();
  href = url->get<std::string>();
  if (auto hashes = entry.find("hashes"); hashes != entry.end() && hashes->is_object()) {
    for (auto it = hashes->begin(); it != hashes->end(); ++it) {
      if (!it.value().is_string()) continue;
      Hash hash;
      if (detail::parse_hash_pair(it.key() + "=" + it.value().get<std::string>(), hash)) file.hashes.push_back(hash);
    }
  }
  if (auto rp = entry.find("requires-python"); rp != entry.end() && rp->is_string()) {
    file.requires_python = rp->get<std::string>();
  }
  if (auto yanked = entry.find("yanked"); yanked != entry.end()) {
    if (yanked->is_string()) file.yanked = yanked->get<std::string>();
    else if (yanked->is_boolean() && yanked->get<bool>()) file.yanked = std::string();
  }
  // PEP 714: core-metadata wins over the older dist-info-metadata key.
  if (auto core = entry.find("core-metadata"); core != entry.end()) {
    file.core_metadata = metadata_ref(*core);
  } else if (auto dist_info = entry.find("dist-info-metadata"); dist_info != entry.end()) {
    file.core_metadata = metadata_ref(*dist_info);
  }
  if (auto size = entry.find("size"); size != entry.end() && size->is_number_unsigned()) {
    file.size = size->get<std::uint64_t>();
  }
  if (auto time = entry.find("upload-time"); time != entry.end() && time->is_string()) {
    file.upload_time = time->get<std::string>();
  }
  return true;
}

}  // namespace

Expected<ProjectPage, PageError> parse_json_page(std::string_view body, std::string_view page_url,
                                                 std::string_view project) {
  json doc;
  try {
    doc = json::parse(body.begin(), body.end());
  } catch (const json::parse_error& e) {
    // nlohmann counts the byte after the error; point at the byte itself.
    std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    std::size_t colon = what.rfind(": ");
    return unexpected(PageError{"invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)), at});
  } catch (const json::exception& e) {
    // A number beyond a double ("size": 1e643) is out_of_range, not a parse
    // error, and carries no position: point at the number it names.
    std::string what = e.what();
    std::size_t close = what.rfind('\'');
    std::size_t open = close == std::string::npos || close == 0 ? std::string::npos : what.rfind('\'', close - 1);
    std::size_t at = 0;
    if (open != std::string::npos) {
      std::size_t found = body.find(std::string_view(what).substr(open + 1, close - open - 1));
      if (found != std::string_view::npos) at = found;
    }
    std::size_t bracket = what.find("] ");
    return unexpected(PageError{"invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)), at});
  }
  if (!doc.is_object()) return unexpected(PageError{"invalid project page: the JSON document is not an object", 0});
  ProjectPage page;
  page.url = std::string(page_url);
  if (auto meta = doc.find("meta"); meta != doc.end() && meta->is_object()) {
    if (auto version = meta->find("api-version"); version != meta->end() && version->is_string()) {
      page.api_version = version->get<std::string>();
      auto major = detail::api_major(page.api_version);
      if (!major || *major != 1) {
        return unexpected(PageError{
            fmt::format("unsupported repository API version {} (PEP 629: only 1.x is read)", page.api_version), 0});
      }
    }
  }
  if (auto name = doc.find("name"); name != doc.end() && name->is_string()) {
    page.name = pep::canonicalize_name(name->get<std::string>());
  } else {
    page.name = std::string(project);
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_array()) {
    return unexpected(PageError{"invalid project page: no \"files\" array", 0});
  }
  if (auto versions = doc.find("versions"); versions != doc.end() && versions->is_array()) {
    for (const auto& v : *versions)
      if (v.is_string()) page.versions.push_back(v.get<std::string>());
  }
  page.files.reserve(files->size());
  FileClassifier classifier;
  std::size_t i = 0;
  for (const auto& entry : *files) {
    DistFile file;
    std::string href, problem;
    if (read_file(entry, i, file, href, problem)) {
      detail::add_file(page, classifier, std::move(file), href, page_url, project, {}, fmt::format("files[{}]", i));
    } else {
      page.problems.push_back(std::move(problem));
    }
    ++i;
  }
  return page;
}

}  // namespace mlstack::index
