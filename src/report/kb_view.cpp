// SPDX-License-Identifier: MIT
#include "report/kb_view.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include <fmt/format.h>

#include "kb/local_label.h"
#include "pep/name.h"

namespace mlstack::report {

namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string join_versions(const std::vector<pep::Version>& items) {
  std::vector<std::string> texts;
  for (const auto& item : items) texts.push_back(item.str());
  return join(texts);
}

std::string text(const std::optional<pep::Version>& version) { return version ? version->str() : "-"; }
std::string text(const std::optional<std::string>& value) { return value ? *value : "-"; }
std::string yes_no(bool value) { return value ? "yes" : "no"; }

std::string lower(std::string_view value) {
  std::string out(value);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

nlohmann::json fact_json(const kb::Fact& fact) {
  return {{"id", fact.id}, {"source", fact.source}, {"confidence", fact.confidence}, {"file", fact.file},
          {"line", fact.line}};
}

// One kb table as rows of cells; the view for `kb show` and `kb list`.
struct Listing {
  std::string name;
  std::string file;
  std::string description;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<const kb::Fact*> facts;
};

template <typename Row>
Listing make(std::string name, std::string file, std::string description, std::vector<std::string> columns,
             const std::vector<Row>& rows, const std::function<std::vector<std::string>(const Row&)>& cells) {
  Listing listing{std::move(name), std::move(file), std::move(description), std::move(columns), {}, {}};
  for (const Row& row : rows) {
    listing.rows.push_back(cells(row));
    listing.facts.push_back(&row.fact);
  }
  return listing;
}

std::vector<Listing> listings(const kb::KnowledgeBase& kb) {
  using namespace kb;
  std::vector<Listing> out;
  out.push_back(make<TorchRelease>(
      "torch", "torch.toml", "PyTorch releases: Python, CUDA variants, matching torchvision/torchaudio/triton",
      {"version", "date", "python", "cuda", "pypi_cuda", "torchvision", "torchaudio", "triton"}, kb.torch_releases,
      [](const TorchRelease& r) {
        return std::vector<std::string>{r.version.str(), text(r.date),    join(r.python),     join(r.cuda),
                                        r.pypi_cuda,     text(r.torchvision), text(r.torchaudio), text(r.triton)};
      }));
  out.push_back(make<TorchAbiRule>("torch-abi", "torch.toml", "C++ ABI of the official Linux torch wheels",
                                   {"torch", "variants", "cxx11abi", "note"}, kb.torch_abi_rules,
                                   [](const TorchAbiRule& r) {
                                     return std::vector<std::string>{r.torch.str(),
                                                                     r.variants.empty() ? "*" : join(r.variants),
                                                                     yes_no(r.cxx11abi), r.note};
                                   }));
  out.push_back(make<TorchArchList>("torch-arch", "torch.toml",
                                    "TORCH_CUDA_ARCH_LIST of the official wheels per minor series and variant",
                                    {"torch", "variant", "archs", "ptx"}, kb.torch_arch_lists,
                                    [](const TorchArchList& r) {
                                      return std::vector<std::string>{r.torch, r.variant, join_versions(r.archs),
                                                                      yes_no(r.ptx)};
                                    }));
  out.push_back(make<TorchExtensionCheck>(
      "torch-cpp-extension", "torch.toml", "Checks torch.utils.cpp_extension makes before compiling an extension",
      {"torch", "nvcc_match", "note"}, kb.torch_extension_checks, [](const TorchExtensionCheck& r) {
        return std::vector<std::string>{
            r.torch.str(), r.nvcc_match == TorchExtensionCheck::NvccMatch::Major ? "major" : "minor", r.note};
      }));
  out.push_back(make<CudaToolkit>("cuda", "cuda.toml", "CUDA toolkit releases and their minimum drivers",
                                  {"version", "release", "driver_linux", "driver_windows"}, kb.cuda_toolkits,
                                  [](const CudaToolkit& r) {
                                    return std::vector<std::string>{r.version.str(), r.release, r.driver_linux_text,
                                                                    r.driver_windows_text.empty() ? "-" : r.driver_windows_text};
                                  }));
  out.push_back(make<CudaFamily>("cuda-family", "cuda.toml",
                                 "Minor-version-compatibility driver floor per CUDA major",
                                 {"major", "min_driver_linux", "note"}, kb.cuda_families, [](const CudaFamily& r) {
                                   return std::vector<std::string>{std::to_string(r.major), r.min_driver_linux_text,
                                                                   r.note};
                                 }));
  out.push_back(make<PtxIsa>("ptx", "ptx.toml", "PTX ISA versions and the minimal CUDA whose driver loads them",
                             {"ptx", "cuda"}, kb.ptx_isas, [](const PtxIsa& r) {
                               return std::vector<std::string>{r.isa.str(), r.cuda.str()};
                             }));
  out.push_back(make<GpuArch>("gpu", "gpu.toml", "Compute capabilities: architecture, bf16/fp8, example GPUs",
                              {"cc", "sm", "architecture", "bf16", "fp8", "gpus"}, kb.gpu_archs, [](const GpuArch& r) {
                                return std::vector<std::string>{r.cc.str(), r.sm,         r.architecture,
                                                                yes_no(r.bf16), yes_no(r.fp8), join(r.gpus)};
                              }));
  out.push_back(make<GpuFeature>("gpu-feature", "gpu.toml", "Hardware features as requirements on __sm",
                                 {"id", "requires", "description"}, kb.gpu_features, [](const GpuFeature& r) {
                                   return std::vector<std::string>{r.name, r.requirement.str(), r.description};
                                 }));
  out.push_back(make<CudaTarget>("cuda-target", "gpu.toml", "Compile targets each CUDA toolkit adds or drops",
                                 {"cuda", "adds", "removes", "min_sm"}, kb.cuda_targets, [](const CudaTarget& r) {
                                   return std::vector<std::string>{r.cuda, join(r.adds), join(r.removes),
                                                                   text(r.min_sm)};
                                 }));
  out.push_back(make<GpuMemory>("gpu-memory", "gpu.toml", "GPU memory as nvidia-smi reports it (what `mlstack fit` judges against)",
                                {"gpu", "memory_mib", "cc", "aliases", "note"}, kb.gpu_memories, [](const GpuMemory& r) {
                                  return std::vector<std::string>{r.name, std::to_string(r.memory_mib), text(r.cc),
                                                                  join(r.aliases), r.note};
                                }));
  out.push_back(make<GpuOverhead>("gpu-overhead", "gpu.toml", "Runtime memory overheads `mlstack fit` shows as estimates",
                                  {"id", "mib", "percent", "description"}, kb.gpu_overheads, [](const GpuOverhead& r) {
                                    return std::vector<std::string>{r.id, r.mib ? std::to_string(*r.mib) : "-",
                                                                    r.percent ? std::to_string(*r.percent) : "-",
                                                                    r.description};
                                  }));
  out.push_back(make<FlashAttnRelease>(
      "flash-attn", "flash_attn.toml", "flash-attn tags: setup.py and README facts",
      {"version", "tag_date", "cuda_tag_style", "min_nvcc", "requires_python", "archs"}, kb.flash_attn_releases,
      [](const FlashAttnRelease& r) {
        return std::vector<std::string>{r.version.str(), r.tag_date, r.cuda_tag_major_only ? "major" : "major.minor",
                                        r.min_nvcc,      r.requires_python, join(r.archs)};
      }));
  out.push_back(make<FlashAttnBuild>(
      "flash-attn-build", "flash_attn.toml", "flash-attn prebuilt wheels per release, torch minor and CUDA tag",
      {"version", "torch", "cuda_tag", "cuda_toolkit", "python", "cxx11abi", "archs"}, kb.flash_attn_builds,
      [](const FlashAttnBuild& r) {
        std::vector<std::string> abi;
        for (bool value : r.cxx11abi) abi.push_back(value ? "TRUE" : "FALSE");
        return std::vector<std::string>{r.version.str(), r.torch, r.cuda_tag, r.cuda_toolkit,
                                        r.python.empty() ? "(none)" : join(r.python), join(abi), join(r.archs)};
      }));
  out.push_back(make<FlashAttnObserved>("flash-attn-observed", "flash_attn.toml",
                                        "flash-attn release assets seen outside the CI matrix", {"filename"},
                                        kb.flash_attn_observed, [](const FlashAttnObserved& r) {
                                          return std::vector<std::string>{r.filename};
                                        }));
  out.push_back(make<CouplingRule>("coupling", "coupling.toml", "Coupling rules: if one requirement holds, so must another",
                                   {"id", "if", "then", "confidence"}, kb.coupling_rules, [](const CouplingRule& r) {
                                     std::string id = r.fact.id.substr(r.fact.id.find(':') + 1);
                                     return std::vector<std::string>{id, r.when.str(), r.then.str(), r.fact.confidence};
                                   }));
  out.push_back(make<NumpyAbiRule>("numpy-abi", "numpy.toml",
                                   "NumPy releases that run modules compiled with each major's headers",
                                   {"headers", "runs_with", "note"}, kb.numpy_abi_rules, [](const NumpyAbiRule& r) {
                                     return std::vector<std::string>{std::to_string(r.headers) + ".x",
                                                                     r.runs_with.str(), r.note};
                                   }));
  out.push_back(make<PackageRelease>("packages", "packages.toml", "Known releases of key packages, with upload dates",
                                     {"name", "version", "date"}, kb.package_releases, [](const PackageRelease& r) {
                                       return std::vector<std::string>{r.name, r.version.str(), text(r.date)};
                                     }));
  return out;
}

Document base(std::string title, const kb::LoadResult& loaded) {
  Document document;
  document.command = "kb";
  document.title = std::move(title);
  document.findings = loaded.findings;
  return document;
}

void not_found(Document& document, std::string message) {
  Finding finding;
  finding.rule = "kb.not-found";
  finding.severity = Severity::Warning;
  finding.message = std::move(message);
  finding.fix = "see `mlstack kb list` for what the knowledge base holds; a missing row is not proof of absence";
  document.findings.push_back(std::move(finding));
}

Table source_table(const std::vector<std::pair<std::string, const kb::Fact*>>& rows) {
  Table table{{{"fact", Align::Left, true}, {"source", Align::Left, false}}, {}};
  for (const auto& [label, fact] : rows) table.rows.push_back({fact->id, fact->source});
  return table;
}

}  // namespace

std::vector<std::string> kb_table_names() {
  std::vector<std::string> out;
  for (const Listing& listing : listings(kb::KnowledgeBase{})) out.push_back(listing.name);
  return out;
}

Document kb_list_view(const kb::LoadResult& loaded) {
  Document document = base("mlstack kb: the knowledge base", loaded);
  Table table{{{"table"}, {"file"}, {"rows", Align::Right}, {"what it holds"}}, {}};
  nlohmann::json tables = nlohmann::json::array();
  for (const Listing& listing : listings(loaded.kb)) {
    table.rows.push_back({listing.name, listing.file, std::to_string(listing.rows.size()), listing.description});
    tables.push_back({{"name", listing.name}, {"file", listing.file}, {"rows", listing.rows.size()},
                      {"description", listing.description}});
  }
  Section section{"Tables", {table}, {}};
  section.blocks.push_back(Paragraph{fmt::format(
      "{} rows from {}. Show one table with `mlstack kb show TABLE`; every row carries its source.",
      loaded.kb.row_count(), join(loaded.files))});
  document.sections.push_back(std::move(section));
  document.data = {{"files", loaded.files}, {"tables", tables}, {"rows", loaded.kb.row_count()}};
  return document;
}

Expected<Document, std::string> kb_show_view(const kb::LoadResult& loaded, std::string_view name,
                                             const std::vector<std::string>& filters) {
  std::vector<Listing> all = listings(loaded.kb);
  auto found = std::find_if(all.begin(), all.end(), [&](const Listing& l) { return l.name == name; });
  if (found == all.end())
    return unexpected(fmt::format("unknown table `{}` (tables: {})", name, join(kb_table_names())));
  const Listing& listing = *found;

  // Parse filters first so that a typo in a column name is an error, not an empty table.
  struct Filter {
    std::optional<std::size_t> column;
    std::string value;
  };
  std::vector<Filter> parsed;
  for (const std::string& filter : filters) {
    std::size_t eq = filter.find('=');
    if (eq == std::string::npos) {
      parsed.push_back({std::nullopt, lower(filter)});
      continue;
    }
    std::string column = filter.substr(0, eq);
    auto it = std::find(listing.columns.begin(), listing.columns.end(), column);
    if (it == listing.columns.end())
      return unexpected(fmt::format("table `{}` has no column `{}` (columns: {})", name, column, join(listing.columns)));
    parsed.push_back({static_cast<std::size_t>(it - listing.columns.begin()), lower(filter.substr(eq + 1))});
  }

  Document document = base(fmt::format("mlstack kb show {}", name), loaded);
  Table table;
  for (const std::string& column : listing.columns) table.columns.push_back({column, Align::Left, false});
  table.columns.push_back({"source", Align::Left, false});
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < listing.rows.size(); ++i) {
    const auto& cells = listing.rows[i];
    bool keep = std::all_of(parsed.begin(), parsed.end(), [&](const Filter& f) {
      if (f.column) return lower(cells[*f.column]) == f.value;
      return std::any_of(cells.begin(), cells.end(), [&](const std::string& c) {
        return lower(c).find(f.value) != std::string::npos;
      });
    });
    if (!keep) continue;
    std::vector<std::string> row = cells;
    row.push_back(listing.facts[i]->source);
    table.rows.push_back(std::move(row));
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < listing.columns.size(); ++c) object[listing.columns[c]] = cells[c];
    object["fact"] = fact_json(*listing.facts[i]);
    rows.push_back(std::move(object));
  }
  Section section{fmt::format("{} ({} of {} rows, {})", listing.name, table.rows.size(), listing.rows.size(),
                              listing.file),
                  {Paragraph{listing.description}, table},
                  {}};
  document.sections.push_back(std::move(section));
  document.data = {{"table", listing.name}, {"file", listing.file}, {"columns", listing.columns}, {"rows", rows}};
  return document;
}

