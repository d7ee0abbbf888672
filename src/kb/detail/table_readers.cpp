// SPDX-License-Identifier: MIT
#include "kb/detail/table_readers.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "pep/name.h"

namespace mlstack::kb::detail {

namespace {

void read_torch_release(RowReader& row, KnowledgeBase& kb) {
  TorchRelease out;
  auto version = row.version("version");
  out.fact = row.fact("torch:" + (version ? version->str() : std::string("?")));
  out.date = row.optional_text("date");
  out.date_source = row.text("date_source", Need::Optional);
  out.python = row.texts("python", Need::Required);
  out.python_freethreaded = row.texts("python_freethreaded");
  out.cuda = row.texts("cuda", Need::Required);
  out.cuda_extra_source = row.text("cuda_extra_source", Need::Optional);
  out.rocm = row.texts("rocm");
  out.pypi_cuda = row.text("pypi_cuda");
  out.pypi_cuda_source = row.text("pypi_cuda_source", Need::Optional);
  out.torchvision = row.version("torchvision", Need::Optional);
  out.torchaudio = row.version("torchaudio", Need::Optional);
  out.torchaudio_note = row.text("torchaudio_note", Need::Optional);
  out.domain_source = row.text("domain_source", Need::Optional);
  out.triton = row.version("triton", Need::Optional);
  out.triton_marker = row.text("triton_marker", Need::Optional);
  out.triton_marker_source = row.text("triton_marker_source", Need::Optional);
  out.triton_source = row.text("triton_source", Need::Optional);
  for (const std::string& python : out.python)
    if (!pep::Version::parse(python)) row.fail("python", fmt::format("\"{}\" is not a Python version", python));
  if (!out.triton_marker.empty() && !pep::Marker::parse(out.triton_marker))
    row.fail("triton_marker", fmt::format("\"{}\" is not a valid PEP 508 marker", out.triton_marker));
  if (!row.ok() || !version) return;
  out.version = *version;
  kb.torch_releases.push_back(std::move(out));
}

void read_torch_abi(RowReader& row, KnowledgeBase& kb) {
  TorchAbiRule out;
  std::string id = row.text("id");
  out.fact = row.fact("torch.abi:" + id);
  auto torch = row.specifiers("torch");
  std::string variant = row.text("variant");
  out.cxx11abi = row.boolean("cxx11abi", false);
  out.note = row.text("note", Need::Optional);
  if (!row.ok() || !torch) return;
  out.torch = *torch;
  if (variant != "*") {
    for (std::size_t start = 0; start <= variant.size();) {
      std::size_t comma = variant.find(',', start);
      if (comma == std::string::npos) comma = variant.size();
      out.variants.push_back(variant.substr(start, comma - start));
      start = comma + 1;
    }
  }
  kb.torch_abi_rules.push_back(std::move(out));
}

void read_torch_arch_list(RowReader& row, KnowledgeBase& kb) {
  TorchArchList out;
  out.torch = row.text("torch");
  out.variant = row.text("variant");
  out.fact = row.fact(fmt::format("torch.arch:{}/{}", out.torch, out.variant));
  out.archs = row.versions("archs", Need::Required);
  out.ptx = row.boolean("ptx", false);
  if (!row.ok()) return;
  kb.torch_arch_lists.push_back(std::move(out));
}

void read_torch_extension_check(RowReader& row, KnowledgeBase& kb) {
  TorchExtensionCheck out;
  std::string id = row.text("id");
  out.fact = row.fact("torch.cpp_extension:" + id);
  auto torch = row.specifiers("torch");
  std::string match = row.text("nvcc_match");
  out.note = row.text("note", Need::Optional);
  if (match == "major") out.nvcc_match = TorchExtensionCheck::NvccMatch::Major;
  else if (match == "minor") out.nvcc_match = TorchExtensionCheck::NvccMatch::Minor;
  else if (!match.empty()) row.fail("nvcc_match", fmt::format("\"{}\" is neither \"major\" nor \"minor\"", match));
  if (!row.ok() || !torch) return;
  out.torch = *torch;
  kb.torch_extension_checks.push_back(std::move(out));
}

void read_cuda_toolkit(RowReader& row, KnowledgeBase& kb) {
  CudaToolkit out;
  auto version = row.version("version");
  auto update = row.integer("update");
  out.release = row.text("release");
  auto driver_linux = row.version("driver_linux");
  out.driver_windows = row.version("driver_windows", Need::Optional);
  out.prerelease = row.boolean("prerelease", false);
  std::string id = "cuda:" + (version ? version->str() : std::string("?"));
  if (out.prerelease) id += "-rc";
  else if (update && *update > 0) id += fmt::format("u{}", *update);
  out.fact = row.fact(id);
  if (!row.ok() || !version || !update || !driver_linux) return;
  out.version = *version;
  out.update = static_cast<int>(*update);
  out.driver_linux = *driver_linux;
  out.driver_linux_text = row.text("driver_linux");
  out.driver_windows_text = row.text("driver_windows", Need::Optional);
  kb.cuda_toolkits.push_back(std::move(out));
}

void read_cuda_family(RowReader& row, KnowledgeBase& kb) {
  CudaFamily out;
  auto major = row.integer("major");
  out.fact = row.fact(fmt::format("cuda.family:{}", major.value_or(0)));
  auto driver = row.version("min_driver_linux");
  out.min_driver_windows = row.version("min_driver_windows", Need::Optional);
  out.note = row.text("note", Need::Optional);
  if (!row.ok() || !major || !driver) return;
  out.major = static_cast<int>(*major);
  out.min_driver_linux = *driver;
  out.min_driver_linux_text = row.text("min_driver_linux");
  kb.cuda_families.push_back(std::move(out));
}

void read_ptx_isa(RowReader& row, KnowledgeBase& kb) {
  PtxIsa out;
  auto isa = row.version("ptx");
  out.fact = row.fact("ptx:" + (isa ? isa->str() : std::string("?")));
  auto cuda = row.version("cuda");
  if (!row.ok() || !isa || !cuda) return;
  out.isa = *isa;
  out.cuda = *cuda;
  kb.ptx_isas.push_back(std::move(out));
}

void read_gpu_arch(RowReader& row, KnowledgeBase& kb) {
  GpuArch out;
  auto cc = row.version("cc");
  out.fact = row.fact("gpu:" + (cc ? cc->str() : std::string("?")));
  out.sm = row.text("sm");
  out.architecture = row.text("architecture");
  out.gpus = row.texts("gpus");
  out.bf16 = row.boolean("bf16", false);
  out.fp8 = row.boolean("fp8", false);
  out.flash_attn2 = row.text("flash_attn2", Need::Optional);
  out.note = row.text("note", Need::Optional);
  if (!row.ok() || !cc) return;
  out.cc = *cc;
  kb.gpu_archs.push_back(std::move(out));
}

void read_gpu_feature(RowReader& row, KnowledgeBase& kb) {
  GpuFeature out;
  out.name = row.text("id");
  out.fact = row.fact("gpu.feature:" + out.name);
  auto requirement = row.requirement("requires");
  out.description = row.text("description", Need::Optional);
  if (!row.ok() || !requirement) return;
  out.requirement = *requirement;
  kb.gpu_features.push_back(std::move(out));
}

void read_cuda_target(RowReader& row, KnowledgeBase& kb) {
  CudaTarget out;
  out.cuda = row.text("cuda");
  out.fact = row.fact("gpu.target:" + out.cuda);
  out.adds = row.texts("adds");
  out.removes = row.texts("removes");
  out.deprecates = row.texts("deprecates");
  out.min_sm = row.version("min_sm", Need::Optional);
  out.note = row.text("note", Need::Optional);
  if (!row.ok()) return;
  kb.cuda_targets.push_back(std::move(out));
}

void read_gpu_memory(RowReader& row, KnowledgeBase& kb) {
  GpuMemory out;
  out.name = row.text("gpu");
  out.fact = row.fact("gpu.memory:" + out.name);
  out.aliases = row.texts("aliases");
  out.cc = row.version("cc", Need::Optional);
  auto mib = row.integer("memory_mib");
  out.note = row.text("note", Need::Optional);
  if (mib && *mib <= 0) row.fail("memory_mib", "must be a positive number of MiB");
  if (!row.ok() || !mib) return;
  out.memory_mib = static_cast<std::uint64_t>(*mib);
  kb.gpu_memories.push_back(std::move(out));
}

void read_gpu_overhead(RowReader& row, KnowledgeBase& kb) {
  GpuOverhead out;
  out.id = row.text("id");
  out.fact = row.fact("gpu.overhead:" + out.id);
  auto mib = row.integer("mib", Need::Optional);
  auto percent = row.integer("percent", Need::Optional);
  out.description = row.text("description");
  if (mib.has_value() == percent.has_value()) row.fail("mib", "give exactly one of `mib` and `percent`");
  if (mib && *mib <= 0) row.fail("mib", "must be a positive number of MiB");
  if (percent && (*percent <= 0 || *percent > 100)) row.fail("percent", "must be between 1 and 100");
  if (!row.ok()) return;
  if (mib) out.mib = static_cast<std::uint64_t>(*mib);
  if (percent) out.percent = static_cast<std::uint64_t>(*percent);
  kb.gpu_overheads.push_back(std::move(out));
}

void read_flash_attn_release(RowReader& row, KnowledgeBase& kb) {
  FlashAttnRelease out;
  auto version = row.version("version");
  out.fact = row.fact("flash-attn:" + (version ? version->str() : std::string("?")));
  out.tag = row.text("tag");
  out.commit = row.text("commit");
  out.tag_date = row.text("tag_date", Need::Optional);
  std::string style = row.text("cuda_tag_style");
  if (row.ok() && style != "major" && style != "major.minor")
    row.fail("cuda_tag_style", fmt::format("`cuda_tag_style` = \"{}\" must be \"major\" or \"major.minor\"", style));
  out.cuda_tag_major_only = style == "major";
  out.min_nvcc = row.text("min_nvcc", Need::Optional);
  out.requires_python = row.text("requires_python", Need::Optional);
  out.archs = row.texts("archs");
  out.readme_min_cuda = row.text("readme_min_cuda", Need::Optional);
  out.readme_min_torch = row.text("readme_min_torch", Need::Optional);
  if (!row.ok() || !version) return;
  out.version = *version;
  kb.flash_attn_releases.push_back(std::move(out));
}

void read_flash_attn_build(RowReader& row, KnowledgeBase& kb) {
  FlashAttnBuild out;
  auto version = row.version("version");
  out.torch = row.text("torch");
  out.cuda_toolkit = row.text("cuda_toolkit");
  out.fact = row.fact(fmt::format("flash-attn.build:{}/torch{}/{}", version ? version->str() : "?", out.torch,
                                  out.cuda_toolkit));
  out.torch_built = row.text("torch_built", Need::Optional);
  out.torch_nightly = row.boolean("torch_nightly", false);
  out.cuda_tag = row.text("cuda_tag");
  out.torch_cuda = row.text("torch_cuda", Need::Optional);
  out.python = row.texts("python", Need::Required);
  out.cxx11abi = row.booleans("cxx11abi");
  out.archs = row.texts("archs");
  out.note = row.text("note", Need::Optional);
  if (row.ok() && !pep::Version::parse(out.torch)) row.fail("torch", fmt::format("\"{}\" is not a torch minor version", out.torch));
  if (!row.ok() || !version) return;
  out.version = *version;
  kb.flash_attn_builds.push_back(std::move(out));
}

void read_flash_attn_observed(RowReader& row, KnowledgeBase& kb) {
  FlashAttnObserved out;
  out.filename = row.text("filename");
  out.fact = row.fact("flash-attn.observed:" + out.filename);
  out.url = row.text("url", Need::Optional);
  if (!row.ok()) return;
  kb.flash_attn_observed.push_back(std::move(out));
}

void read_coupling_rule(RowReader& row, KnowledgeBase& kb) {
  CouplingRule out;
  out.fact = row.fact("coupling:" + row.text("id"));
  auto when = row.requirement("if");
  auto then = row.requirement("then");
  out.note = row.text("note", Need::Optional);
  if (row.optional_text("declared_by")) out.declared_by = row.specifiers("declared_by");
  out.ignored_by_installers = row.boolean("ignored_by_installers", false);
  if (!row.ok() || !when || !then) return;
  out.when = *when;
  out.then = *then;
  kb.coupling_rules.push_back(std::move(out));
}

void read_numpy_abi(RowReader& row, KnowledgeBase& kb) {
  NumpyAbiRule out;
  std::string headers = row.text("headers");
  out.fact = row.fact("numpy.c_abi:" + headers);
  auto runs_with = row.requirement("runs_with");
  out.note = row.text("note", Need::Optional);
  if (headers != "1" && headers != "2") row.fail("headers", fmt::format("\"{}\" is not a NumPy major version", headers));
  if (!row.ok() || !runs_with) return;
  out.headers = headers == "1" ? 1 : 2;
  out.runs_with = *runs_with;
  kb.numpy_abi_rules.push_back(std::move(out));
}

void read_package_release(RowReader& row, KnowledgeBase& kb) {
  PackageRelease out;
  std::string name = row.text("name");
  auto version = row.version("version");
  if (row.ok() && !pep::is_valid_name(name)) row.fail("name", fmt::format("\"{}\" is not a valid package name", name));
  out.name = pep::canonicalize_name(name);
  out.fact = row.fact(fmt::format("package:{}=={}", out.name, version ? version->str() : "?"));
  out.date = row.optional_text("date");
  if (!row.ok() || !version) return;
  out.version = *version;
  kb.package_releases.push_back(std::move(out));
}

struct Entry {
  std::string_view file;
  std::string_view table;
  TableReader reader;
};

constexpr Entry k_readers[] = {
    {"torch.toml", "release", read_torch_release},
    {"torch.toml", "cxx11abi", read_torch_abi},
    {"torch.toml", "arch_list", read_torch_arch_list},
    {"torch.toml", "cpp_extension", read_torch_extension_check},
    {"cuda.toml", "toolkit", read_cuda_toolkit},
    {"cuda.toml", "family", read_cuda_family},
    {"ptx.toml", "isa", read_ptx_isa},
    {"gpu.toml", "arch", read_gpu_arch},
    {"gpu.toml", "feature", read_gpu_feature},
    {"gpu.toml", "cuda_target", read_cuda_target},
    {"gpu.toml", "memory", read_gpu_memory},
    {"gpu.toml", "overhead", read_gpu_overhead},
    {"flash_attn.toml", "release", read_flash_attn_release},
    {"flash_attn.toml", "build", read_flash_attn_build},
    {"flash_attn.toml", "observed", read_flash_attn_observed},
    {"coupling.toml", "rule", read_coupling_rule},
    {"numpy.toml", "c_abi", read_numpy_abi},
    {"packages.toml", "release", read_package_release},
};

template <typename Rows>
void check_unique(const Rows& rows, std::vector<Finding>& findings) {
  std::map<std::string, const Fact*> seen;
  for (const auto& row : rows) {
    auto [it, inserted] = seen.emplace(row.fact.id, &row.fact);
    if (inserted) continue;
    Finding finding;
    finding.rule = "input.kb-row";
    finding.severity = Severity::Error;
    finding.message = fmt::format("{}:{}: duplicate fact `{}` (first at line {})", row.fact.file, row.fact.line,
                                  row.fact.id, it->second->line);
    finding.origins.push_back(Origin::file(row.fact.file, row.fact.line));
    findings.push_back(std::move(finding));
  }
}

}  // namespace

TableReader table_reader(std::string_view file, std::string_view table) {
  for (const Entry& entry : k_readers)
    if (entry.file == file && entry.table == table) return entry.reader;
  return nullptr;
}

void check_references(const KnowledgeBase& kb, std::vector<Finding>& findings) {
  check_unique(kb.torch_releases, findings);
  check_unique(kb.torch_abi_rules, findings);
  check_unique(kb.torch_arch_lists, findings);
  check_unique(kb.torch_extension_checks, findings);
  check_unique(kb.cuda_toolkits, findings);
  check_unique(kb.cuda_families, findings);
  check_unique(kb.ptx_isas, findings);
  check_unique(kb.gpu_archs, findings);
  check_unique(kb.gpu_features, findings);
  check_unique(kb.gpu_memories, findings);
  check_unique(kb.gpu_overheads, findings);
  check_unique(kb.flash_attn_releases, findings);
  check_unique(kb.flash_attn_builds, findings);
  check_unique(kb.flash_attn_observed, findings);
  check_unique(kb.coupling_rules, findings);
  check_unique(kb.package_releases, findings);
  check_unique(kb.numpy_abi_rules, findings);
  for (const auto& release : kb.torch_releases) {
    if (std::find(release.cuda.begin(), release.cuda.end(), release.pypi_cuda) != release.cuda.end()) continue;
    Finding finding;
    finding.rule = "input.kb-row";
    finding.severity = Severity::Error;
    finding.message = fmt::format("{}:{}: torch {}: pypi_cuda \"{}\" is not one of its cuda variants",
                                  release.fact.file, release.fact.line, release.version.str(), release.pypi_cuda);
    finding.origins.push_back(Origin::file(release.fact.file, release.fact.line));
    findings.push_back(std::move(finding));
  }
}

}  // namespace mlstack::kb::detail
