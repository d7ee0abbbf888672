// SPDX-License-Identifier: MIT
#include "check/numpy_abi_rule.h"

#include <map>

#include <fmt/format.h>

#include "check/evaluate.h"

namespace mlstack::check {
namespace {

struct Evidence {
  binary::NumpyHeaders headers = binary::NumpyHeaders::None;
  std::string file;  // the module itself, or the library of its load set that holds the import code
};

// Libraries of the module's load set may hold NumPy's import code (torch
// keeps it in libtorch_python.so, not in torch/_C*.so): every one but the
// interpreter's global scope. Only those that import a capsule are searched.
bool may_hold_import_code(const binary::LoadedObject& object) {
  return !object.path.empty() && !object.global && object.via != binary::FoundVia::Module;
}

binary::NumpyHeaders headers_of_library(const std::string& path, std::map<std::string, binary::NumpyHeaders>& cache) {
  auto [it, inserted] = cache.try_emplace(path, binary::NumpyHeaders::None);
  if (!inserted) return it->second;
  auto elf = binary::ElfFile::open(path);
  if (!elf) return it->second;  // the binary scan has reported files that do not parse
  auto symbols = elf->dynamic_symbols();
  if (symbols) it->second = binary::detect_numpy_headers(*elf, *symbols);
  return it->second;
}

Evidence evidence_for(const NativeModule& module, std::map<std::string, binary::NumpyHeaders>& cache) {
  if (module.report.numpy_headers != binary::NumpyHeaders::None) return {module.report.numpy_headers, module.report.path};
  for (const binary::LoadedObject& object : module.report.linkage.objects) {
    if (!may_hold_import_code(object)) continue;
    binary::NumpyHeaders headers = headers_of_library(object.path, cache);
    if (headers != binary::NumpyHeaders::None) return {headers, object.path};
  }
  return {};
}

int major_of(binary::NumpyHeaders headers) {
  return headers == binary::NumpyHeaders::Numpy1 ? 1 : headers == binary::NumpyHeaders::Numpy2 ? 2 : 0;
}

}  // namespace

void check_numpy_headers(const kb::KnowledgeBase& kb, const std::vector<NativeModule>& modules,
                         const Stack& environment, std::vector<Finding>& out) {
  const StackPackage* numpy = environment.find("numpy");
  if (numpy == nullptr || !numpy->version) return;
  // Reading load sets costs; do it only when the installed numpy breaks some headers.
  bool any_violated = false;
  for (int headers : {1, 2}) {
    const kb::NumpyAbiRule* rule = kb.numpy_abi(headers);
    any_violated |= rule != nullptr && evaluate(rule->runs_with, environment).verdict == Verdict::Violated;
  }
  if (!any_violated) return;
  std::map<std::string, binary::NumpyHeaders> library_cache;
  for (const NativeModule& module : modules) {
    // NumPy's own modules match the NumPy they ship with; a system numpy
    // read from .egg-info has no RECORD to name the owner, so its folder does.
    if (module.owner == "numpy" || module.report.path.find("/numpy/") != std::string::npos) continue;
    Evidence evidence = evidence_for(module, library_cache);
    const kb::NumpyAbiRule* rule = major_of(evidence.headers) ? kb.numpy_abi(major_of(evidence.headers)) : nullptr;
    if (rule == nullptr) continue;
    if (evaluate(rule->runs_with, environment).verdict != Verdict::Violated) continue;
    std::string owner = module.owner.empty() ? std::string() : fmt::format(" (from {})", module.owner);
    std::string compiled = evidence.file == module.report.path
                               ? std::string("was compiled with")
                               : fmt::format("loads {}, which was compiled with", evidence.file);
    Finding finding;
    finding.rule = "ext.numpy-abi";
    finding.severity = Severity::Error;
    finding.message = fmt::format("{}{} {} NumPy {}.x headers and needs {}, but numpy {} is installed",
                                  module.report.path, owner, compiled, major_of(evidence.headers),
                                  rule->runs_with.str(), numpy->version->str());
    finding.detail = rule->note;
    finding.origins.push_back(Origin::file(evidence.file));
    finding.origins.push_back(numpy->origin);
    finding.origins.push_back(rule->fact.origin());
    finding.fix = module.owner.empty()
                      ? fmt::format("pip install \"{}\"", rule->runs_with.str())
                      : fmt::format("pip install \"{}\", or a release of {} built against NumPy 2",
                                    rule->runs_with.str(), module.owner);
    out.push_back(std::move(finding));
  }
}

}  // namespace mlstack::check