Document kb_torch_view(const kb::LoadResult& loaded, const pep::Version& version) {
  const kb::KnowledgeBase& kb = loaded.kb;
  Document document = base(fmt::format("mlstack kb torch {}", version.str()), loaded);
  const kb::TorchRelease* release = kb.torch_release(version);
  if (release == nullptr) {
    not_found(document, fmt::format("torch {} is not in the knowledge base", version.public_version().str()));
    document.data = {{"torch", nullptr}};
    return document;
  }
  KeyValues facts{{{"Released", text(release->date)},
                   {"Date from", release->date_source},
                   {"Python", join(release->python) + (release->python_freethreaded.empty()
                                                           ? ""
                                                           : " (free-threaded: " + join(release->python_freethreaded) + ")")},
                   {"CUDA variants", join(release->cuda)},
                   {"ROCm variants", release->rocm.empty() ? "-" : join(release->rocm)},
                   {"PyPI wheel (Linux x86_64)", release->pypi_cuda},
                   {"torchvision", text(release->torchvision)},
                   {"torchaudio", text(release->torchaudio) + (release->torchaudio_note.empty() ? "" : " (" + release->torchaudio_note + ")")},
                   {"triton", text(release->triton) + (release->triton_marker.empty() ? "" : "; " + release->triton_marker)}}};
  Table variants{{{"variant"}, {"min driver (Linux)"}, {"C++11 ABI"}, {"GPU kernels (compute capability)"}}, {}};
  nlohmann::json variant_json = nlohmann::json::array();
  std::vector<std::pair<std::string, const kb::Fact*>> sources{{"release", &release->fact}};
  for (const std::string& variant : release->cuda) {
    kb::LocalLabel label = kb::parse_local_label(variant);
    std::string driver = "-";
    if (label.cuda_major && label.cuda_minor) {
      if (auto cuda = pep::Version::parse(fmt::format("{}.{}", *label.cuda_major, *label.cuda_minor))) {
        if (const kb::CudaToolkit* toolkit = kb.cuda_toolkit(*cuda)) {
          driver = ">= " + toolkit->driver_linux_text;
          sources.push_back({variant, &toolkit->fact});
        }
      }
    }
    const kb::TorchAbiRule* abi = kb.torch_cxx11abi(release->version, variant);
    const kb::TorchArchList* arch = kb.torch_arch_list(release->version, variant);
    if (abi) sources.push_back({variant, &abi->fact});
    if (arch) sources.push_back({variant, &arch->fact});
    std::string archs = arch ? join_versions(arch->archs) + (arch->ptx ? " +PTX" : "") : "-";
    variants.rows.push_back({variant, driver, abi ? yes_no(abi->cxx11abi) : "-", archs});
    variant_json.push_back({{"variant", variant},
                            {"min_driver_linux", driver == "-" ? nlohmann::json(nullptr) : nlohmann::json(driver.substr(3))},
                            {"cxx11abi", abi ? nlohmann::json(abi->cxx11abi) : nlohmann::json(nullptr)},
                            {"archs", arch ? nlohmann::json(join_versions(arch->archs)) : nlohmann::json(nullptr)}});
  }
  std::sort(sources.begin(), sources.end(), [](const auto& a, const auto& b) { return a.second->id < b.second->id; });
  sources.erase(std::unique(sources.begin(), sources.end(),
                            [](const auto& a, const auto& b) { return a.second == b.second; }),
                sources.end());
  document.sections.push_back(Section{fmt::format("torch {}", release->version.str()), {facts}, {}});
  document.sections.push_back(Section{"CUDA variants", {variants}, {}});
  document.sections.push_back(Section{"Sources", {source_table(sources)}, {}});
  document.data = {{"torch",
                    {{"version", release->version.str()},
                     {"date", release->date ? nlohmann::json(*release->date) : nlohmann::json(nullptr)},
                     {"python", release->python},
                     {"cuda", release->cuda},
                     {"pypi_cuda", release->pypi_cuda},
                     {"torchvision", release->torchvision ? nlohmann::json(release->torchvision->str()) : nlohmann::json(nullptr)},
                     {"torchaudio", release->torchaudio ? nlohmann::json(release->torchaudio->str()) : nlohmann::json(nullptr)},
                     {"triton", release->triton ? nlohmann::json(release->triton->str()) : nlohmann::json(nullptr)},
                     {"variants", variant_json},
                     {"fact", fact_json(release->fact)}}}};
  return document;
}

