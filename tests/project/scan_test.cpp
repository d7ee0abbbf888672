// SPDX-License-Identifier: MIT
#include "project/scan.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

namespace fs = std::filesystem;

const std::string k_corpus = std::string(MLSTACK_SHARED_DIR) + "/corpus";
const std::string k_fixtures = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/projects";

ScanResult scan(const std::string& root) {
  auto result = scan_project(root);
  EXPECT_TRUE(result.has_value()) << root;
  return result ? std::move(*result) : ScanResult{};
}

std::vector<const ScannedRequirement*> in_file(const ScanResult& r, const std::string& path,
                                               std::optional<Scope> scope = std::nullopt) {
  std::vector<const ScannedRequirement*> out;
  for (const auto& q : r.requirements) {
    if (q.declared.origin.path == path && (!scope || q.declared.scope == *scope)) out.push_back(&q);
  }
  return out;
}

const ScannedRequirement* find(const ScanResult& r, const std::string& path, const std::string& text) {
  for (const auto& q : r.requirements) {
    if (q.declared.origin.path == path && q.declared.text == text) return &q;
  }
  return nullptr;
}

std::vector<std::string> input_errors(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    if (is_input_error(f)) out.push_back(f.rule + " " + (f.origins.empty() ? "" : f.origins[0].to_string()) + " " + f.message);
  }
  return out;
}

const Disagreement* disagreement(const ScanResult& r, Disagreement::Kind kind, const std::string& package) {
  for (const auto& d : r.disagreements) {
    if (d.kind == kind && d.package == package) return &d;
  }
  return nullptr;
}

TEST(ScanCorpus, EveryRepositoryScansWithoutInputErrors) {
  std::size_t repositories = 0;
  for (const auto& entry : fs::directory_iterator(k_corpus)) {
    if (!entry.is_directory()) continue;
    ++repositories;
    ScanResult r = scan(entry.path().string());
    EXPECT_EQ(input_errors(r), std::vector<std::string>{}) << entry.path();
    EXPECT_FALSE(r.manifests.empty()) << entry.path();
    EXPECT_FALSE(r.requirements.empty()) << entry.path();
    for (const auto& q : r.requirements) {
      EXPECT_NE(q.pin, PinStatus::Unknown) << q.declared.origin.to_string() << " " << q.declared.text;
    }
  }
  EXPECT_EQ(repositories, 11u);
}

// Counted by hand from the files.
TEST(ScanCorpus, DeclaredCountsMatchAHandCount) {
  ScanResult awq = scan(k_corpus + "/mit-han-lab__llm-awq");
  EXPECT_EQ(in_file(awq, "pyproject.toml", Scope::Runtime).size(), 16u);
  EXPECT_EQ(in_file(awq, "pyproject.toml", Scope::Build).size(), 1u);

  ScanResult sd = scan(k_corpus + "/CompVis__stable-diffusion");
  std::size_t conda = 0, pip = 0;
  for (const auto* q : in_file(sd, "environment.yaml")) {
    (q->declared.form == RequirementForm::Conda ? conda : pip) += 1;
  }
  EXPECT_EQ(conda, 6u);
  EXPECT_EQ(pip, 19u);

  ScanResult xf = scan(k_corpus + "/facebookresearch__xformers");
  EXPECT_EQ(in_file(xf, "requirements-test.txt").size(), 16u);
  EXPECT_EQ(in_file(xf, "requirements.txt").size(), 3u);
  EXPECT_EQ(in_file(xf, "requirements-benchmark.txt").size(), 5u);

  ScanResult lf = scan(k_corpus + "/hiyouga__LLaMA-Factory");
  EXPECT_EQ(in_file(lf, "pyproject.toml", Scope::Runtime).size(), 31u);

  ScanResult tgi = scan(k_corpus + "/huggingface__text-generation-inference");
  const std::string gaudi = "backends/gaudi/server/pyproject.toml";
  EXPECT_EQ(in_file(tgi, gaudi, Scope::Runtime).size(), 19u);
  EXPECT_EQ(in_file(tgi, gaudi, Scope::Group).size(), 2u);
  EXPECT_EQ(in_file(tgi, gaudi, Scope::Build).size(), 1u);
}

