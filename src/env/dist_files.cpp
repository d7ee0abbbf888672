// SPDX-License-Identifier: MIT
// The small files of a metadata folder: entry_points.txt, requires.txt and
// direct_url.json.
#include <cctype>

#include <nlohmann/json.hpp>

#include "env/distribution.h"

namespace mlstack::env {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    f(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

// pkg_resources.safe_extra, as pip applies it to requires.txt section names:
// runs of characters other than letters, digits, '.' and '-' become '_', lowercased.
std::string safe_extra(std::string_view extra) {
  std::string out;
  bool in_run = false;
  for (char c : extra) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    if (keep) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  return out;
}

}  // namespace

std::vector<EntryPoint> parse_entry_points(std::string_view text) {
  std::vector<EntryPoint> entries;
  std::string group;
  for_each_line(text, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') return;
    if (line.front() == '[' && line.back() == ']') {
      group = std::string(trim(line.substr(1, line.size() - 2)));
      return;
    }
    std::size_t equals = line.find('=');
    if (equals == std::string_view::npos || group.empty()) return;
    entries.push_back({group, std::string(trim(line.substr(0, equals))), std::string(trim(line.substr(equals + 1)))});
  });
  return entries;
}

std::vector<std::string> requires_txt_to_requires_dist(std::string_view text, std::vector<std::string>* extras) {
  // Mirrors pip's _iter_egg_info_dependencies: a "[extra:marker]" section
  // adds `extra == "<safe extra>"` and the marker to every line below it.
  std::vector<std::string> out;
  std::string extra;
  std::string marker;
  for_each_line(text, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') return;
    if (line.front() == '[' && line.back() == ']') {
      std::string_view section = line;
      while (!section.empty() && (section.front() == '[' || section.front() == ']')) section.remove_prefix(1);
      while (!section.empty() && (section.back() == '[' || section.back() == ']')) section.remove_suffix(1);
      std::size_t colon = section.find(':');
      extra = std::string(section.substr(0, colon));
      marker = colon == std::string_view::npos ? std::string() : std::string(section.substr(colon + 1));
      if (extras != nullptr && !extra.empty()) {
        bool known = false;
        for (const std::string& e : *extras) known = known || e == extra;
        if (!known) extras->push_back(extra);
      }
      return;
    }
    std::string requirement(line);
    if (!extra.empty() && !marker.empty())
      requirement += " ; (" + marker + ") and extra == \"" + safe_extra(extra) + "\"";
    else if (!extra.empty())
      requirement += " ; extra == \"" + safe_extra(extra) + "\"";
    else if (!marker.empty())
      requirement += " ; " + marker;
    out.push_back(std::move(requirement));
  });
  return out;
}

std::optional<DirectUrl> parse_direct_url(std::string_view text, std::string* error) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    if (error != nullptr) *error = "not a JSON object";
    return std::nullopt;
  }
  auto url = json.find("url");
  if (url == json.end() || !url->is_string()) {
    if (error != nullptr) *error = "no \"url\" string";
    return std::nullopt;
  }
  DirectUrl direct;
  direct.url = url->get<std::string>();
  auto string_at = [](const nlohmann::json& object, const char* key) -> std::string {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (auto dir = json.find("dir_info"); dir != json.end() && dir->is_object()) {
    auto editable = dir->find("editable");
    direct.editable = editable != dir->end() && editable->is_boolean() && editable->get<bool>();
  }
  if (auto vcs = json.find("vcs_info"); vcs != json.end() && vcs->is_object()) {
    direct.vcs = string_at(*vcs, "vcs");
    direct.commit_id = string_at(*vcs, "commit_id");
    direct.requested_revision = string_at(*vcs, "requested_revision");
  }
  if (auto archive = json.find("archive_info"); archive != json.end() && archive->is_object()) {
    direct.archive_hash = string_at(*archive, "hash");
    if (auto hashes = archive->find("hashes"); direct.archive_hash.empty() && hashes != archive->end() && hashes->is_object()) {
      for (auto it = hashes->begin(); it != hashes->end(); ++it)
        if (it.value().is_string()) {
          direct.archive_hash = it.key() + "=" + it.value().get<std::string>();
          break;
        }
    }
  }
  return direct;
}

}  // namespace mlstack::env