Document kb_cuda_view(const kb::LoadResult& loaded, const pep::Version& cuda) {
  const kb::KnowledgeBase& kb = loaded.kb;
  Document document = base(fmt::format("mlstack kb cuda {}", cuda.str()), loaded);
  Table table{{{"release"}, {"driver (Linux)"}, {"driver (Windows)"}}, {}};
  nlohmann::json rows = nlohmann::json::array();
  const kb::CudaToolkit* ga = kb.cuda_toolkit(cuda);
  for (const kb::CudaToolkit& row : kb.cuda_toolkits) {
    if (ga == nullptr || row.version != ga->version) continue;
    table.rows.push_back({row.release, ">= " + row.driver_linux_text,
                          row.driver_windows_text.empty() ? "-" : ">= " + row.driver_windows_text});
    rows.push_back({{"release", row.release}, {"driver_linux", row.driver_linux_text}, {"fact", fact_json(row.fact)}});
  }
  if (ga == nullptr) {
    not_found(document, fmt::format("CUDA {} is not in the knowledge base", cuda.str()));
    document.data = {{"cuda", nullptr}};
    return document;
  }
  std::vector<std::pair<std::string, const kb::Fact*>> sources{{"toolkit", &ga->fact}};
  Section section{fmt::format("CUDA {}", ga->version.str()), {table}, {}};
  const kb::CudaFamily* family = kb.cuda_family(static_cast<int>(ga->version.release()[0]));
  if (family) {
    section.blocks.push_back(Paragraph{fmt::format(
        "Minor version compatibility: software built with any CUDA {}.x toolkit runs on Linux driver >= {} with "
        "limitations (no JIT of newer PTX).",
        family->major, family->min_driver_linux_text)});
    sources.push_back({"family", &family->fact});
  }
  document.sections.push_back(std::move(section));
  document.sections.push_back(Section{"Sources", {source_table(sources)}, {}});
  document.data = {{"cuda", {{"version", ga->version.str()},
                             {"min_driver_linux", ga->driver_linux_text},
                             {"releases", rows},
                             {"family_min_driver_linux", family ? nlohmann::json(family->min_driver_linux_text) : nlohmann::json(nullptr)}}}};
  return document;
}