TEST(ScanCorpus, ExactDeclarationsFromSpecificFiles) {
  ScanResult tgi = scan(k_corpus + "/huggingface__text-generation-inference");
  const std::string gaudi = "backends/gaudi/server/pyproject.toml";
  const auto* protobuf = find(tgi, gaudi, "protobuf>=5.0,<6.0");
  ASSERT_NE(protobuf, nullptr);
  EXPECT_EQ(protobuf->declared.raw, "protobuf = \"^5.0\"");
  EXPECT_EQ(protobuf->declared.origin.to_string(), gaudi + ":12:1");
  EXPECT_EQ(protobuf->pin, PinStatus::Bounded);
  ASSERT_NE(find(tgi, gaudi, "opentelemetry-instrumentation-grpc>=0.53b0,<0.54"), nullptr);
  const auto* grpc_status = find(tgi, gaudi, "grpcio-status");
  ASSERT_NE(grpc_status, nullptr);
  EXPECT_EQ(grpc_status->pin, PinStatus::Unpinned);
  const Manifest* gaudi_manifest = nullptr;
  for (const auto& m : tgi.manifests) {
    if (m.path == gaudi) gaudi_manifest = &m;
  }
  ASSERT_NE(gaudi_manifest, nullptr);
  ASSERT_TRUE(gaudi_manifest->requires_python.has_value());
  EXPECT_EQ(gaudi_manifest->requires_python->text, ">=3.9,<3.13");

  // [tool.uv.sources] routes torch to the explicit PyTorch index.
  const Manifest* server = nullptr;
  for (const auto& m : tgi.manifests) {
    if (m.path == "server/pyproject.toml") server = &m;
  }
  ASSERT_NE(server, nullptr);
  ASSERT_EQ(server->indexes.size(), 1u);
  EXPECT_EQ(server->indexes[0].url, "https://download.pytorch.org/whl/cu128");
  EXPECT_EQ(server->indexes[0].packages, (std::vector<std::string>{"torch", "torchvision"}));
  const auto* torch = find(tgi, "server/pyproject.toml", "torch==2.7.0");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->declared.scope, Scope::Extra);
  EXPECT_EQ(torch->declared.group, "torch");
  EXPECT_EQ(torch->declared.source, "pytorch-cu128");

  // A wheel URL: name and version from its file name, local label included.
  ScanResult ooba = scan(k_corpus + "/oobabooga__text-generation-webui");
  const ScannedRequirement* flash = nullptr;
  for (const auto* q : in_file(ooba, "requirements/full/requirements.txt")) {
    if (q->name == "flash-attn" && q->marker.find("Linux") != std::string::npos) flash = q;
  }
  ASSERT_NE(flash, nullptr);
  EXPECT_EQ(flash->version, "2.8.3+cu128torch2.9.0cxx11abifalse");
  EXPECT_EQ(flash->pin, PinStatus::Exact);
  EXPECT_EQ(flash->declared.form, RequirementForm::Url);
  EXPECT_EQ(flash->declared.origin.line, 53u);
}

TEST(ScanFixtures, LlmDemoFindsDriftDocsOnlyAndSuggestions) {
  ScanResult r = scan(k_fixtures + "/llm-demo");
  EXPECT_EQ(input_errors(r), std::vector<std::string>{});
  const auto* torch = find(r, "install.sh", "torch==2.3.1+cu121");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->declared.origin.to_string(), "install.sh:10:13");
  const Disagreement* conflict = disagreement(r, Disagreement::Kind::ConflictingPins, "torch");
  ASSERT_NE(conflict, nullptr);
  EXPECT_EQ(conflict->message,
            "torch is pinned to different versions: ==2.3.0 in pyproject.toml:13:5, ==2.3.1+cu121 in install.sh:10:13");
  ASSERT_NE(disagreement(r, Disagreement::Kind::DocsOnly, "vila-tools"), nullptr);
  EXPECT_EQ(disagreement(r, Disagreement::Kind::DocsOnly, "python"), nullptr);
  EXPECT_EQ(disagreement(r, Disagreement::Kind::ScriptOnly, "pip"), nullptr);
  // flash-attn: ==2.5.8 in the script is inside >=2.5.8 in the extra: no drift.
  EXPECT_EQ(disagreement(r, Disagreement::Kind::PinOutsideRange, "flash-attn"), nullptr);
  bool sentencepiece = false;
  for (const auto& s : r.suggestions) {
    if (r.requirements[s.requirement].name == "sentencepiece") {
      sentencepiece = true;
      EXPECT_EQ(s.suggested, "sentencepiece>=0.2.0,<0.3");
      EXPECT_EQ(s.reason, "uv.lock resolves 0.2.0");
    }
    if (r.requirements[s.requirement].name == "tokenizers") {
      EXPECT_EQ(s.suggested, "tokenizers>=0.12.1,<0.13");
    }
  }
  EXPECT_TRUE(sentencepiece);
  EXPECT_EQ(r.lock_files, (std::vector<std::string>{"uv.lock"}));
}

