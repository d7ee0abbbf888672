// SPDX-License-Identifier: MIT
#include "env/env_json.h"

#include <fmt/format.h>

#include "core/file_guard.h"
#include "core/mapped_file.h"
#include "env/system.h"

namespace mlstack::env {
namespace {

using nlohmann::json;

const char* kind_name(MetadataKind kind) {
  switch (kind) {
    case MetadataKind::DistInfo: return "dist-info";
    case MetadataKind::EggInfo: return "egg-info";
    case MetadataKind::EggLink: return "egg-link";
  }
  return "dist-info";
}

json components(const std::vector<Component>& list) {
  json out = json::array();
  for (const Component& c : list) out.push_back({{"name", c.name}, {"version", c.version}, {"path", c.path}});
  return out;
}

// Reading: a small cursor that remembers the first error with its JSON path.
class Reader {
 public:
  explicit Reader(std::string* error) : m_error(error) {}
  bool ok() const { return m_error->empty(); }
  void fail(const std::string& where, const std::string& what) {
    if (m_error->empty()) *m_error = fmt::format("{}: {}", where, what);
  }
  std::string text(const json& object, const char* key, const std::string& where, bool required = false) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) fail(where + "." + key, "missing");
      return {};
    }
    if (!it->is_string()) {
      fail(where + "." + key, "not a string");
      return {};
    }
    return it->get<std::string>();
  }
  bool flag(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return false;
    if (!it->is_boolean()) {
      fail(where + "." + key, "not a boolean");
      return false;
    }
    return it->get<bool>();
  }
  std::uint64_t number(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return 0;
    if (!it->is_number_unsigned() && !it->is_number_integer()) {
      fail(where + "." + key, "not a number");
      return 0;
    }
    return it->get<std::uint64_t>();
  }
  std::vector<std::string> strings(const json& object, const char* key, const std::string& where) {
    std::vector<std::string> out;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return out;
    if (!it->is_array()) {
      fail(where + "." + key, "not an array");
      return out;
    }
    for (const json& item : *it) {
      if (!item.is_string()) {
        fail(where + "." + key, "holds a non-string");
        return out;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  const json* object(const json& parent, const char* key, const std::string& where, bool required = false) {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) {
      if (required) fail(where + "." + key, "missing");
      return nullptr;
    }
    if (!it->is_object()) {
      fail(where + "." + key, "not an object");
      return nullptr;
    }
    return &*it;
  }
  const json* array(const json& parent, const char* key, const std::string& where) {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    if (!it->is_array()) {
      fail(where + "." + key, "not an array");
      return nullptr;
    }
    return &*it;
  }
  std::vector<Component> component_list(const json& parent, const char* key, const std::string& where) {
    std::vector<Component> out;
    if (const json* list = array(parent, key, where)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        std::string at = fmt::format("{}.{}[{}]", where, key, i);
        if (!(*list)[i].is_object()) {
          fail(at, "not an object");
          break;
        }
        out.push_back({text((*list)[i], "name", at), text((*list)[i], "version", at), text((*list)[i], "path", at)});
      }
    }
    return out;
  }

 private:
  std::string* m_error;
};

}  // namespace

json to_json(const Machine& machine) {
  json out;
  out["os"] = {{"id", machine.os.id}, {"version_id", machine.os.version_id}, {"pretty_name", machine.os.pretty_name},
               {"kernel", machine.os.kernel}, {"arch", machine.os.arch}};
  out["libc"] = {{"name", machine.libc}, {"version", machine.libc_version}};
  out["compilers"] = components(machine.compilers);
  out["libstdcxx"] = components(machine.libstdcxx);
  out["pythons"] = components(machine.pythons);
  if (machine.driver) {
    out["driver"] = {{"version", machine.driver->version}, {"source", machine.driver->source},
                     {"cuda_version", machine.driver->cuda_version}, {"cuda_source", machine.driver->cuda_source}};
  } else {
    out["driver"] = nullptr;
  }
  out["gpus"] = json::array();
  for (const Gpu& gpu : machine.gpus)
    out["gpus"].push_back({{"index", gpu.index}, {"name", gpu.name}, {"memory_mib", gpu.memory_mib},
                           {"compute_capability", gpu.compute_capability}});
  out["gpu_source"] = machine.gpu_source;
  out["cuda_toolkits"] = json::array();
  for (const CudaToolkit& toolkit : machine.cuda_toolkits)
    out["cuda_toolkits"].push_back({{"path", toolkit.path}, {"version", toolkit.version}, {"source", toolkit.source},
                                    {"aliases", toolkit.aliases}});
  out["cuda_libraries"] = components(machine.cuda_libraries);
  return out;
}