Document kb_driver_view(const kb::LoadResult& loaded, const pep::Version& driver, std::string_view as_written) {
  Document document = base(fmt::format("mlstack kb driver {}", as_written), loaded);
  const kb::CudaToolkit* best = loaded.kb.highest_cuda_for_driver(driver);
  if (best == nullptr) {
    not_found(document, fmt::format("no CUDA toolkit in the knowledge base runs on driver {}", as_written));
    document.data = {{"driver", as_written}, {"cuda", nullptr}};
    return document;
  }
  document.sections.push_back(Section{
      fmt::format("Driver {}", as_written),
      {KeyValues{{{"Highest CUDA (__cuda)", best->version.str()},
                  {"Because", fmt::format("CUDA {} GA needs Linux driver >= {}, a driver of branch R{}; every driver of "
                                          "a branch supports the same CUDA",
                                          best->version.str(), best->driver_linux_text,
                                          best->driver_linux.release()[0])}}},
       source_table({{"toolkit", &best->fact}})},
      {}});
  document.data = {{"driver", as_written}, {"cuda", best->version.str()}, {"fact", fact_json(best->fact)}};
  return document;
}

namespace {

// ">= 580.65.06", or the next toolkit's minimum (enough, not proven minimal)
// for a CUDA version without a toolkit row; the row is added to `sources`.
std::string ptx_driver_text(const kb::KnowledgeBase& kb, const kb::PtxIsa& row,
                            std::vector<std::pair<std::string, const kb::Fact*>>& sources) {
  const kb::CudaToolkit* toolkit = kb.cuda_toolkit_at_least(row.cuda);
  if (toolkit == nullptr) return "unknown";
  sources.push_back({"toolkit", &toolkit->fact});
  if (kb.cuda_toolkit(row.cuda) == toolkit) return ">= " + toolkit->driver_linux_text;
  return fmt::format(">= {} (CUDA {} GA, the next toolkit of that major: enough, not proven minimal)", toolkit->driver_linux_text,
                     toolkit->version.str());
}

}  // namespace

