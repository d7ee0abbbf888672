// SPDX-License-Identifier: MIT
#include "report/binaries_view.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "binary/cxx_abi.h"
#include "binary/gpu_support.h"

namespace mlstack::report {
namespace {

std::string newest_needs(const binary::ModuleReport& r) {
  std::string out;
  for (const auto& need : r.toolchain) {
    if (need.prefix != "GLIBC" && need.prefix != "GLIBCXX") continue;
    out += (out.empty() ? "" : ", ") + need.newest_needed + (need.satisfied ? "" : " (missing)");
  }
  return out.empty() ? "-" : out;
}

std::string joined(const std::vector<std::string>& items, std::size_t most) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < most; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > most) out += fmt::format(" (+{})", items.size() - most);
  return out.empty() ? "-" : out;
}

// "10.0 ptx-jit (PTX ISA 9.0: CUDA >= 13.0, Linux driver >= 580.65.06; driver here: too-old)".
// With `fatbin_counts` (libraries): "8.6 native (482 of 2782 fatbins)" when
// not every fatbin has code for the GPU.
std::string gpu_cell(const std::vector<check::GpuKernels>& gpus, bool fatbin_counts = false) {
  std::string out;
  for (const auto& gpu : gpus) {
    out += (out.empty() ? "" : "; ") + binary::to_string(gpu.cc) + " " + binary::to_string(gpu.support);
    if (fatbin_counts && gpu.fatbins_with_code != gpu.fatbins) {
      out += fmt::format(" ({} of {} fatbins)", gpu.fatbins_with_code, gpu.fatbins);
    }
    if (!gpu.ptx) continue;
    const check::PtxDriverNeed& need = *gpu.ptx;
    if (!need.cuda) {
      out += fmt::format(" (PTX ISA {}: not in the kb, driver need unknown)", need.isa);
      continue;
    }
    out += fmt::format(" (PTX ISA {}: CUDA >= {}, Linux driver >= {}{}; driver here: {})", need.isa, need.cuda->str(),
                       need.driver_linux.empty() ? "?" : need.driver_linux,
                       need.driver_cuda && *need.driver_cuda != *need.cuda ? " (of CUDA " + need.driver_cuda->str() + ")" : "",
                       check::to_string(gpu.driver));
  }
  return out.empty() ? "-" : out;
}