json to_json(const Environment& environment) {
  json out;
  out["found_by"] = environment.found_by;
  out["prefix"] = environment.prefix;
  out["site_dirs"] = environment.site_dirs;
  const PythonInfo& python = environment.python;
  out["python"] = {{"executable", python.executable}, {"version", python.version}, {"implementation", python.implementation},
                   {"prefix", python.prefix}, {"base_prefix", python.base_prefix}, {"sys_path", python.sys_path},
                   {"user_site", python.user_site}, {"markers", python.markers}, {"source", python.source}};
  if (environment.venv) {
    json values = json::array();
    for (const auto& [key, value] : environment.venv->values) values.push_back({key, value});
    out["venv"] = {{"path", environment.venv->path}, {"home", environment.venv->home}, {"version", environment.venv->version},
                   {"include_system_site_packages", environment.venv->include_system_site_packages}, {"values", values}};
  } else {
    out["venv"] = nullptr;
  }
  if (environment.torch) {
    const TorchBuild& torch = *environment.torch;
    out["torch"] = {{"package_dir", torch.package_dir}, {"version", torch.version}, {"local_label", torch.local_label},
                    {"cuda", torch.cuda}, {"hip", torch.hip}, {"git_version", torch.git_version},
                    {"debug", torch.debug ? json(*torch.debug) : json(nullptr)},
                    {"cxx11_abi", torch.cxx11_abi ? json(*torch.cxx11_abi) : json(nullptr)},
                    {"cxx11_abi_source", torch.cxx11_abi_source}, {"libraries", torch.libraries}};
  } else {
    out["torch"] = nullptr;
  }
  out["distributions"] = json::array();
  for (const Distribution& d : environment.distributions) {
    json dist = {{"name", d.name}, {"canonical_name", d.canonical_name}, {"version", d.version}, {"kind", kind_name(d.kind)},
                 {"metadata_dir", d.metadata_dir}, {"site_dir", d.site_dir}, {"summary", d.summary},
                 {"requires_python", d.requires_python}, {"requires_dist", d.requires_dist}, {"provides_extra", d.provides_extra},
                 {"installer", d.installer}, {"requested", d.requested}, {"editable", d.editable},
                 {"editable_location", d.editable_location}, {"wheel_tags", d.wheel_tags}, {"wheel_generator", d.wheel_generator},
                 {"top_level", d.top_level}, {"import_names", d.import_names}, {"record_files", d.record_files}, {"extension_modules", d.extension_modules},
                 {"shadowed", d.shadowed}};
    if (d.direct_url) {
      dist["direct_url"] = {{"url", d.direct_url->url}, {"editable", d.direct_url->editable}, {"vcs", d.direct_url->vcs},
                            {"commit_id", d.direct_url->commit_id}, {"requested_revision", d.direct_url->requested_revision},
                            {"archive_hash", d.direct_url->archive_hash}};
    } else {
      dist["direct_url"] = nullptr;
    }
    json entry_points = json::array();
    for (const EntryPoint& e : d.entry_points) entry_points.push_back({{"group", e.group}, {"name", e.name}, {"value", e.value}});
    dist["entry_points"] = entry_points;
    out["distributions"].push_back(std::move(dist));
  }
  return out;
}

json to_json(const DependencyProblem& problem) {
  return {{"kind", to_string(problem.kind)}, {"dist", problem.dist}, {"dist_version", problem.dist_version},
          {"requirement", problem.requirement}, {"dependency", problem.dependency},
          {"installed_version", problem.installed_version}, {"extra", problem.extra}, {"via", problem.via},
          {"metadata_dir", problem.metadata_dir}, {"detail", problem.detail}};
}