Document kb_ptx_view(const kb::LoadResult& loaded, const std::optional<pep::Version>& isa) {
  const kb::KnowledgeBase& kb = loaded.kb;
  Document document = base(isa ? fmt::format("mlstack kb ptx {}", isa->str()) : std::string("mlstack kb ptx"), loaded);
  std::vector<std::pair<std::string, const kb::Fact*>> sources;
  if (isa) {
    const kb::PtxIsa* row = kb.ptx_isa(*isa);
    if (row == nullptr) {
      not_found(document, fmt::format("PTX ISA {} is not in the knowledge base: the driver it needs is unknown", isa->str()));
      document.data = {{"ptx", nullptr}};
      return document;
    }
    sources.push_back({"isa", &row->fact});
    std::string driver = ptx_driver_text(kb, *row, sources);
    document.sections.push_back(Section{fmt::format("PTX ISA {}", row->isa.str()),
                                        {KeyValues{{{"Loads from CUDA", row->cuda.str()}, {"Linux driver", driver}}},
                                         source_table(sources)},
                                        {}});
    const kb::CudaToolkit* toolkit = kb.cuda_toolkit_at_least(row->cuda);
    document.data = {{"ptx",
                      {{"isa", row->isa.str()},
                       {"min_cuda", row->cuda.str()},
                       {"min_driver_linux", toolkit ? nlohmann::json(toolkit->driver_linux_text) : nlohmann::json(nullptr)},
                       {"driver_linux_of_cuda", toolkit ? nlohmann::json(toolkit->version.str()) : nlohmann::json(nullptr)},
                       {"fact", fact_json(row->fact)}}}};
    return document;
  }
  Table table{{{"PTX ISA"}, {"min CUDA"}, {"Linux driver"}}, {}};
  nlohmann::json rows = nlohmann::json::array();
  for (const kb::PtxIsa& row : kb.ptx_isas) {
    std::vector<std::pair<std::string, const kb::Fact*>> row_sources;
    std::string driver = ptx_driver_text(kb, row, row_sources);
    table.rows.push_back({row.isa.str(), row.cuda.str(), driver});
    rows.push_back({{"isa", row.isa.str()}, {"min_cuda", row.cuda.str()}, {"fact", fact_json(row.fact)}});
  }
  Section section{"PTX ISA versions", {table}, {}};
  section.blocks.push_back(Paragraph{
      "A driver JIT-compiles PTX up to the ISA of its own CUDA version. Sources: `mlstack kb show ptx`."});
  document.sections.push_back(std::move(section));
  document.data = {{"ptx", rows}};
  return document;
}

