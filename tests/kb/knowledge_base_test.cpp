// SPDX-License-Identifier: MIT
// Facts pinned against the shared research data (../shared/kb, ../shared/index)
// and the seeds' wrong claims that mlstack must not repeat.
#include "kb/knowledge_base.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kb/loader.h"
#include "shared_data.h"

namespace mlstack::kb {
namespace {

const KnowledgeBase& kb() {
  static const LoadResult result = load_embedded();
  return result.kb;
}

pep::Version v(const char* text) { return *pep::Version::parse(text); }

// The research file at `path` (relative to ../shared) in the set the test runs
// on: the full file, or its sample in tests/data/kb-research (derive.py there).
nlohmann::json shared_json(const std::string& path) {
  std::string base = ::mlstack::testing::current_data_set() == ::mlstack::testing::DataSet::Full
                         ? std::string(MLSTACK_SHARED_DIR)
                         : std::string(MLSTACK_SOURCE_DIR) + "/tests/data/kb-research";
  std::ifstream in(base + "/" + path);
  if (!in) throw std::runtime_error("cannot open " + base + "/" + path);
  return nlohmann::json::parse(in);
}

TEST(KnowledgeBaseTest, Torch230PairsWithTorchvision0180AndTriton230) {
  const TorchRelease* release = kb().torch_release(v("2.3.0+cu121"));
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(release->torchvision, v("0.18.0"));
  EXPECT_EQ(release->torchaudio, v("2.3.0"));
  EXPECT_EQ(release->triton, v("2.3.0"));
  EXPECT_EQ(release->pypi_cuda, "cu121");
  EXPECT_EQ(release->python, (std::vector<std::string>{"3.8", "3.9", "3.10", "3.11", "3.12"}));
  EXPECT_EQ(kb().torch_release_for_torchvision(v("0.18.0")), release);
}

SHARED_OR_SAMPLE_TEST(KnowledgeBaseTest, TorchCompanionsMatchSharedResearch, "kb/torch_releases.json") {
  // Bind the document first: iterating a member of a temporary would outlive it.
  const nlohmann::json torch_releases = shared_json("kb/torch_releases.json");
  for (const auto& row : torch_releases["releases"]) {
    const TorchRelease* release = kb().torch_release(v(row["version"].get<std::string>().c_str()));
    ASSERT_NE(release, nullptr) << row["version"];
    EXPECT_EQ(release->torchvision->str(), row["torchvision"].get<std::string>()) << row["version"];
    if (row["triton_pinned"].is_string()) {
      EXPECT_EQ(release->triton->str(), row["triton_pinned"].get<std::string>()) << row["version"];
    }
    // The kb may add variants seen on download.pytorch.org (cu129 for 2.9-2.13), never drop one.
    for (const std::string& variant : row["cuda_variants"].get<std::vector<std::string>>())
      EXPECT_NE(std::find(release->cuda.begin(), release->cuda.end(), variant), release->cuda.end())
          << row["version"] << " " << variant;
  }
}

SHARED_OR_SAMPLE_TEST(KnowledgeBaseTest, TorchVariantsAgreeWithPytorchIndexListings, "index/pytorch-wheel-indexes/cu121.json") {
  // Every +cuXYZ torch build listed on a download.pytorch.org index is a variant
  // the kb names for that release (nightly/test indexes excluded).
  for (const char* variant : {"cu118", "cu121", "cu124", "cu126", "cu128", "cu129", "cu130"}) {
    for (const auto& file : shared_json(std::string("index/pytorch-wheel-indexes/") + variant + ".json")) {
      if (file["package"] != "torch") continue;
      std::string version_text = file["version"];
      pep::Version version = v(version_text.c_str());
      if (version.local() != variant) continue;
      const TorchRelease* release = kb().torch_release(version);
      ASSERT_NE(release, nullptr) << version_text;
      EXPECT_NE(std::find(release->cuda.begin(), release->cuda.end(), variant), release->cuda.end())
          << version_text << " is on the " << variant << " index";
    }
  }
}

SHARED_OR_SAMPLE_TEST(KnowledgeBaseTest, PypiDefaultVariantMatchesTheCudaRuntimeTorchRequires, "index/lockfile-harvest/merged/torch.json") {
  // A PyPI torch's Requires-Dist pins nvidia-cuda-runtime-cu12==X.Y.*: its
  // default CUDA variant must be cuXY.
  std::size_t checked = 0;
  for (const auto& entry : shared_json("index/lockfile-harvest/merged/torch.json")) {
    std::string version = entry["version"];
    if (version.find('+') != std::string::npos || !entry.contains("requires_dist_from_poetry")) continue;
    const auto& requires_dist = entry["requires_dist_from_poetry"];
    if (!requires_dist.contains("nvidia-cuda-runtime-cu12")) continue;
    const auto& pin = requires_dist["nvidia-cuda-runtime-cu12"];
    pep::Version runtime = v((pin.is_string() ? pin.get<std::string>() : pin["version"].get<std::string>()).c_str());
    const TorchRelease* release = kb().torch_release(v(version.c_str()));
    ASSERT_NE(release, nullptr) << version;
    EXPECT_EQ(release->pypi_cuda, "cu" + std::to_string(runtime.release()[0]) + std::to_string(runtime.release()[1]))
        << version;
    ++checked;
  }
  EXPECT_GE(checked, 10u);
}

TEST(KnowledgeBaseTest, Cuda12DriverMinimums) {
  const CudaToolkit* cuda121 = kb().cuda_toolkit(v("12.1"));
  ASSERT_NE(cuda121, nullptr);
  EXPECT_EQ(cuda121->driver_linux, v("530.30.02"));
  EXPECT_EQ(cuda121->update, 0);
  const CudaFamily* family = kb().cuda_family(12);
  ASSERT_NE(family, nullptr);
  EXPECT_EQ(family->min_driver_linux, v("525"));
  EXPECT_EQ(kb().cuda_family(11)->min_driver_linux, v("450.80.02"));
  EXPECT_EQ(kb().cuda_toolkit(v("12.4.131"))->driver_linux, v("550.54.14"));
  EXPECT_EQ(kb().cuda_toolkit(v("12.7")), nullptr) << "there is no CUDA 12.7";
}

SHARED_OR_SAMPLE_TEST(KnowledgeBaseTest, CudaDriverTableMatchesSharedResearch, "kb/cuda_driver.json") {
  // Bind the document first: iterating a member of a temporary would outlive it.
  const nlohmann::json cuda_driver = shared_json("kb/cuda_driver.json");
  for (const auto& row : cuda_driver["toolkits"]) {
    std::string driver = row["toolkit_driver_min_linux_x86_64"];
    bool found = false;
    for (const CudaToolkit& toolkit : kb().cuda_toolkits)
      if (toolkit.release == row["toolkit"].get<std::string>()) {
        found = true;
        EXPECT_EQ(toolkit.driver_linux, v(driver.c_str())) << toolkit.release;
      }
    EXPECT_TRUE(found) << row["toolkit"];
  }
}

TEST(KnowledgeBaseTest, HighestCudaForDriver) {
  EXPECT_EQ(kb().highest_cuda_for_driver(v("535.104.05"))->version, v("12.2"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("550.54.14"))->version, v("12.4"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("580.65.06"))->version, v("13.0"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("440.33")), nullptr);
}

// A branch's drivers share its CUDA version: every 535 driver runs 12.2,
// including those below 12.2 GA's minimum (535.54.03) and the branch alone.
TEST(KnowledgeBaseTest, HighestCudaIsTheDriverBranchs) {
  EXPECT_EQ(kb().highest_cuda_for_driver(v("535"))->version, v("12.2"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("535.43.02"))->version, v("12.2"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("535.183.01"))->version, v("12.2"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("530.30.02"))->version, v("12.1"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("525.60.13"))->version, v("12.0"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("450.36.06"))->version, v("11.0"));
  EXPECT_EQ(kb().highest_cuda_for_driver(v("418.39")), nullptr);
}

// Releases for fresh installs: torch's companions from torch.toml, in full.
TEST(KnowledgeBaseTest, ReleasesOfAPackage) {
  auto torchvision = kb().releases_of("torchvision");
  EXPECT_TRUE(std::find(torchvision.begin(), torchvision.end(), v("0.22.1")) != torchvision.end());
  EXPECT_TRUE(std::is_sorted(torchvision.begin(), torchvision.end()));
  EXPECT_TRUE(kb().lists_every_release("torchvision"));
  EXPECT_FALSE(kb().lists_every_release("numpy"));
  EXPECT_FALSE(kb().releases_of("numpy").empty());
}

// PTX ISA -> minimal CUDA, as NVIDIA/cuda-python's _ptx_to_cuda maps it.
TEST(KnowledgeBaseTest, PtxIsaNeedsCuda) {
  const PtxIsa* isa87 = kb().ptx_isa(v("8.7"));
  ASSERT_NE(isa87, nullptr);
  EXPECT_EQ(isa87->cuda, v("12.8"));
  EXPECT_EQ(isa87->fact.id, "ptx:8.7");
  EXPECT_NE(isa87->fact.source.find("NVIDIA/cuda-python"), std::string::npos) << isa87->fact.source;
  EXPECT_NE(isa87->fact.source.find("149d45a4151488360c8325338e7ffc1ce3c02e15"), std::string::npos);
  ASSERT_NE(kb().ptx_isa(v("8.6")), nullptr);
  EXPECT_EQ(kb().ptx_isa(v("8.6"))->cuda, v("12.7")) << "ISA 8.6 came with CUDA 12.7: no ISA maps to 12.6";
  EXPECT_EQ(kb().ptx_isa(v("8.5"))->cuda, v("12.5"));
  EXPECT_EQ(kb().ptx_isa(v("9.0"))->cuda, v("13.0"));
  EXPECT_EQ(kb().ptx_isa(v("1.2"))->cuda, v("2.0"));
  EXPECT_EQ(kb().ptx_isa(v("9.9")), nullptr) << "an unknown ISA is unknown, not its neighbour's";
  EXPECT_EQ(kb().ptx_isa(v("8.65")), nullptr);
  for (const PtxIsa& row : kb().ptx_isas) EXPECT_FALSE(row.fact.source.empty()) << row.fact.id;
}

TEST(KnowledgeBaseTest, CudaToolkitAtLeast) {
  // 12.8 has a toolkit row: its GA.
  const CudaToolkit* cuda128 = kb().cuda_toolkit_at_least(v("12.8"));
  ASSERT_NE(cuda128, nullptr);
  EXPECT_EQ(cuda128, kb().cuda_toolkit(v("12.8")));
  EXPECT_EQ(cuda128->update, 0);
  // 12.7 has none (drivers report it, no toolkit was released): the next one.
  const CudaToolkit* after127 = kb().cuda_toolkit_at_least(v("12.7"));
  ASSERT_NE(after127, nullptr);
  EXPECT_EQ(after127->version, v("12.8"));
  EXPECT_EQ(kb().cuda_toolkit_at_least(v("99.0")), nullptr);
  // Never across majors: the kb's driver rows start at 11.0, which says nothing minimal about 2.0.
  EXPECT_EQ(kb().cuda_toolkit_at_least(v("2.0")), nullptr);
  EXPECT_EQ(kb().cuda_toolkit_at_least(v("12.10")), nullptr);
}

SHARED_OR_SAMPLE_TEST(KnowledgeBaseTest, Sm86IsAmpere, "kb/gpu_arch.json") {
  const GpuArch* arch = kb().gpu_arch("sm_86");
  ASSERT_NE(arch, nullptr);
  EXPECT_EQ(arch->architecture, "Ampere");
  EXPECT_TRUE(arch->bf16);
  EXPECT_FALSE(arch->fp8);
  EXPECT_EQ(kb().gpu_arch("8.6"), arch);
  EXPECT_EQ(kb().gpu_arch("86"), arch);
  // Bind the document first: iterating a member of a temporary would outlive it.
  const nlohmann::json gpu_arch = shared_json("kb/gpu_arch.json");
  for (const auto& row : gpu_arch["compute_capabilities"]) {
    const GpuArch* shared = kb().gpu_arch(row["compute_capability"].get<std::string>());
    ASSERT_NE(shared, nullptr) << row["compute_capability"];
    EXPECT_EQ(shared->architecture, row["architecture"].get<std::string>());
  }
}

TEST(KnowledgeBaseTest, Rtx4090IsAdaNotTuring) {
  // Seed 004 puts the RTX 4090 under Turing; NVIDIA's table says 8.9, Ada Lovelace.
  auto match = kb().gpu_by_name("NVIDIA GeForce RTX 4090");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->arch->cc, v("8.9"));
  EXPECT_EQ(match->arch->architecture, "Ada Lovelace");
  EXPECT_EQ(match->matched_name, "GeForce RTX 4090");
  EXPECT_TRUE(kb().gpu_feature("flash-attn-2")->requirement.specifier.contains(match->arch->cc, true));
  EXPECT_TRUE(kb().gpu_feature("fp8")->requirement.specifier.contains(match->arch->cc, true));
}

TEST(KnowledgeBaseTest, GpuNamesMatchWholeWords) {
  EXPECT_EQ(kb().gpu_by_name("NVIDIA A100-SXM4-80GB")->arch->cc, v("8.0"));
  EXPECT_EQ(kb().gpu_by_name("NVIDIA A10")->arch->cc, v("8.6"));
  EXPECT_EQ(kb().gpu_by_name("Tesla T4")->arch->cc, v("7.5"));
  EXPECT_EQ(kb().gpu_by_name("NVIDIA H100 80GB HBM3")->arch->cc, v("9.0"));
  EXPECT_EQ(kb().gpu_by_name("NVIDIA RTX A6000")->arch->architecture, "Ampere");
  EXPECT_EQ(kb().gpu_by_name("RTX 4090")->matched_name, "GeForce RTX 4090");
  EXPECT_EQ(kb().gpu_by_name("rtx 3070")->arch->cc, v("8.6"));
  EXPECT_FALSE(kb().gpu_by_name("Radeon RX 7900"));
  const GpuFeature* fa2 = kb().gpu_feature("flash-attn-2");
  EXPECT_FALSE(fa2->requirement.specifier.contains(kb().gpu_by_name("Tesla T4")->arch->cc, true));
}

TEST(KnowledgeBaseTest, GpuMemoryRowsMatchNamesAsWords) {
  auto names = [](const std::vector<const GpuMemory*>& rows) {
    std::vector<std::string> out;
    for (const GpuMemory* row : rows) out.push_back(row->name);
    return out;
  };
  EXPECT_EQ(names(kb().gpu_memory("NVIDIA A100-SXM4-80GB")), std::vector<std::string>{"NVIDIA A100 80GB"});
  EXPECT_EQ(names(kb().gpu_memory("A100")), (std::vector<std::string>{"NVIDIA A100 80GB", "NVIDIA A100 40GB"}));
  EXPECT_EQ(names(kb().gpu_memory("NVIDIA A10")), std::vector<std::string>{"NVIDIA A10"});
  EXPECT_EQ(names(kb().gpu_memory("rtx 4090")), std::vector<std::string>{"NVIDIA GeForce RTX 4090"});
  EXPECT_EQ(names(kb().gpu_memory("Tesla T4")), std::vector<std::string>{"Tesla T4"});
  EXPECT_TRUE(kb().gpu_memory("NVIDIA H100 PCIe").empty());
  EXPECT_TRUE(kb().gpu_memory("Radeon RX 7900").empty());
  EXPECT_EQ(kb().gpu_memory("NVIDIA H100 80GB HBM3").at(0)->memory_mib, 81559u);
}

TEST(KnowledgeBaseTest, GpuMemoryRowsAgreeWithTheArchitectureTable) {
  ASSERT_GE(kb().gpu_memories.size(), 10u);
  for (const GpuMemory& row : kb().gpu_memories) {
    EXPECT_GT(row.memory_mib, 1024u) << row.name;
    if (!row.cc) continue;
    EXPECT_NE(kb().gpu_arch(*row.cc), nullptr) << row.name;
    auto arch = kb().gpu_by_name(row.name);
    if (arch) {
      EXPECT_EQ(arch->arch->cc, *row.cc) << row.name << " is listed under " << arch->arch->cc.str();
    }
  }
  const GpuOverhead* context = kb().gpu_overhead("cuda-context");
  ASSERT_NE(context, nullptr);
  EXPECT_TRUE(context->mib.has_value());
  EXPECT_EQ(kb().gpu_overhead("vllm-gpu-memory-utilization")->percent, 92u);
}

TEST(KnowledgeBaseTest, Torch280ExistsWithItsDate) {
  // Seed 001 claims "PyTorch 2.8.0 doesn't exist (Oct 2025)".
  std::optional<std::string> date;
  auto fact = kb().known_release("torch", v("2.8.0+cu128"), &date);
  ASSERT_TRUE(fact);
  EXPECT_EQ(date, "2025-08-06");
  EXPECT_NE(fact->source.find("uv.lock"), std::string::npos) << fact->source;
}

TEST(KnowledgeBaseTest, Transformers4562IsAReleaseNotAPreRelease) {
  std::optional<std::string> date;
  ASSERT_TRUE(kb().known_release("Transformers", v("4.56.2"), &date));
  EXPECT_EQ(date, "2025-09-19");
  EXPECT_FALSE(kb().known_release("transformers", v("4.99.99")));
}

TEST(KnowledgeBaseTest, TorchAbiPerVariant) {
  EXPECT_FALSE(kb().torch_cxx11abi(v("2.3.0"), "cu121")->cxx11abi);
  EXPECT_FALSE(kb().torch_cxx11abi(v("2.6.0"), "")->cxx11abi) << "PyPI 2.6.0 is the cu124 build";
  EXPECT_TRUE(kb().torch_cxx11abi(v("2.6.0+cu126"), "cu126")->cxx11abi);
  EXPECT_TRUE(kb().torch_cxx11abi(v("2.7.1"), "cu128")->cxx11abi);
}

TEST(KnowledgeBaseTest, TorchArchLists) {
  const TorchArchList* list = kb().torch_arch_list(v("2.4.1"), "cu121");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->archs.front(), v("5.0"));
  EXPECT_EQ(list->archs.back(), v("9.0"));
  EXPECT_EQ(kb().torch_arch_list(v("2.6.0"), "cu126"), nullptr) << "not researched for 2.6";
}