Expected<Machine, std::string> machine_from_json(const json& in) {
  std::string error;
  Reader r(&error);
  Machine m;
  if (!in.is_object()) return unexpected(std::string("machine: not an object"));
  if (const json* os = r.object(in, "os", "machine", true)) {
    m.os = {r.text(*os, "id", "machine.os"), r.text(*os, "version_id", "machine.os"), r.text(*os, "pretty_name", "machine.os"),
            r.text(*os, "kernel", "machine.os"), r.text(*os, "arch", "machine.os")};
  }
  if (const json* libc = r.object(in, "libc", "machine")) {
    m.libc = r.text(*libc, "name", "machine.libc");
    m.libc_version = r.text(*libc, "version", "machine.libc");
  }
  m.compilers = r.component_list(in, "compilers", "machine");
  m.libstdcxx = r.component_list(in, "libstdcxx", "machine");
  m.pythons = r.component_list(in, "pythons", "machine");
  if (const json* driver = r.object(in, "driver", "machine")) {
    m.driver = DriverInfo{r.text(*driver, "version", "machine.driver"), r.text(*driver, "source", "machine.driver"),
                          r.text(*driver, "cuda_version", "machine.driver"), r.text(*driver, "cuda_source", "machine.driver")};
  }
  if (const json* gpus = r.array(in, "gpus", "machine")) {
    for (std::size_t i = 0; i < gpus->size(); ++i) {
      std::string at = fmt::format("machine.gpus[{}]", i);
      const json& g = (*gpus)[i];
      if (!g.is_object()) {
        r.fail(at, "not an object");
        break;
      }
      m.gpus.push_back({static_cast<int>(r.number(g, "index", at)), r.text(g, "name", at), r.number(g, "memory_mib", at),
                        r.text(g, "compute_capability", at)});
    }
  }
  m.gpu_source = r.text(in, "gpu_source", "machine");
  if (const json* toolkits = r.array(in, "cuda_toolkits", "machine")) {
    for (std::size_t i = 0; i < toolkits->size(); ++i) {
      std::string at = fmt::format("machine.cuda_toolkits[{}]", i);
      const json& t = (*toolkits)[i];
      if (!t.is_object()) {
        r.fail(at, "not an object");
        break;
      }
      m.cuda_toolkits.push_back({r.text(t, "path", at), r.text(t, "version", at), r.text(t, "source", at), r.strings(t, "aliases", at)});
    }
  }
  m.cuda_libraries = r.component_list(in, "cuda_libraries", "machine");
  if (!r.ok()) return unexpected(error);
  return m;
}

