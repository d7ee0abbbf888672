// SPDX-License-Identifier: MIT
#include "binary/binary_findings.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "binary/symbol_version.h"

namespace mlstack::binary {
namespace {

// One row per rule: id, default severity, title (sorted by id; a test checks).
constexpr std::array k_rules = {
    BinaryRule{k_rule_cxx_abi_mismatch, Severity::Error, "extension module built with the other C++ ABI than torch"},
    BinaryRule{k_rule_glibc_too_old, Severity::Error, "module needs a newer glibc than the machine has"},
    BinaryRule{k_rule_glibcxx_too_old, Severity::Error, "module needs a newer libstdc++ than the one it would load"},
    BinaryRule{k_rule_missing_library, Severity::Error, "a needed shared library cannot be found"},
    BinaryRule{k_rule_missing_symbol_version, Severity::Error, "a needed symbol version is not defined by its library"},
    BinaryRule{k_rule_no_kernel_for_gpu, Severity::Error, "CUDA library has no kernels for the machine's GPU"},
    BinaryRule{k_rule_undefined_symbol, Severity::Error, "predicted import failure: undefined symbol"},
    BinaryRule{k_rule_elf_malformed, Severity::Error, "file could not be read as ELF"},
};

std::vector<Origin> origins_for(const std::string& path, const FindingContext& context) {
  std::vector<Origin> origins{Origin::file(path)};
  if (context.owner) origins.push_back(*context.owner);
  return origins;
}

std::string owner_or(const FindingContext& context, std::string_view fallback) {
  return context.owner_name.empty() ? std::string(fallback) : context.owner_name;
}

// "importing X would fail" for a module, "loading X would fail" for a library.
std::string would_fail(const ModuleReport& report, const FindingContext& context);

std::string base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string would_fail(const ModuleReport& report, const FindingContext& context) {
  return fmt::format("{} {} would fail", context.library ? "loading" : "importing", base_name(report.path));
}

// "GLIBC_2.36" -> "2_36", the glibc part of a manylinux_2_36 wheel tag (PEP 600).
std::string manylinux_tag(std::string_view newest) {
  auto version = parse_symbol_version(newest);
  if (!version || version->numbers.size() < 2) return std::string(newest);
  return fmt::format("{}_{}", version->numbers[0], version->numbers[1]);
}

bool names_torch(std::string_view demangled) {
  return demangled.starts_with("c10::") || demangled.starts_with("at::") || demangled.starts_with("torch::") ||
         demangled.find(" c10::") != std::string_view::npos || demangled.find("(c10::") != std::string_view::npos;
}

// Why an undefined symbol is likely missing, from the symbol itself.
std::string likely_cause(const UnresolvedSymbol& symbol, const FindingContext& context) {
  const CxxAbi abi = classify_symbol(symbol.name);
  if (context.torch_abi && abi != CxxAbi::Unknown && *context.torch_abi != CxxAbi::Unknown &&
      *context.torch_abi != CxxAbi::Mixed && abi != *context.torch_abi) {
    return fmt::format("the symbol uses the {} C++ ABI but torch was built with {}", to_string(abi),
                       to_string(*context.torch_abi));
  }
  if (names_torch(symbol.demangled)) {
    return "it is a torch symbol: the module was most likely built against another torch release than the one "
           "installed";
  }
  if (!symbol.version.empty()) {
    return fmt::format("no loaded library defines it at version {} (expected from {})", symbol.version,
                       symbol.version_file.empty() ? "an unnamed file" : symbol.version_file);
  }
  return "no library in the module's load set defines it";
}

void add_unresolved(const ModuleReport& report, const FindingContext& context, std::vector<Finding>& out) {
  // One finding per object with unresolved references, the first named in the message.
  // Symbols bound to a version the provider lacks are explained by that
  // missing version (the loader stops there first), so they are not repeated.
  std::map<std::string, std::vector<const UnresolvedSymbol*>> by_object;
  for (const auto& symbol : report.linkage.unresolved_symbols) {
    const bool explained = std::any_of(report.linkage.missing_versions.begin(), report.linkage.missing_versions.end(),
                                       [&](const MissingVersion& m) {
                                         return m.required_by == symbol.needed_by && m.version == symbol.version;
                                       });
    if (!explained) by_object[symbol.needed_by].push_back(&symbol);
  }
  for (const auto& [object, symbols] : by_object) {
    const auto& first = *symbols.front();
    Finding finding;
    finding.rule = std::string(k_rule_undefined_symbol);
    finding.severity = Severity::Error;
    const std::string count =
        symbols.size() > 1 ? fmt::format(" (and {} more)", symbols.size() - 1) : std::string();
    finding.message = fmt::format("{}: {}: undefined symbol: {}{}; {}", would_fail(report, context),
                                  base_name(object), first.demangled, count, likely_cause(first, context));
    finding.origins = origins_for(object, context);
    if (object != report.path) finding.origins.insert(finding.origins.begin(), Origin::file(report.path));
    const std::string owner = owner_or(context, base_name(report.path));
    finding.fix = names_torch(first.demangled)
                      ? fmt::format("pip install --force-reinstall --no-deps --no-build-isolation {}  # a build "
                                    "matching the installed torch",
                                    owner)
                      : fmt::format("reinstall {} so that it matches the libraries it links against", owner);
    std::string detail;
    for (std::size_t i = 0; i < symbols.size() && i < context.max_listed_symbols; ++i) {
      const auto& s = *symbols[i];
      detail += fmt::format("{}{}\n    {}\n", s.demangled, s.version.empty() ? "" : "@" + s.version, s.name);
    }
    if (symbols.size() > context.max_listed_symbols) {
      detail += fmt::format("... {} more\n", symbols.size() - context.max_listed_symbols);
    }
    finding.detail = std::move(detail);
    out.push_back(std::move(finding));
  }
}

void add_missing_libraries(const ModuleReport& report, const FindingContext& context, std::vector<Finding>& out) {
  for (const auto& missing : report.linkage.missing_libraries) {
    Finding finding;
    finding.rule = std::string(k_rule_missing_library);
    finding.severity = Severity::Error;
    finding.message = fmt::format("{}: {} needs {}, which is not found", would_fail(report, context),
                                  base_name(missing.needed_by), missing.name);
    finding.origins = origins_for(missing.needed_by, context);
    finding.fix = fmt::format(
        "install the package that ships {} into this environment, or add its folder to the module's RUNPATH "
        "or LD_LIBRARY_PATH",
        missing.name);
    std::string detail = "searched:\n";
    for (const auto& dir : missing.searched) detail += "  " + dir + "\n";
    for (const auto& rejected : missing.rejected) detail += "rejected: " + rejected + "\n";
    finding.detail = std::move(detail);
    out.push_back(std::move(finding));
  }
}

void add_missing_versions(const ModuleReport& report, const FindingContext& context, std::vector<Finding>& out) {
  for (const auto& missing : report.linkage.missing_versions) {
    auto version = parse_symbol_version(missing.version);
    const std::string prefix = version ? version->prefix : std::string();
    Finding finding;
    finding.severity = Severity::Error;
    finding.origins = origins_for(missing.required_by, context);
    finding.origins.push_back(Origin::machine(missing.provided_by));
    const std::string have = missing.newest.empty() ? std::string("no version of that series")
                                                    : fmt::format("up to {}", missing.newest);
    const std::string owner = owner_or(context, base_name(report.path));
    if (prefix == "GLIBC") {
      finding.rule = std::string(k_rule_glibc_too_old);
      finding.message = fmt::format("{} needs {} but this machine's glibc ({}) provides {}",
                                    base_name(missing.required_by), missing.version, missing.provided_by, have);
      // PEP 600: a manylinux_2_X wheel promises to need at most glibc 2.X.
      finding.fix = missing.newest.empty()
                        ? fmt::format("install a build of {} made for an older glibc", owner)
                        : fmt::format("install a build of {} for this glibc (a manylinux wheel no newer than "
                                      "manylinux_{}), or run on a system with {}",
                                      owner, manylinux_tag(missing.newest), missing.version);
    } else if (prefix == "GLIBCXX" || prefix == "CXXABI" || prefix == "GCC") {
      finding.rule = std::string(k_rule_glibcxx_too_old);
      finding.message = fmt::format("{} needs {} but the {} it would load ({}) provides {}",
                                    base_name(missing.required_by), missing.version, missing.file,
                                    missing.provided_by, have);
      finding.fix = fmt::format(
          "put a newer {} ahead of {} (an environment's own lib/ with a newer GCC runtime), or install a build of "
          "{} compiled with an older GCC",
          missing.file, missing.provided_by, owner);
    } else {
      finding.rule = std::string(k_rule_missing_symbol_version);
      finding.message = fmt::format("{}: {} needs version {} of {}, which {} does not define ({})",
                                    would_fail(report, context), base_name(missing.required_by), missing.version,
                                    missing.file, missing.provided_by, have);
      finding.fix = fmt::format("install the release of {} that {} was built against, or rebuild {}", missing.file,
                                base_name(missing.required_by), owner);
    }
    out.push_back(std::move(finding));
  }
}

// A library whose C++ interface meets torch's: it links libtorch or libc10.
bool links_torch(const ModuleReport& report) {
  return std::any_of(report.needed.begin(), report.needed.end(), [](const std::string& name) {
    return name.starts_with("libtorch") || name.starts_with("libc10");
  });
}

void add_cxx_abi(const ModuleReport& report, const FindingContext& context, std::vector<Finding>& out) {
  if (!context.torch_abi) return;
  if (context.library && !links_torch(report)) return;
  const CxxAbi torch = *context.torch_abi;
  const CxxAbi module = report.cxx_abi.abi;
  const bool known = [](CxxAbi a) { return a == CxxAbi::Cxx11 || a == CxxAbi::PreCxx11; }(module) &&
                     (torch == CxxAbi::Cxx11 || torch == CxxAbi::PreCxx11);
  if (!known || module == torch) return;
  Finding finding;
  finding.rule = std::string(k_rule_cxx_abi_mismatch);
  finding.severity = Severity::Error;
  finding.message = fmt::format("{} was built with the {} C++ ABI (_GLIBCXX_USE_CXX11_ABI={}) but torch uses {}",
                                base_name(report.path), to_string(module), module == CxxAbi::Cxx11 ? 1 : 0,
                                to_string(torch));
  finding.origins = origins_for(report.path, context);
  if (!context.torch_library.empty()) finding.origins.push_back(Origin::file(context.torch_library));
  finding.fix = fmt::format("install the {} build of {} (wheels are often tagged cxx11abiTRUE / cxx11abiFALSE)",
                            torch == CxxAbi::Cxx11 ? "cxx11abiTRUE" : "cxx11abiFALSE",
                            owner_or(context, base_name(report.path)));
  finding.detail = fmt::format("evidence: {} ({} symbols with the module's form)\n", demangle(report.cxx_abi.example),
                               module == CxxAbi::Cxx11 ? report.cxx_abi.cxx11_symbols
                                                       : report.cxx_abi.pre_cxx11_symbols);
  out.push_back(std::move(finding));
}

void add_gpu(const ModuleReport& report, const FindingContext& context, std::vector<Finding>& out) {
  if (!has_gpu_code(report.fatbins)) return;  // no fatbin, or only stubs without kernels
  const auto targets = distinct_targets(report.fatbins);
  std::string target_list;
  for (const auto& t : targets) target_list += (target_list.empty() ? "" : ", ") + t;
  // Name the data sections when fatbins were also read there (cuFFT's .ldata).
  if (std::any_of(report.fatbins.sections.begin(), report.fatbins.sections.end(),
                  [](const std::string& s) { return s != ".nv_fatbin" && s != "__nv_relfatbin"; })) {
    std::string sections;
    for (const auto& s : report.fatbins.sections) sections += (sections.empty() ? "" : ", ") + s;
    target_list += fmt::format(" (fatbins in {})", sections);
  }
  for (const auto& cc : context.gpus) {
    const auto verdict = context.library ? evaluate_library(report.fatbins, cc) : evaluate(report.fatbins, cc);
    if (verdict.support == KernelSupport::Native) continue;
    Finding finding;
    finding.rule = std::string(k_rule_no_kernel_for_gpu);
    finding.origins = origins_for(report.path, context);
    const std::string sm = fmt::format("sm_{}{}", cc.major, cc.minor);
    const std::string owner = owner_or(context, base_name(report.path));
    switch (verdict.support) {
      case KernelSupport::None:
        finding.severity = Severity::Error;
        finding.message = fmt::format("{} has no kernels for compute capability {} ({}): it carries {}",
                                      base_name(report.path), to_string(cc), sm, target_list);
        break;
      case KernelSupport::Partial:
        finding.severity = Severity::Error;
        finding.message = fmt::format(
            "{} has no kernels for compute capability {} in {} of its {} fatbins: it carries {}",
            base_name(report.path), to_string(cc), verdict.missing_fatbins,
            verdict.native_fatbins + verdict.jit_fatbins + verdict.missing_fatbins, target_list);
        break;
      default: {
        finding.severity = Severity::Warning;
        auto note = context.ptx_notes.find(verdict.ptx_isa);
        finding.message = fmt::format(
            "{} runs on compute capability {} only through PTX JIT (PTX ISA {}): the first launch compiles, and {}",
            base_name(report.path), to_string(cc), verdict.ptx_isa,
            note == context.ptx_notes.end() ? std::string("the driver must support that PTX ISA") : note->second.text);
        if (note != context.ptx_notes.end())
          finding.origins.insert(finding.origins.end(), note->second.sources.begin(), note->second.sources.end());
        break;
      }
    }
    // Every target newer than the GPU: the library dropped its architecture.
    const bool dropped = std::all_of(report.fatbins.entries.begin(), report.fatbins.entries.end(),
                                     [&](const FatbinEntry& e) { return e.no_code || compute_capability_of(e) > cc; });
    finding.fix = context.library
                      ? fmt::format("install a build of {} that ships kernels for {} (or PTX for an older arch){}",
                                    owner, sm,
                                    dropped ? "; CUDA libraries drop old architectures in new CUDA majors, so the "
                                              "build for an older CUDA major may have them"
                                            : "")
                      : fmt::format("install a build of {} that includes {} (or PTX for an older arch), e.g. one "
                                    "built with TORCH_CUDA_ARCH_LIST=\"{}\"",
                                    owner, sm, to_string(cc));
    out.push_back(std::move(finding));
  }
}

}  // namespace

std::span<const BinaryRule> binary_rules() { return k_rules; }

std::vector<Finding> module_findings(const ModuleReport& report, const FindingContext& context) {
  std::vector<Finding> out;
  add_missing_libraries(report, context, out);
  add_missing_versions(report, context, out);
  add_unresolved(report, context, out);
  add_cxx_abi(report, context, out);
  add_gpu(report, context, out);
  for (const auto& unreadable : report.linkage.unreadable) {
    Finding finding;
    finding.rule = std::string(k_rule_elf_malformed);
    finding.severity = Severity::Error;
    finding.message = unreadable;
    finding.origins = origins_for(report.path, context);
    out.push_back(std::move(finding));
  }
  for (const auto& error : report.fatbins.errors) {
    Finding finding;
    finding.rule = std::string(k_rule_elf_malformed);
    finding.severity = Severity::Error;
    finding.message = fmt::format("{}: offset {:#x}: {}", report.path, error.offset, error.message);
    finding.origins = origins_for(report.path, context);
    out.push_back(std::move(finding));
  }
  return out;
}

Finding malformed_elf_finding(const std::string& path, const ElfError& error, const std::optional<Origin>& owner) {
  Finding finding;
  finding.rule = std::string(k_rule_elf_malformed);
  finding.severity = Severity::Error;
  finding.message = fmt::format("{}: {}", path, to_string(error));
  finding.origins = {Origin::file(path)};
  if (owner) finding.origins.push_back(*owner);
  return finding;
}

}  // namespace mlstack::binary