Document kb_gpu_view(const kb::LoadResult& loaded, std::string_view query) {
  const kb::KnowledgeBase& kb = loaded.kb;
  Document document = base(fmt::format("mlstack kb gpu {}", query), loaded);
  const kb::GpuArch* arch = kb.gpu_arch(query);
  std::string matched;
  if (arch == nullptr) {
    if (auto match = kb.gpu_by_name(query)) {
      arch = match->arch;
      matched = match->matched_name;
    }
  }
  if (arch == nullptr) {
    not_found(document, fmt::format("no GPU or compute capability `{}` in the knowledge base", query));
    document.data = {{"gpu", nullptr}};
    return document;
  }
  KeyValues facts{{{"Compute capability", arch->cc.str() + " (" + arch->sm + ")"},
                   {"Architecture", arch->architecture},
                   {"GPUs", join(arch->gpus)}}};
  if (!matched.empty()) facts.items.insert(facts.items.begin(), {"Matched", matched});
  Table features{{{"feature"}, {"requires"}, {"supported"}}, {}};
  nlohmann::json feature_json = nlohmann::json::object();
  std::vector<std::pair<std::string, const kb::Fact*>> sources{{"arch", &arch->fact}};
  for (const kb::GpuFeature& feature : kb.gpu_features) {
    bool ok = feature.requirement.specifier.contains(arch->cc, true);
    features.rows.push_back({feature.name, feature.requirement.str(), yes_no(ok)});
    feature_json[feature.name] = ok;
    sources.push_back({feature.name, &feature.fact});
  }
  document.sections.push_back(Section{arch->sm, {facts}, {}});
  document.sections.push_back(Section{"Features", {features}, {}});
  document.sections.push_back(Section{"Sources", {source_table(sources)}, {}});
  document.data = {{"gpu", {{"cc", arch->cc.str()}, {"sm", arch->sm}, {"architecture", arch->architecture},
                            {"matched", matched}, {"features", feature_json}, {"fact", fact_json(arch->fact)}}}};
  return document;
}