TEST(ScanFixtures, SetupPyRequirementsAndExtensionsAreRead) {
  ScanResult r = scan(k_fixtures + "/llm-demo");
  const auto* torch = find(r, "kernels/setup.py", "torch==2.3.0");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->declared.scope, Scope::Runtime);
  EXPECT_EQ(torch->declared.origin.line, 20u);
  const auto* ninja = find(r, "kernels/setup.py", "ninja");
  ASSERT_NE(ninja, nullptr);
  EXPECT_EQ(ninja->declared.scope, Scope::Build);
  ASSERT_EQ(r.setup_scripts.size(), 1u);
  const auto& setup = r.setup_scripts[0].setup;
  ASSERT_EQ(setup.extensions.size(), 1u);
  EXPECT_EQ(setup.extensions[0].name, "llm_demo_kernels");
  EXPECT_EQ(setup.extensions[0].kind, "CUDAExtension");
  EXPECT_EQ(setup.extensions[0].nvcc_standard, "c++17");
  std::set<int> capabilities;
  for (const auto& arch : setup.extensions[0].archs) capabilities.insert(arch.capability);
  EXPECT_EQ(capabilities, (std::set<int>{80, 90}));
  bool cuda_home = false;
  for (const auto& check : setup.checks) cuda_home = cuda_home || check.kind == python::CudaCheck::Kind::CudaHome;
  EXPECT_TRUE(cuda_home);
  // kernels/ is a project of its own: its torch pin is not compared with the root's.
  EXPECT_EQ(r.projects, (std::vector<std::string>{"", "kernels"}));
}

TEST(ScanFixtures, PoetryStacksNamesTheAlternativeStack) {
  ScanResult r = scan(k_fixtures + "/poetry-stacks");
  EXPECT_EQ(input_errors(r), std::vector<std::string>{});
  ASSERT_EQ(r.stacks.size(), 2u);
  EXPECT_EQ(r.stacks[1].name, "pyproject.toml_torch_2.6.0");
  const Disagreement* open = disagreement(r, Disagreement::Kind::StackPinsOpen, "hqq");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->message,
            "pyproject.toml_torch_2.6.0 pins hqq ==0.2.5 (pyproject.toml_torch_2.6.0:13:1), which pyproject.toml:14:1 "
            "leaves unpinned");
  ASSERT_NE(disagreement(r, Disagreement::Kind::StackDiffers, "torch"), nullptr);
  ASSERT_NE(disagreement(r, Disagreement::Kind::ConflictingPins, "flash-attn"), nullptr);
  const auto* triton = find(r, "pyproject.toml", "triton==3.5.1; sys_platform == \"linux\"");
  ASSERT_NE(triton, nullptr);
  EXPECT_EQ(triton->declared.group, "triton");
  EXPECT_TRUE(triton->declared.optional);
  const auto* torch = find(r, "pyproject.toml", "torch==2.9.1");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->declared.source, "pytorch-cu126");
}

TEST(ScanFixtures, GoldenSetupExpandsScriptVariables) {
  ScanResult r = scan(k_fixtures + "/golden-setup");
  const auto* torch = find(r, "golden_dynamic_setup_auto.sh", "torch==2.8.0+cu128");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->version, "2.8.0+cu128");
  // phase1a/ has its own requirements file: a sub-project, its own stack, so
  // its torch==2.3.1+cu121 is not compared with the root script's 2.8.0.
  EXPECT_NE(std::find(r.projects.begin(), r.projects.end(), "phase1a"), r.projects.end());
  EXPECT_EQ(disagreement(r, Disagreement::Kind::ConflictingPins, "torch"), nullptr);
  bool flash = false;
  for (const auto& s : r.suggestions) flash = flash || r.requirements[s.requirement].name == "flash-attn";
  EXPECT_TRUE(flash);
}