TEST(KnowledgeBaseTest, FlashAttnWheelMatrix) {
  auto wheel = kb().flash_attn_wheel(v("2.5.8"), "cu122", "2.3", false, "3.10");
  ASSERT_TRUE(wheel);
  EXPECT_EQ(wheel->kind, WheelEvidence::Kind::Matrix);
  EXPECT_EQ(wheel->fact->id, "flash-attn.build:2.5.8/torch2.3/12.2.2");
  EXPECT_FALSE(kb().flash_attn_wheel(v("2.5.8"), "cu122", "2.8", false, "3.10")) << "torch 2.8 came later";
  auto observed = kb().flash_attn_wheel(v("2.3.2"), "cu121", "2.1", false, "3.10");
  ASSERT_TRUE(observed);
  EXPECT_EQ(observed->kind, WheelEvidence::Kind::Observed);
}

// flash_attn_builds_for answers from the index load() makes: the same rows,
// in row order, as a scan of every row for the public version.
TEST(KnowledgeBaseTest, FlashAttnBuildsByVersionAreTheScannedRows) {
  auto scan = [](const pep::Version& version) {
    std::vector<const FlashAttnBuild*> out;
    for (const FlashAttnBuild& row : kb().flash_attn_builds)
      if (row.version.public_version() == version.public_version()) out.push_back(&row);
    return out;
  };
  std::vector<pep::Version> asked;
  for (const FlashAttnRelease& release : kb().flash_attn_releases) asked.push_back(release.version);
  for (const FlashAttnBuild& row : kb().flash_attn_builds) asked.push_back(row.version);
  std::size_t rows = 0;
  for (const pep::Version& version : asked) {
    // The version itself, with a trailing zero (2.5.8.0), and with a wheel's label.
    std::vector<std::uint64_t> padded(version.release().begin(), version.release().end());
    padded.push_back(0);
    for (const pep::Version& spelled :
         {version,
          pep::Version::from_parts(version.epoch(), padded, version.pre(), version.post(), version.dev()),
          pep::Version::from_parts(version.epoch(), version.release(), version.pre(), version.post(), version.dev(),
                                   "cu12torch2.8cxx11abitrue")}) {
      EXPECT_EQ(kb().flash_attn_builds_for(spelled), scan(spelled)) << spelled.str();
    }
  }
  for (const FlashAttnRelease& release : kb().flash_attn_releases)
    rows += kb().flash_attn_builds_for(release.version).size();
  EXPECT_EQ(rows, kb().flash_attn_builds.size()) << "every build row belongs to a release";
  EXPECT_TRUE(kb().flash_attn_builds_for(v("9.9.9")).empty());
}

