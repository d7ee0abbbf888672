// SPDX-License-Identifier: MIT
#include "pep/query.h"

#include "pep/requirement.h"
#include "pep/specifier.h"
#include "pep/tags.h"
#include "pep/version.h"
#include "pep/wheel_filename.h"

namespace mlstack::pep {

namespace {

using nlohmann::json;
using Out = nlohmann::ordered_json;

QueryAnswer failure(std::string message) { return {Out(), ParseError{std::move(message), 0, 0, ""}}; }
QueryAnswer failure(ParseError error) { return {Out(), std::move(error)}; }

// input[key] as a string, or an error naming the field.
std::optional<std::string> text_field(const json& input, const char* key, QueryAnswer* error) {
  auto it = input.find(key);
  if (it == input.end() || !it->is_string()) {
    *error = failure(std::string("expected a string field \"") + key + "\"");
    return std::nullopt;
  }
  return it->get<std::string>();
}

// null (absent) or a boolean.
std::optional<std::optional<bool>> tristate_field(const json& input, const char* key, QueryAnswer* error) {
  auto it = input.find(key);
  if (it == input.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) {
    *error = failure(std::string("\"") + key + "\" must be true, false or null");
    return std::nullopt;
  }
  return std::optional<bool>(it->get<bool>());
}

Out version_json(const Version& v) {
  Out pre = nullptr;
  if (auto p = v.pre()) pre = Out::array({std::string(to_string(p->first)), p->second});
  auto optional = [](std::optional<uint64_t> value) { return value ? Out(*value) : Out(nullptr); };
  return Out{{"normalized", v.str()},
          {"epoch", v.epoch()},
          {"release", std::vector<uint64_t>(v.release().begin(), v.release().end())},
          {"pre", pre},
          {"post", optional(v.post())},
          {"dev", optional(v.dev())},
          {"local", v.has_local() ? Out(v.local()) : Out(nullptr)},
          {"is_prerelease", v.is_prerelease()}};
}

// A target platform given as {"python": "3.11.7", "os": "linux", "arch":
// "x86_64", "libc": "glibc", "libc_version": "2.35", "abi": "cp311",
// "implementation": "cpython", "macos_version": "14.0"}.
std::optional<Platform> platform_field(const json& target, QueryAnswer* error) {
  Platform platform;
  auto version = [&](const char* key, std::optional<Version>* out) {
    if (!target.contains(key)) return true;
    auto parsed = target[key].is_string() ? Version::parse(target[key].get<std::string>())
                                          : Version::parse("not a string");
    if (!parsed) {
      *error = failure(std::string("target \"") + key + "\": " + parsed.error().message);
      return false;
    }
    *out = *parsed;
    return true;
  };
  auto text = [&](const char* key, std::string* out) {
    if (target.contains(key) && target[key].is_string()) *out = target[key].get<std::string>();
  };
  text("os", &platform.os);
  text("arch", &platform.arch);
  text("libc", &platform.libc);
  text("abi", &platform.python_abi);
  text("implementation", &platform.python_implementation);
  if (!version("python", &platform.python_version) || !version("libc_version", &platform.libc_version) ||
      !version("macos_version", &platform.macos_version)) {
    return std::nullopt;
  }
  return platform;
}

QueryAnswer answer_version(const json& input) {
  QueryAnswer error;
  auto text = text_field(input, "version", &error);
  if (!text) return error;
  auto v = Version::parse(*text);
  if (!v) return failure(v.error());
  return {version_json(*v), std::nullopt};
}

QueryAnswer answer_compare(const json& input) {
  QueryAnswer error;
  auto a = text_field(input, "a", &error);
  if (!a) return error;
  auto b = text_field(input, "b", &error);
  if (!b) return error;
  auto va = Version::parse(*a);
  if (!va) return failure(va.error());
  auto vb = Version::parse(*b);
  if (!vb) return failure(vb.error());
  auto order = *va <=> *vb;
  return {Out{{"cmp", order < 0 ? -1 : order > 0 ? 1 : 0}}, std::nullopt};
}

QueryAnswer answer_specifier(const json& input) {
  QueryAnswer error;
  auto spec_text = text_field(input, "specifier", &error);
  if (!spec_text) return error;
  auto version_text = text_field(input, "version", &error);
  if (!version_text) return error;
  auto prereleases = tristate_field(input, "prereleases", &error);
  if (!prereleases) return error;
  auto installed = tristate_field(input, "installed", &error);
  if (!installed) return error;
  auto set = SpecifierSet::parse(*spec_text);
  if (!set) return failure(set.error());
  // A candidate that is not a version is still a question ("===foo"), as in packaging.
  return {Out{{"contains", set->contains(std::string_view(*version_text), *prereleases, *installed)}}, std::nullopt};
}

QueryAnswer answer_marker(const json& input, const MarkerEnvironment& defaults) {
  QueryAnswer error;
  auto text = text_field(input, "marker", &error);
  if (!text) return error;
  auto marker = Marker::parse(*text);
  if (!marker) return failure(marker.error());
  MarkerEnvironment env = defaults;
  if (auto it = input.find("environment"); it != input.end() && !it->is_null()) {
    if (!it->is_object()) return failure("\"environment\" must be an object");
    for (const auto& [key, value] : it->items()) {
      if (value.is_string()) {
        env.values[key] = value.get<std::string>();
      } else if (value.is_array()) {
        std::set<std::string> members;
        for (const auto& member : value) {
          if (!member.is_string()) return failure("environment \"" + key + "\": set members must be strings");
          members.insert(member.get<std::string>());
        }
        env.sets[key] = std::move(members);
      } else if (value.is_null() && key == "extra") {
        env.values.erase(key);
      } else {
        return failure("environment \"" + key + "\" must be a string or a list of strings");
      }
    }
  }
  auto result = marker->evaluate_checked(env);
  if (!result) return failure(result.error());
  return {Out{{"result", *result}}, std::nullopt};
}

QueryAnswer answer_requirement(const json& input) {
  QueryAnswer error;
  auto text = text_field(input, "requirement", &error);
  if (!text) return error;
  auto req = Requirement::parse(*text);
  if (!req) return failure(req.error());
  return {Out{{"name", req->name},
              {"extras", req->extras},
              {"specifier", req->specifier.str()},
              {"url", req->url ? Out(*req->url) : Out(nullptr)},
              {"marker", req->marker ? Out(req->marker->str()) : Out(nullptr)}},
          std::nullopt};
}

QueryAnswer answer_wheel(const json& input) {
  QueryAnswer error;
  auto text = text_field(input, "filename", &error);
  if (!text) return error;
  auto wheel = WheelFilename::parse(*text);
  if (!wheel) return failure(wheel.error());
  Out tags = Out::array();
  for (const Tag& tag : wheel->tags) tags.push_back(tag.str());
  Out out = {{"name", wheel->name},
             {"version", wheel->version.str()},
             {"build", wheel->build ? Out::array({wheel->build->number, wheel->build->rest}) : Out(nullptr)},
             {"tags", tags}};
  if (auto it = input.find("target"); it != input.end() && !it->is_null()) {
    if (!it->is_object()) return failure("\"target\" must be an object");
    auto platform = platform_field(*it, &error);
    if (!platform) return error;
    TagCompatibility compatibility = wheel_compatibility(*wheel, *platform);
    out["compatible"] = compatibility.compatible;
    if (compatibility.compatible) {
      out["priority"] = compatibility.priority;
    } else {
      out["reason"] = std::string(to_string(compatibility.reason));
      out["detail"] = compatibility.detail;
    }
  }
  return {out, std::nullopt};
}

}  // namespace

QueryAnswer answer(QueryKind kind, const json& input, const MarkerEnvironment& defaults) {
  if (!input.is_object()) return failure("expected a JSON object");
  switch (kind) {
    case QueryKind::Version: return answer_version(input);
    case QueryKind::Compare: return answer_compare(input);
    case QueryKind::Specifier: return answer_specifier(input);
    case QueryKind::Marker: return answer_marker(input, defaults);
    case QueryKind::Requirement: return answer_requirement(input);
    case QueryKind::Wheel: return answer_wheel(input);
  }
  return failure("unknown question");
}

}  // namespace mlstack::pep
