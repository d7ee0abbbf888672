// SPDX-License-Identifier: MIT
// The one interpreter run: `EXE -I -c k_python_snippet`. -I keeps the user's
// environment variables, user site and current folder out of it; the snippet
// imports only the standard library and prints one JSON object.
#include <cctype>

#include <nlohmann/json.hpp>

#include "env/environment.h"

namespace mlstack::env {

// The marker keys follow packaging.markers.default_environment().
const char* const k_python_snippet =
    "import json, os, platform, site, sys\n"
    "i = sys.implementation\n"
    "v = '%d.%d.%d' % (i.version.major, i.version.minor, i.version.micro)\n"
    "if i.version.releaselevel != 'final': v += i.version.releaselevel[0] + str(i.version.serial)\n"
    "print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix, 'base_prefix': sys.base_prefix,\n"
    " 'path': sys.path, 'user_site': site.getusersitepackages(), 'markers': {\n"
    " 'implementation_name': i.name, 'implementation_version': v, 'os_name': os.name,\n"
    " 'platform_machine': platform.machine(), 'platform_release': platform.release(),\n"
    " 'platform_system': platform.system(), 'platform_version': platform.version(),\n"
    " 'python_full_version': platform.python_version(),\n"
    " 'platform_python_implementation': platform.python_implementation(),\n"
    " 'python_version': '.'.join(platform.python_version_tuple()[:2]), 'sys_platform': sys.platform}}))\n";

Expected<PythonInfo, std::string> parse_python_probe(std::string_view json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return unexpected(std::string("the interpreter did not print a JSON object"));
  PythonInfo info;
  auto text = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  info.executable = text("executable");
  info.prefix = text("prefix");
  info.base_prefix = text("base_prefix");
  if (auto path = json.find("path"); path != json.end() && path->is_array()) {
    for (const auto& entry : *path)
      if (entry.is_string()) info.sys_path.push_back(entry.get<std::string>());
  } else {
    return unexpected(std::string("the interpreter's answer has no sys.path list"));
  }
  if (auto markers = json.find("markers"); markers != json.end() && markers->is_object()) {
    for (auto it = markers->begin(); it != markers->end(); ++it)
      if (it.value().is_string()) info.markers[it.key()] = it.value().get<std::string>();
  }
  info.version = info.markers.count("python_full_version") ? info.markers["python_full_version"] : "";
  info.implementation = info.markers.count("implementation_name") ? info.markers["implementation_name"] : "";
  info.user_site = text("user_site");
  info.source = "interpreter";
  return info;
}

std::optional<VenvConfig> parse_pyvenv_cfg(std::string_view text, const std::string& path) {
  VenvConfig config;
  config.path = path;
  // site.py's venv() starts from "true" and only the key turns it off.
  config.include_system_site_packages = true;
  std::size_t pos = 0;
  bool any = false;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
      return std::string(s);
    };
    std::string key = trim(line.substr(0, equals));
    std::string value = trim(line.substr(equals + 1));
    any = true;
    if (key == "home") config.home = value;
    else if (key == "version") config.version = value;
    else if (key == "version_info" && config.version.empty()) {
      // virtualenv writes "3.12.1.final.0": keep the release part.
      std::size_t dots = 0, stop = 0;
      while (stop < value.size() && (std::isdigit(static_cast<unsigned char>(value[stop])) || (value[stop] == '.' && ++dots < 3))) ++stop;
      config.version = value.substr(0, stop);
    }
    else if (key == "include-system-site-packages") {
      std::string lower = value;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      config.include_system_site_packages = lower == "true";
    }
    config.values.emplace_back(std::move(key), std::move(value));
  }
  if (!any) return std::nullopt;
  return config;
}

}  // namespace mlstack::env