Expected<Environment, std::string> environment_from_json(const json& in) {
  std::string error;
  Reader r(&error);
  Environment e;
  if (!in.is_object()) return unexpected(std::string("environment: not an object"));
  e.found_by = r.text(in, "found_by", "environment");
  e.prefix = r.text(in, "prefix", "environment");
  e.site_dirs = r.strings(in, "site_dirs", "environment");
  if (const json* p = r.object(in, "python", "environment", true)) {
    const std::string at = "environment.python";
    e.python.executable = r.text(*p, "executable", at);
    e.python.version = r.text(*p, "version", at);
    e.python.implementation = r.text(*p, "implementation", at);
    e.python.prefix = r.text(*p, "prefix", at);
    e.python.base_prefix = r.text(*p, "base_prefix", at);
    e.python.sys_path = r.strings(*p, "sys_path", at);
    e.python.user_site = r.text(*p, "user_site", at);
    e.python.source = r.text(*p, "source", at);
    if (const json* markers = r.object(*p, "markers", at)) {
      for (auto it = markers->begin(); it != markers->end(); ++it) {
        if (!it.value().is_string()) {
          r.fail(at + ".markers." + it.key(), "not a string");
          break;
        }
        e.python.markers[it.key()] = it.value().get<std::string>();
      }
    }
  }
  if (const json* v = r.object(in, "venv", "environment")) {
    VenvConfig venv;
    venv.path = r.text(*v, "path", "environment.venv");
    venv.home = r.text(*v, "home", "environment.venv");
    venv.version = r.text(*v, "version", "environment.venv");
    venv.include_system_site_packages = r.flag(*v, "include_system_site_packages", "environment.venv");
    if (const json* values = r.array(*v, "values", "environment.venv"))
      for (const json& pair : *values)
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
          venv.values.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    e.venv = std::move(venv);
  }
  if (const json* t = r.object(in, "torch", "environment")) {
    const std::string at = "environment.torch";
    TorchBuild torch;
    torch.package_dir = r.text(*t, "package_dir", at);
    torch.version = r.text(*t, "version", at);
    torch.local_label = r.text(*t, "local_label", at);
    torch.cuda = r.text(*t, "cuda", at);
    torch.hip = r.text(*t, "hip", at);
    torch.git_version = r.text(*t, "git_version", at);
    if (auto it = t->find("debug"); it != t->end() && it->is_boolean()) torch.debug = it->get<bool>();
    if (auto it = t->find("cxx11_abi"); it != t->end() && it->is_boolean()) torch.cxx11_abi = it->get<bool>();
    torch.cxx11_abi_source = r.text(*t, "cxx11_abi_source", at);
    torch.libraries = r.strings(*t, "libraries", at);
    e.torch = std::move(torch);
  }
  if (const json* dists = r.array(in, "distributions", "environment")) {
    for (std::size_t i = 0; i < dists->size() && r.ok(); ++i) {
      std::string at = fmt::format("environment.distributions[{}]", i);
      const json& j = (*dists)[i];
      if (!j.is_object()) {
        r.fail(at, "not an object");
        break;
      }
      Distribution d;
      d.name = r.text(j, "name", at, true);
      d.canonical_name = r.text(j, "canonical_name", at, true);
      d.version = r.text(j, "version", at, true);
      std::string kind = r.text(j, "kind", at);
      d.kind = kind == "egg-info" ? MetadataKind::EggInfo : kind == "egg-link" ? MetadataKind::EggLink : MetadataKind::DistInfo;
      d.metadata_dir = r.text(j, "metadata_dir", at);
      d.site_dir = r.text(j, "site_dir", at);
      d.summary = r.text(j, "summary", at);
      d.requires_python = r.text(j, "requires_python", at);
      d.requires_dist = r.strings(j, "requires_dist", at);
      d.provides_extra = r.strings(j, "provides_extra", at);
      d.installer = r.text(j, "installer", at);
      d.requested = r.flag(j, "requested", at);
      d.editable = r.flag(j, "editable", at);
      d.editable_location = r.text(j, "editable_location", at);
      d.wheel_tags = r.strings(j, "wheel_tags", at);
      d.wheel_generator = r.text(j, "wheel_generator", at);
      d.top_level = r.strings(j, "top_level", at);
      d.import_names = r.strings(j, "import_names", at);
      d.record_files = r.number(j, "record_files", at);
      d.extension_modules = r.strings(j, "extension_modules", at);
      d.shadowed = r.flag(j, "shadowed", at);
      if (const json* u = r.object(j, "direct_url", at)) {
        d.direct_url = DirectUrl{r.text(*u, "url", at + ".direct_url"), r.flag(*u, "editable", at + ".direct_url"),
                                 r.text(*u, "vcs", at + ".direct_url"), r.text(*u, "commit_id", at + ".direct_url"),
                                 r.text(*u, "requested_revision", at + ".direct_url"), r.text(*u, "archive_hash", at + ".direct_url")};
      }
      if (const json* eps = r.array(j, "entry_points", at))
        for (const json& ep : *eps)
          if (ep.is_object()) d.entry_points.push_back({r.text(ep, "group", at), r.text(ep, "name", at), r.text(ep, "value", at)});
      e.distributions.push_back(std::move(d));
    }
  }
  if (!r.ok()) return unexpected(error);
  return e;
}