TEST(ScanBadInput, EachProblemIsAnInputErrorWithFileAndLineAndTheRestIsRead) {
  ScanResult r = scan(k_fixtures + "/bad-inputs");
  std::set<std::string> rules;
  for (const auto& f : r.findings) {
    if (!is_input_error(f)) continue;
    rules.insert(f.rule);
    ASSERT_FALSE(f.origins.empty());
    EXPECT_GT(f.origins[0].line, 0u) << f.rule;
  }
  EXPECT_EQ(rules, (std::set<std::string>{"input.yaml-syntax", "input.toml-syntax", "input.requirements-syntax",
                                          "input.requirement-syntax", "input.requirements-include",
                                          "input.requirements-include-cycle"}));
  EXPECT_NE(find(r, "requirements.txt", "scipy"), nullptr);
  EXPECT_NE(find(r, "requirements/a.txt", "pandas"), nullptr);
  for (const auto& f : r.findings) {
    if (f.rule == "input.requirement-syntax") {
      EXPECT_EQ(f.origins[0].to_string(), "requirements.txt:5:1");
    }
  }
}

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/mlstack-scan-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    m_root = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(m_root, ignored);
  }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(m_root + "/" + path).parent_path());
    std::ofstream(m_root + "/" + path, std::ios::binary) << text;
  }
  std::string m_root;
};

TEST_F(TempTree, BinaryHugeAndLoopingInputsAreErrorsAndTheRestIsRead) {
  write("pyproject.toml", "[project]\nname = \"ok\"\ndependencies = [\"torch==2.3.0\"]\n");
  write("requirements.txt", std::string("torch\0\x01\x02garbage", 14));
  {
    std::ofstream big(m_root + "/big-requirements.txt");
    std::string line(1023, 'a');
    line += '\n';
    for (int i = 0; i < 50 * 1024; ++i) big << line;
  }
  fs::create_directories(m_root + "/sub");
  fs::create_directory_symlink("..", m_root + "/sub/up");
  fs::create_symlink("self", m_root + "/self");
  ScanResult r = scan(m_root);
  std::set<std::string> rules;
  for (const auto& f : r.findings) {
    if (is_input_error(f)) rules.insert(f.rule + " " + f.origins[0].to_string());
  }
  EXPECT_EQ(rules, (std::set<std::string>{"input.binary-file requirements.txt:1:6",
                                          "input.file-too-large big-requirements.txt:1:1",
                                          "input.symlink-loop sub/up", "input.symlink-loop self"}));
  EXPECT_NE(find(r, "pyproject.toml", "torch==2.3.0"), nullptr);
}

TEST_F(TempTree, SkipsGitNodeModulesVirtualenvsAndBuildFolders) {
  write("requirements.txt", "numpy\n");
  write(".git/requirements.txt", "no\n");
  write("node_modules/x/requirements.txt", "no\n");
  write("env/pyvenv.cfg", "home = /usr/bin\n");
  write("env/lib/requirements.txt", "no\n");
  write("build/requirements.txt", "no\n");
  write("pkg.egg-info/requires.txt", "no\n");
  ScanResult r = scan(m_root);
  ASSERT_EQ(r.requirements.size(), 1u);
  EXPECT_EQ(r.requirements[0].declared.origin.path, "requirements.txt");
}

TEST_F(TempTree, ScansASingleManifestFile) {
  write("reqs/requirements-gpu.txt", "triton==3.1.0\n");
  write("reqs/other-requirements.txt", "numpy\n");
  ScanResult r = scan(m_root + "/reqs/requirements-gpu.txt");
  ASSERT_EQ(r.requirements.size(), 1u);
  EXPECT_EQ(r.requirements[0].name, "triton");
}

TEST(Scan, MissingRootFails) {
  auto r = scan_project("/nonexistent/mlstack-test");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "cannot read `/nonexistent/mlstack-test`: No such file or directory");
}

}  // namespace
}  // namespace mlstack::project