nlohmann::json gpus_json(const std::vector<check::GpuKernels>& gpus) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& gpu : gpus) {
    nlohmann::json item = {{"compute_capability", binary::to_string(gpu.cc)},
                           {"support", binary::to_string(gpu.support)},
                           {"fatbins", gpu.fatbins},
                           {"fatbins_with_code", gpu.fatbins_with_code}};
    if (gpu.ptx) {
      const check::PtxDriverNeed& need = *gpu.ptx;
      nlohmann::json sources = nlohmann::json::array();
      for (const auto& origin : need.sources) sources.push_back(to_json(origin));
      item["ptx"] = {{"isa", need.isa},
                     {"min_cuda", need.cuda ? nlohmann::json(need.cuda->str()) : nlohmann::json(nullptr)},
                     {"min_driver_linux", need.driver_linux.empty() ? nlohmann::json(nullptr) : nlohmann::json(need.driver_linux)},
                     {"driver_linux_of_cuda", need.driver_cuda ? nlohmann::json(need.driver_cuda->str()) : nlohmann::json(nullptr)},
                     {"driver", check::to_string(gpu.driver)},
                     {"sources", std::move(sources)}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::string load_cell(const binary::ModuleReport& r) {
  return r.linkage.missing_libraries.empty() && r.linkage.unresolved_symbols.empty() && r.linkage.missing_versions.empty()
             ? "ok"
             : fmt::format("{} missing lib, {} undefined", r.linkage.missing_libraries.size(),
                           r.linkage.unresolved_symbols.size());
}

// A library's load problems: its own missing libraries and versions (symbols are not bound).
std::string library_load_cell(const binary::ModuleReport& r) {
  if (r.linkage.missing_libraries.empty() && r.linkage.missing_versions.empty()) return "ok";
  std::vector<std::string> missing;
  for (const auto& m : r.linkage.missing_libraries) missing.push_back(m.name + " not found");
  for (const auto& m : r.linkage.missing_versions) missing.push_back(m.version + " missing");
  return joined(missing, 3);
}

// "sm_75, sm_80, ... (+8)", then the sections when fatbins were also read
// outside the fatbin sections: "; in .nv_fatbin, .ldata".
std::string library_gpu_code(const binary::FatbinListing& fatbins, const std::vector<std::string>& targets) {
  std::string out = joined(targets, 6);
  const bool elsewhere = std::any_of(fatbins.sections.begin(), fatbins.sections.end(), [](const std::string& s) {
    return s != ".nv_fatbin" && s != "__nv_relfatbin";
  });
  if (elsewhere) out += "; in " + joined(fatbins.sections, 4) + (fatbins.embedded_stopped ? " (searched until each GPU had SASS)" : "");
  return out;
}

void add_libraries_section(Document& document, const check::BinaryScan& scan, nlohmann::json& payload) {
  Table table{{{"Library"}, {"Owner"}, {"C++ ABI"}, {"Load", Align::Left}, {"glibc / libstdc++ needs"}, {"GPU code"},
               {"Machine GPUs"}},
              {}};
  nlohmann::json libraries = nlohmann::json::array();
  for (const auto& m : scan.libraries) {
    const auto& r = m.report;
    std::vector<std::string> targets = binary::distinct_targets(r.fatbins);
    table.rows.push_back({std::filesystem::path(r.path).filename().string(), m.owner.empty() ? "-" : m.owner,
                          binary::to_string(r.cxx_abi.abi), library_load_cell(r), newest_needs(r),
                          library_gpu_code(r.fatbins, targets), gpu_cell(m.gpus, true)});
    nlohmann::json load_set = nlohmann::json::array();
    for (const auto& obj : r.linkage.objects) {
      load_set.push_back({{"name", obj.name}, {"path", obj.path}, {"via", binary::to_string(obj.via)}});
    }
    nlohmann::json missing_libraries = nlohmann::json::array();
    for (const auto& miss : r.linkage.missing_libraries) {
      missing_libraries.push_back({{"name", miss.name}, {"needed_by", miss.needed_by}, {"searched", miss.searched}});
    }
    nlohmann::json missing_versions = nlohmann::json::array();
    for (const auto& miss : r.linkage.missing_versions) {
      missing_versions.push_back({{"version", miss.version}, {"file", miss.file}, {"provided_by", miss.provided_by},
                                  {"newest", miss.newest}});
    }
    nlohmann::json toolchain = nlohmann::json::array();
    for (const auto& need : r.toolchain) {
      toolchain.push_back({{"file", need.file}, {"newest_needed", need.newest_needed},
                           {"provider", need.provider.empty() ? nlohmann::json(nullptr) : nlohmann::json(need.provider)},
                           {"newest_provided", need.newest_provided}, {"satisfied", need.satisfied}});
    }
    libraries.push_back({{"path", r.path},
                         {"owner", m.owner.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.owner)},
                         {"soname", r.soname},
                         {"cxx_abi", binary::to_string(r.cxx_abi.abi)},
                         {"needed", r.needed},
                         {"load_set", std::move(load_set)},
                         {"missing_libraries", std::move(missing_libraries)},
                         {"missing_versions", std::move(missing_versions)},
                         {"toolchain", std::move(toolchain)},
                         {"fatbins", r.fatbins.fatbins},
                         {"fatbin_sections", r.fatbins.sections},
                         {"embedded_fatbins", !r.fatbins.embedded_searched ? "not searched"
                                              : r.fatbins.embedded_stopped ? "stopped"
                                                                           : "searched"},
                         {"gpu_targets", targets},
                         {"gpus", gpus_json(m.gpus)}});
  }
  Section section{"Shared libraries", {}, {}};
  section.blocks.push_back(Paragraph{fmt::format(
      "{} shared librar{} that no import names (loaded through DT_NEEDED or dlopen): load sets resolved, symbols not "
      "bound; GPU coverage judged over all fatbins of a library, which picks its kernel set by architecture.",
      scan.libraries.size(), scan.libraries.size() == 1 ? "y" : "ies")});
  if (!scan.outside.empty()) {
    section.blocks.push_back(Paragraph{"Not read: these names resolve outside their site folder."});
    section.blocks.push_back(Bullets{scan.outside});
  }
  if (!scan.truncated_walks.empty()) {
    section.blocks.push_back(Paragraph{"The walk of these site folders stopped at its bound (RECORD rows were still read):"});
    section.blocks.push_back(Bullets{scan.truncated_walks});
  }
  if (!table.rows.empty()) section.blocks.push_back(std::move(table));
  document.sections.push_back(std::move(section));
  payload["libraries"] = std::move(libraries);
  payload["outside"] = scan.outside;
  payload["truncated_walks"] = scan.truncated_walks;
}

}  // namespace

void add_binaries_section(Document& document, const check::BinaryScan& scan) {
  Table table{{{"Module"}, {"Owner"}, {"C++ ABI"}, {"NumPy C API"}, {"Load", Align::Left}, {"glibc / libstdc++ needs"},
               {"GPU code"}, {"Machine GPUs"}},
              {}};
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& m : scan.modules) {
    const auto& r = m.report;
    std::string load = load_cell(r);
    std::vector<std::string> targets = binary::distinct_targets(r.fatbins);
    table.rows.push_back({std::filesystem::path(r.path).filename().string(), m.owner.empty() ? "-" : m.owner,
                          binary::to_string(r.cxx_abi.abi),
                          r.numpy_headers == binary::NumpyHeaders::None ? "-" : binary::to_string(r.numpy_headers),
                          load, newest_needs(r), joined(targets, 6), gpu_cell(m.gpus)});
    nlohmann::json needed = nlohmann::json::array();
    for (const auto& obj : r.linkage.objects) {
      needed.push_back({{"name", obj.name}, {"path", obj.path}, {"via", binary::to_string(obj.via)}});
    }
    nlohmann::json undefined = nlohmann::json::array();
    for (const auto& s : r.linkage.unresolved_symbols) {
      undefined.push_back({{"symbol", s.name}, {"demangled", s.demangled}, {"version", s.version}, {"needed_by", s.needed_by}});
    }
    modules.push_back({{"path", r.path},
                       {"owner", m.owner.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.owner)},
                       {"cxx_abi", binary::to_string(r.cxx_abi.abi)},
                       {"numpy_headers", binary::to_string(r.numpy_headers)},
                       {"needed", r.needed},
                       {"load_set", std::move(needed)},
                       {"undefined_symbols", std::move(undefined)},
                       {"gpu_targets", targets},
                       {"gpus", gpus_json(m.gpus)}});
  }
  Section section{"Native extension modules", {}, {}};
  section.blocks.push_back(Paragraph{fmt::format(
      "{} module(s) read as the loader would ({}).", scan.modules.size(),
      scan.interpreter.empty() ? "no interpreter found: Python C API references not bound"
                               : "global scope: " + scan.interpreter)});
  if (scan.driver.cuda) {
    section.blocks.push_back(Paragraph{fmt::format("PTX JIT judged against a driver that supports CUDA {}{}.",
                                                   scan.driver.cuda->str(),
                                                   scan.driver.source ? " (from its version, " + scan.driver.source->to_string() + ")" : "")});
  }
  if (!table.rows.empty()) section.blocks.push_back(std::move(table));
  document.sections.push_back(std::move(section));
  nlohmann::json payload = {{"interpreter", scan.interpreter},
                             {"driver_cuda", scan.driver.cuda ? nlohmann::json(scan.driver.cuda->str()) : nlohmann::json(nullptr)},
                             {"modules", std::move(modules)}};
  add_libraries_section(document, scan, payload);
  document.findings.insert(document.findings.end(), scan.findings.begin(), scan.findings.end());
  document.data["binaries"] = std::move(payload);
}

}  // namespace mlstack::report