Expected<EnvFile, std::string> parse_env_file(std::string_view text, const std::string& name) {
  json in = json::parse(text, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return unexpected(fmt::format("{}: not a JSON object", name));
  auto schema = in.find("schema");
  if (schema == in.end() || !schema->is_string() || *schema != "mlstack/1")
    return unexpected(fmt::format("{}: not an mlstack JSON document (\"schema\" is not \"mlstack/1\")", name));
  auto command = in.find("command");
  if (command == in.end() || !command->is_string() || *command != "env")
    return unexpected(fmt::format("{}: written by another verb than `mlstack env` (\"command\")", name));
  auto version = in.find("env_schema");
  if (version == in.end() || !version->is_number_integer() || version->get<int>() != k_env_schema_version)
    return unexpected(fmt::format("{}: \"env_schema\" is not {}", name, k_env_schema_version));
  EnvFile file;
  auto machine_json = in.find("machine");
  if (machine_json == in.end()) return unexpected(fmt::format("{}: machine: missing", name));
  auto machine = machine_from_json(*machine_json);
  if (!machine) return unexpected(fmt::format("{}: {}", name, machine.error()));
  file.machine = std::move(*machine);
  auto environment_json = in.find("environment");
  if (environment_json == in.end()) return unexpected(fmt::format("{}: environment: missing", name));
  auto environment = environment_from_json(*environment_json);
  if (!environment) return unexpected(fmt::format("{}: {}", name, environment.error()));
  file.environment = std::move(*environment);
  if (auto problems = in.find("problems"); problems != in.end() && problems->is_array()) {
    std::string error;
    Reader r(&error);
    for (std::size_t i = 0; i < problems->size(); ++i) {
      const json& p = (*problems)[i];
      std::string at = fmt::format("problems[{}]", i);
      if (!p.is_object()) return unexpected(fmt::format("{}: {}: not an object", name, at));
      DependencyProblem problem;
      std::string kind = r.text(p, "kind", at, true);
      bool known = false;
      for (auto k : {DependencyProblem::Kind::Missing, DependencyProblem::Kind::Conflict, DependencyProblem::Kind::ExtraMissing,
                     DependencyProblem::Kind::ExtraConflict, DependencyProblem::Kind::InvalidRequirement})
        if (kind == to_string(k)) {
          problem.kind = k;
          known = true;
        }
      if (!known && r.ok()) r.fail(at + ".kind", "unknown kind \"" + kind + "\"");
      problem.dist = r.text(p, "dist", at);
      problem.dist_version = r.text(p, "dist_version", at);
      problem.requirement = r.text(p, "requirement", at);
      problem.dependency = r.text(p, "dependency", at);
      problem.installed_version = r.text(p, "installed_version", at);
      problem.extra = r.text(p, "extra", at);
      problem.via = r.text(p, "via", at);
      problem.metadata_dir = r.text(p, "metadata_dir", at);
      problem.detail = r.text(p, "detail", at);
      if (!r.ok()) return unexpected(fmt::format("{}: {}", name, error));
      file.problems.push_back(std::move(problem));
    }
  }
  if (auto findings = in.find("findings"); findings != in.end() && findings->is_array()) {
    for (const json& f : *findings) {
      if (!f.is_object()) continue;
      // Only strings are taken; anything else (null for "no fix") reads as empty.
      auto string_at = [&f](const char* key) {
        auto it = f.find(key);
        return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      Finding finding;
      finding.rule = string_at("rule");
      finding.severity = parse_severity(string_at("severity")).value_or(Severity::Error);
      finding.message = string_at("message");
      finding.fix = string_at("fix");
      finding.detail = string_at("detail");
      if (auto notes = f.find("notes"); notes != f.end() && notes->is_array())
        for (const json& note : *notes)
          if (note.is_string()) finding.notes.push_back(note.get<std::string>());
      if (auto origins = f.find("origins"); origins != f.end() && origins->is_array()) {
        for (const json& o : *origins) {
          if (!o.is_object()) continue;
          auto field = [&o](const char* key) {
            auto it = o.find(key);
            return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
          };
          auto number = [&o](const char* key) -> std::size_t {
            auto it = o.find(key);
            return it != o.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
          };
          std::string kind = field("kind");
          Origin origin;
          origin.kind = kind == "dist" ? Origin::Kind::Dist : kind == "fact" ? Origin::Kind::Fact
                      : kind == "machine" ? Origin::Kind::Machine : Origin::Kind::File;
          origin.path = field("path");
          origin.line = number("line");
          origin.column = number("column");
          origin.context = field("context");
          origin.source = field("source");
          finding.origins.push_back(std::move(origin));
        }
      }
      file.findings.push_back(std::move(finding));
    }
  }
  return file;
}

Expected<EnvFile, std::string> load_env_file(const std::string& path) {
  // "-", /dev/stdin and a shell's <(cmd) are read as streams; a named FIFO is
  // refused rather than waited on (see core/file_guard.h).
  auto text = read_argument_file(path, System::k_max_read_bytes);
  if (!text) return unexpected(text.error());
  return parse_env_file(*text, path == "-" ? "<stdin>" : path);
}

}  // namespace mlstack::env
