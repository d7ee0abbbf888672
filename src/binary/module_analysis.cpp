// SPDX-License-Identifier: MIT
#include "binary/module_analysis.h"

#include <algorithm>
#include <map>

#include "binary/symbol_version.h"

namespace mlstack::binary {
namespace {

// Newest needed version per (file, prefix) of the module's toolchain needs,
// checked against the file the load set found for it.
std::vector<ToolchainNeed> toolchain_needs(const ElfFile& module, const ModuleLinkage& linkage, Linker& linker) {
  std::map<std::pair<std::string, std::string>, std::vector<SymbolVersion>> wanted;
  for (const auto& need : module.version_needs()) {
    for (auto text : need.versions) {
      auto version = parse_symbol_version(text);
      if (!version || !is_toolchain_version(version->prefix)) continue;
      wanted[{std::string(need.file), version->prefix}].push_back(*version);
    }
  }
  std::vector<ToolchainNeed> needs;
  for (auto& [key, versions] : wanted) {
    const auto& [file, prefix] = key;
    ToolchainNeed need;
    need.file = file;
    need.prefix = prefix;
    need.newest_needed = std::max_element(versions.begin(), versions.end())->text;
    for (const auto& object : linkage.objects) {
      if (object.soname == file || object.name == file) {
        need.provider = object.path;
        break;
      }
    }
    if (!need.provider.empty()) {
      if (const ElfFile* provider = linker.file(need.provider)) {
        std::optional<SymbolVersion> newest;
        const auto& defined = provider->version_definitions();
        for (auto text : defined) {
          auto version = parse_symbol_version(text);
          if (version && version->prefix == prefix && (!newest || *newest < *version)) newest = version;
        }
        if (newest) need.newest_provided = newest->text;
        need.satisfied = std::all_of(versions.begin(), versions.end(), [&](const SymbolVersion& v) {
          return std::find(defined.begin(), defined.end(), v.text) != defined.end();
        });
      }
    }
    needs.push_back(std::move(need));
  }
  return needs;
}

}  // namespace

Expected<ModuleReport, ElfError> analyze_module(const std::string& path, Linker& linker,
                                                const AnalyzeOptions& options) {
  std::string error;
  const ElfFile* module = linker.file(path, &error);
  if (!module) return unexpected(ElfError{error, 0});
  ModuleReport report;
  report.path = path;
  report.machine = module->machine();
  report.soname = std::string(module->soname());
  for (auto needed : module->needed()) report.needed.emplace_back(needed);
  report.rpath = std::string(module->rpath());
  report.runpath = std::string(module->runpath());
  auto symbols = module->dynamic_symbols();
  if (!symbols) return unexpected(symbols.error());
  for (const auto& symbol : *symbols) {
    if (symbol.defined) ++report.defined_symbols;
    else if (!symbol.name.empty()) ++report.undefined_symbols;
  }
  report.cxx_abi = detect_cxx_abi(*symbols);
  report.numpy_headers = detect_numpy_headers(*module, *symbols);
  if (options.link) {
    auto linkage = linker.link(path, LinkOptions{options.bind_symbols});
    if (!linkage) return unexpected(linkage.error());
    report.linkage = std::move(*linkage);
    report.toolchain = toolchain_needs(*module, report.linkage, linker);
  }
  if (options.fatbins) report.fatbins = list_fatbins(*module);
  return report;
}

}  // namespace mlstack::binary