Document kb_flash_attn_view(const kb::LoadResult& loaded, const pep::Version& version) {
  const kb::KnowledgeBase& kb = loaded.kb;
  Document document = base(fmt::format("mlstack kb flash-attn {}", version.str()), loaded);
  const kb::FlashAttnRelease* release = kb.flash_attn_release(version);
  if (release == nullptr) {
    not_found(document, fmt::format("flash-attn {} is not in the knowledge base", version.str()));
    document.data = {{"flash_attn", nullptr}};
    return document;
  }
  Table table{{{"torch"}, {"cuda tag"}, {"toolkit"}, {"python"}, {"cxx11abi"}, {"archs"}}, {}};
  nlohmann::json builds = nlohmann::json::array();
  for (const kb::FlashAttnBuild* build : kb.flash_attn_builds_for(version)) {
    std::vector<std::string> abi;
    for (bool value : build->cxx11abi) abi.push_back(value ? "TRUE" : "FALSE");
    table.rows.push_back({build->torch, build->cuda_tag, build->cuda_toolkit,
                          build->python.empty() ? "(none: " + build->note + ")" : join(build->python), join(abi),
                          join(build->archs)});
    builds.push_back({{"torch", build->torch}, {"cuda_tag", build->cuda_tag}, {"python", build->python},
                      {"cxx11abi", build->cxx11abi}, {"fact", fact_json(build->fact)}});
  }
  Section section{fmt::format("flash-attn {} (tag {} at {})", release->version.str(), release->tag, release->commit),
                  {KeyValues{{{"Wheel name", fmt::format("flash_attn-{}+{{cuda_tag}}torch{{torch}}cxx11abi{{TRUE|FALSE}}-cp{{py}}-cp{{py}}-linux_x86_64.whl", release->version.str())},
                              {"min nvcc (source builds)", release->min_nvcc},
                              {"Requires-Python", release->requires_python}}},
                   table},
                  {}};
  document.sections.push_back(std::move(section));
  document.sections.push_back(Section{"Sources", {source_table({{"release", &release->fact}})}, {}});
  document.data = {{"flash_attn", {{"version", release->version.str()}, {"builds", builds}, {"fact", fact_json(release->fact)}}}};
  return document;
}