TEST(KnowledgeBaseTest, FlashAttnBuildsOfAHandFilledKbAfterIndexRows) {
  KnowledgeBase filled;
  for (const char* version : {"2.5.8", "2.6.0", "2.5.8.0"}) {
    FlashAttnBuild row;
    row.version = v(version);
    filled.flash_attn_builds.push_back(row);
  }
  EXPECT_TRUE(filled.flash_attn_builds_for(v("2.5.8")).empty()) << "not indexed yet";
  filled.index_rows();
  std::vector<const FlashAttnBuild*> expected{&filled.flash_attn_builds[0], &filled.flash_attn_builds[2]};
  EXPECT_EQ(filled.flash_attn_builds_for(v("2.5.8+cu122torch2.3cxx11abifalse")), expected);
  EXPECT_EQ(filled.flash_attn_builds_for(v("2.6")).size(), 1u);
}

SHARED_OR_SAMPLE_TEST(KnowledgeBaseTest, FlashAttnObservedReleaseAssetsFromLocksArePredicted, "index/lockfile-harvest/merged/flash-attn.json") {
  // Lock files that record a Dao-AILab release URL with a hash prove the asset
  // existed; each must be predicted by the matrix or listed as observed.
  for (const auto& entry : shared_json("index/lockfile-harvest/merged/flash-attn.json")) {
    for (const auto& file : entry["files"]) {
      std::string url = file.value("url", "");
      if (url.find("Dao-AILab/flash-attention/releases/download") == std::string::npos) continue;
      std::string name = file["filename"];
      // flash_attn-2.7.4.post1+cu12torch2.5cxx11abifalse-cp312-cp312-linux_x86_64.whl
      std::string stem = name.substr(std::string("flash_attn-").size());
      pep::Version version = v(stem.substr(0, stem.find('-')).c_str());
      std::string local = version.local();
      std::size_t torch = local.find("torch");
      std::size_t abi = local.find("cxx11abi");
      std::string python = stem.substr(stem.find("-cp") + 3, stem.find('-', stem.find("-cp") + 1) - stem.find("-cp") - 3);
      python.insert(1, ".");
      EXPECT_TRUE(kb().flash_attn_wheel(version, local.substr(0, torch), local.substr(torch + 5, abi - torch - 5),
                                        local.substr(abi + 8) == "true", python))
          << name;
    }
  }
}

