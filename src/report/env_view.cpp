// SPDX-License-Identifier: MIT
#include "report/env_view.h"

#include <fmt/format.h>

#include "env/env_json.h"

namespace mlstack::report {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::string components(const std::vector<env::Component>& list, bool with_path) {
  std::vector<std::string> items;
  for (const env::Component& c : list) items.push_back(with_path ? fmt::format("{} ({})", c.version, c.path) : c.version);
  return items.empty() ? "none found" : join(items, ", ");
}

Section machine_section(const env::Machine& m) {
  Section section{"Machine", {}, {}};
  KeyValues facts;
  facts.items.push_back({"OS", m.os.pretty_name.empty() ? "unknown" : m.os.pretty_name});
  facts.items.push_back({"Kernel", m.os.kernel});
  facts.items.push_back({"Architecture", m.os.arch});
  facts.items.push_back({"C library", m.libc_version.empty() ? m.libc : fmt::format("{} {}", m.libc, m.libc_version)});
  std::vector<std::string> gcc;
  for (const env::Component& c : m.compilers) gcc.push_back("gcc-" + c.version);
  facts.items.push_back({"Compilers", gcc.empty() ? "none found" : join(gcc, ", ")});
  facts.items.push_back({"libstdc++", components(m.libstdcxx, true)});
  std::vector<std::string> pythons;
  for (const env::Component& c : m.pythons) pythons.push_back(fmt::format("{} ({})", c.version, c.path));
  facts.items.push_back({"Pythons", pythons.empty() ? "none found" : join(pythons, ", ")});
  if (m.driver) {
    facts.items.push_back({"NVIDIA driver", fmt::format("{} (from {})", m.driver->version.empty() ? "unknown" : m.driver->version, m.driver->source)});
    facts.items.push_back({"Highest CUDA the driver supports",
                           m.driver->cuda_version.empty() ? "unknown" : fmt::format("{} (from {})", m.driver->cuda_version, m.driver->cuda_source)});
  } else {
    facts.items.push_back({"NVIDIA driver", "none loaded"});
  }
  facts.items.push_back({"GPUs", m.gpus.empty() ? "none" : fmt::format("{} (from {})", m.gpus.size(), m.gpu_source)});
  section.blocks.push_back(std::move(facts));
  if (!m.gpus.empty()) {
    Table gpus{{{"GPU"}, {"Name"}, {"Memory", Align::Right}, {"Compute capability", Align::Left, true}}, {}};
    for (const env::Gpu& gpu : m.gpus)
      gpus.rows.push_back({std::to_string(gpu.index), gpu.name, fmt::format("{} MiB", gpu.memory_mib),
                           gpu.compute_capability.empty() ? "not reported" : gpu.compute_capability});
    section.subsections.push_back({"GPUs", {std::move(gpus)}, {}});
  }
  Table toolkits{{{"CUDA toolkit"}, {"Version", Align::Left, true}, {"Read from"}}, {}};
  for (const env::CudaToolkit& t : m.cuda_toolkits) {
    std::string path = t.aliases.empty() ? t.path : fmt::format("{} ({})", t.path, join(t.aliases, ", "));
    toolkits.rows.push_back({path, t.version.empty() ? "unknown" : t.version, t.source});
  }
  for (const env::Component& c : m.cuda_libraries) toolkits.rows.push_back({c.name, c.version, c.path});
  if (!toolkits.rows.empty()) section.subsections.push_back({"CUDA toolkits and libraries", {std::move(toolkits)}, {}});
  return section;
}

Section python_section(const env::Environment& e) {
  Section section{"Python", {}, {}};
  KeyValues facts;
  facts.items.push_back({"Found by", e.found_by.empty() ? "nothing" : e.found_by});
  facts.items.push_back({"Prefix", e.prefix});
  if (!e.python.executable.empty()) facts.items.push_back({"Interpreter", e.python.executable});
  facts.items.push_back({"Version", e.python.version.empty() ? "unknown" : fmt::format("{} (from {})", e.python.version, e.python.source)});
  if (e.venv)
    facts.items.push_back({"pyvenv.cfg", fmt::format("home = {}, include-system-site-packages = {}", e.venv->home,
                                                     e.venv->include_system_site_packages ? "true" : "false")});
  section.blocks.push_back(std::move(facts));
  if (!e.site_dirs.empty()) section.blocks.push_back(Paragraph{"Folders read, in sys.path order:"});
  if (!e.site_dirs.empty()) section.blocks.push_back(Bullets{e.site_dirs});
  return section;
}

Section torch_section(const env::TorchBuild& t) {
  KeyValues facts;
  facts.items.push_back({"Version", t.version});
  facts.items.push_back({"Local label", t.local_label.empty() ? "none" : t.local_label});
  facts.items.push_back({"CUDA", t.cuda.empty() ? "none (not a CUDA build)" : t.cuda});
  if (!t.hip.empty()) facts.items.push_back({"HIP", t.hip});
  facts.items.push_back({"Git version", t.git_version.empty() ? "unknown" : t.git_version});
  facts.items.push_back({"Debug build", !t.debug ? "unknown" : (*t.debug ? "yes" : "no")});
  facts.items.push_back({"C++11 ABI (_GLIBCXX_USE_CXX11_ABI)",
                         t.cxx11_abi ? fmt::format("{} (from {})", *t.cxx11_abi ? 1 : 0, t.cxx11_abi_source)
                                     : "unknown: no TorchConfig.cmake; `mlstack check` reads it from libtorch's symbols"});
  facts.items.push_back({"C++ libraries", t.libraries.empty() ? "none" : join(t.libraries, ", ")});
  facts.items.push_back({"Read from", t.package_dir + "/version.py"});
  return {"Torch build", {std::move(facts)}, {}};
}

Section distributions_section(const env::Environment& e) {
  Table table{{{"Package"}, {"Installed version", Align::Left, true}, {"Installer"}, {"Notes"}}, {}};
  Table cuda_wheels{{{"Package"}, {"Installed version", Align::Left, true}}, {}};
  for (const env::Distribution& d : e.distributions) {
    std::vector<std::string> notes;
    if (d.shadowed) notes.push_back("hidden by an earlier copy");
    if (d.editable) notes.push_back(d.editable_location.empty() ? "editable" : "editable: " + d.editable_location);
    if (d.direct_url && !d.direct_url->vcs.empty())
      notes.push_back(fmt::format("{} {}@{}", d.direct_url->vcs, d.direct_url->url, d.direct_url->commit_id));
    else if (d.direct_url && !d.editable)
      notes.push_back("from " + d.direct_url->url);
    if (d.kind == env::MetadataKind::EggInfo) notes.push_back("egg-info");
    if (d.kind == env::MetadataKind::EggLink) notes.push_back("egg-link");
    if (d.requested) notes.push_back("requested");
    table.rows.push_back({d.name, d.version, d.installer.empty() ? "-" : d.installer, join(notes, "; ")});
    if (!d.shadowed && d.canonical_name.starts_with("nvidia-")) cuda_wheels.rows.push_back({d.name, d.version});
  }
  Section section{"Distributions", {}, {}};
  section.blocks.push_back(Paragraph{fmt::format("{} distributions in {} folders.", e.distributions.size(), e.site_dirs.size())});
  section.blocks.push_back(std::move(table));
  if (!cuda_wheels.rows.empty()) section.subsections.push_back({"NVIDIA CUDA wheels", {std::move(cuda_wheels)}, {}});
  return section;
}

Section problems_section(const std::vector<env::DependencyProblem>& problems) {
  Section section{"Dependency problems", {}, {}};
  if (problems.empty()) {
    section.blocks.push_back(Paragraph{"No broken requirements found."});
    return section;
  }
  Bullets pip_sees;
  Bullets beyond_pip;
  for (const env::DependencyProblem& p : problems) {
    bool extra = p.kind == env::DependencyProblem::Kind::ExtraMissing || p.kind == env::DependencyProblem::Kind::ExtraConflict;
    (extra ? beyond_pip : pip_sees).items.push_back(env::describe(p));
  }
  if (!pip_sees.items.empty()) section.blocks.push_back(std::move(pip_sees));
  if (!beyond_pip.items.empty()) {
    section.blocks.push_back(Paragraph{"Requirements of requested extras (pip check does not look at these):"});
    section.blocks.push_back(std::move(beyond_pip));
  }
  return section;
}

nlohmann::json platform_json(const pep::Platform& p) {
  nlohmann::json out = {{"os", p.os}, {"arch", p.arch}, {"libc", p.libc}, {"python_implementation", p.python_implementation}};
  auto version = [](const std::optional<pep::Version>& v) { return v ? nlohmann::json(v->str()) : nlohmann::json(nullptr); };
  out["libc_version"] = version(p.libc_version);
  out["python_version"] = version(p.python_version);
  out["driver_version"] = version(p.driver_version);
  out["driver_cuda"] = version(p.driver_cuda);
  out["cuda_toolkit"] = version(p.cuda_toolkit);
  out["gpu_compute_capabilities"] = p.gpu_compute_capabilities;
  out["torch_cxx11_abi"] = p.torch_cxx11_abi ? nlohmann::json(*p.torch_cxx11_abi) : nlohmann::json(nullptr);
  return out;
}

}  // namespace

nlohmann::json env_payload(const env::EnvReport& report) {
  nlohmann::json data;
  data["env_schema"] = env::k_env_schema_version;
  data["machine"] = env::to_json(report.machine);
  data["environment"] = env::to_json(report.environment);
  data["platform"] = platform_json(report.platform);
  data["markers"] = report.markers;
  data["problems"] = nlohmann::json::array();
  for (const env::DependencyProblem& problem : report.problems) data["problems"].push_back(env::to_json(problem));
  return data;
}

Document env_document(const env::EnvReport& report, bool with_payload) {
  Document document;
  document.command = "env";
  const env::Environment& e = report.environment;
  document.title = fmt::format("mlstack env: {}", e.prefix.empty() ? "no environment" : e.prefix);
  document.sections.push_back(machine_section(report.machine));
  document.sections.push_back(python_section(e));
  if (e.torch) document.sections.push_back(torch_section(*e.torch));
  document.sections.push_back(distributions_section(e));
  document.sections.push_back(problems_section(report.problems));
  document.findings = report.findings();
  if (with_payload) document.data = env_payload(report);
  return document;
}

}  // namespace mlstack::report