Document kb_package_view(const kb::LoadResult& loaded, std::string_view name,
                         const std::optional<pep::Version>& version) {
  const kb::KnowledgeBase& kb = loaded.kb;
  std::string canonical = pep::canonicalize_name(name);
  Document document = base(fmt::format("mlstack kb package {}{}", canonical, version ? " " + version->str() : ""), loaded);
  if (version) {
    std::optional<std::string> date;
    auto fact = kb.known_release(canonical, *version, &date);
    if (!fact) {
      not_found(document, fmt::format("{} {} is not a release the knowledge base knows", canonical, version->str()));
      document.data = {{"name", canonical}, {"version", version->str()}, {"known", false}};
      return document;
    }
    document.sections.push_back(Section{
        fmt::format("{} {}", canonical, version->public_version().str()),
        {KeyValues{{{"Exists", "yes"}, {"Released", text(date)}}}, source_table({{"release", &*fact}})},
        {}});
    document.data = {{"name", canonical}, {"version", version->public_version().str()}, {"known", true},
                     {"date", date ? nlohmann::json(*date) : nlohmann::json(nullptr)}, {"fact", fact_json(*fact)}};
    return document;
  }
  auto rows = kb.package_releases_of(canonical);
  if (rows.empty()) {
    not_found(document, fmt::format("the knowledge base lists no releases of {}", canonical));
    document.data = {{"name", canonical}, {"releases", nlohmann::json::array()}};
    return document;
  }
  Table table{{{"version"}, {"date"}, {"source"}}, {}};
  nlohmann::json releases = nlohmann::json::array();
  for (const kb::PackageRelease* row : rows) {
    table.rows.push_back({row->version.str(), text(row->date), row->fact.source});
    releases.push_back({{"version", row->version.str()}, {"date", row->date ? nlohmann::json(*row->date) : nlohmann::json(nullptr)},
                        {"fact", fact_json(row->fact)}});
  }
  document.sections.push_back(Section{fmt::format("{}: {} known releases", canonical, rows.size()), {table}, {}});
  document.data = {{"name", canonical}, {"releases", releases}};
  return document;
}

Document kb_constraints_view(const kb::LoadResult& loaded, std::string_view name, const pep::Version& version,
                             std::span<const pep::Tag> tags) {
  Document document = base(fmt::format("mlstack kb constraints {} {}", name, version.str()), loaded);
  std::vector<kb::Constraint> constraints = kb::derive_constraints(loaded.kb, name, version, tags);
  Table table{{{"requirement", Align::Left, true}, {"because"}, {"fact"}}, {}};
  nlohmann::json rows = nlohmann::json::array();
  for (const kb::Constraint& constraint : constraints) {
    table.rows.push_back({constraint.requirement.str(), constraint.reason, constraint.origin.to_string()});
    rows.push_back({{"requirement", constraint.requirement.str()}, {"reason", constraint.reason},
                    {"fact", constraint.origin.context}, {"source", constraint.origin.source}});
  }
  Section section{fmt::format("{} {}", pep::canonicalize_name(name), version.str()), {}, {}};
  if (constraints.empty())
    section.blocks.push_back(Paragraph{"The knowledge base derives no constraints for this distribution."});
  else
    section.blocks.push_back(table);
  document.sections.push_back(std::move(section));
  document.data = {{"name", pep::canonicalize_name(name)}, {"version", version.str()}, {"constraints", rows}};
  return document;
}

}  // namespace mlstack::report