// rules_when compares names as canonicalize_name would, in any spelling.
TEST(KnowledgeBaseTest, CouplingRulesByAnySpellingOfTheName) {
  for (const CouplingRule& rule : kb().coupling_rules) {
    std::string canonical = rule.when.canonical_name();
    std::vector<const CouplingRule*> expected;
    for (const CouplingRule& other : kb().coupling_rules)
      if (other.when.canonical_name() == canonical) expected.push_back(&other);
    std::string shouted = canonical;
    for (char& c : shouted) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(kb().rules_when(canonical), expected) << canonical;
    EXPECT_EQ(kb().rules_when(shouted), expected) << shouted;
  }
  EXPECT_TRUE(kb().rules_when("transformer").empty());
  EXPECT_TRUE(kb().rules_when("transformers-x").empty());
}

TEST(KnowledgeBaseTest, CouplingRulesByPackage) {
  auto rules = kb().rules_when("Transformers");
  ASSERT_FALSE(rules.empty());
  bool hub = false;
  for (const CouplingRule* rule : rules)
    if (rule->then.canonical_name() == "huggingface-hub" && rule->when.specifier.contains(v("4.46.0"), true)) {
      hub = true;
      EXPECT_FALSE(rule->then.specifier.contains(v("1.0.0"), true));
      EXPECT_TRUE(rule->then.specifier.contains(v("0.36.2"), true));
    }
  EXPECT_TRUE(hub);
}

}  // namespace
}  // namespace mlstack::kb
