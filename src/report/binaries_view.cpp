// SPDX-License-Identifier: MIT
#include "report/binaries_view.h"

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

}  // namespace

void add_binaries_section(Document& document, const check::BinaryScan& scan) {
  Table table{{{"Module"}, {"Owner"}, {"C++ ABI"}, {"NumPy C API"}, {"Load", Align::Left}, {"glibc / libstdc++ needs"}, {"GPU code"}}, {}};
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& m : scan.modules) {
    const auto& r = m.report;
    std::string load = r.linkage.missing_libraries.empty() && r.linkage.unresolved_symbols.empty() && r.linkage.missing_versions.empty()
                           ? "ok"
                           : fmt::format("{} missing lib, {} undefined", r.linkage.missing_libraries.size(),
                                         r.linkage.unresolved_symbols.size());
    std::vector<std::string> targets = binary::distinct_targets(r.fatbins);
    table.rows.push_back({std::filesystem::path(r.path).filename().string(), m.owner.empty() ? "-" : m.owner,
                          binary::to_string(r.cxx_abi.abi),
                          r.numpy_headers == binary::NumpyHeaders::None ? "-" : binary::to_string(r.numpy_headers),
                          load, newest_needs(r), joined(targets, 6)});
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
                       {"gpu_targets", targets}});
  }
  Section section{"Native extension modules", {}, {}};
  section.blocks.push_back(Paragraph{fmt::format(
      "{} module(s) read as the loader would ({}).", scan.modules.size(),
      scan.interpreter.empty() ? "no interpreter found: Python C API references not bound"
                               : "global scope: " + scan.interpreter)});
  if (!table.rows.empty()) section.blocks.push_back(std::move(table));
  document.sections.push_back(std::move(section));
  document.findings.insert(document.findings.end(), scan.findings.begin(), scan.findings.end());
  document.data["binaries"] = {{"interpreter", scan.interpreter}, {"modules", std::move(modules)}};
}

}  // namespace mlstack::report
