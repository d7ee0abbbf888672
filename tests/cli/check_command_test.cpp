// SPDX-License-Identifier: MIT
// `mlstack check`, `mlstack diff` and `mlstack why` end to end, on the bundled
// example and on seed 001's two stacks written as a script and a requirements file.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_example = MLSTACK_SOURCE_DIR "/examples/tinyquant";
const std::string k_seed001 = MLSTACK_SOURCE_DIR "/tests/data/seeds/001/";

std::vector<std::string> rules_of(const nlohmann::json& doc) {
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) rules.push_back(f["rule"]);
  return rules;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST(CheckCommandTest, ExamplePinsOnAnOldMachineFailWithSourcedFindings) {
  auto r = run_mlstack({"check", k_example, "--no-env", "--target", "python=3.10,cuda=11.8,sm=75,abi=0", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "mlstack/1");
  EXPECT_EQ(doc["command"], "check");
  EXPECT_EQ(doc["target"]["python_version"], "3.10");
  auto rules = rules_of(doc);
  EXPECT_TRUE(has(rules, "cuda.driver-too-old"));
  EXPECT_TRUE(has(rules, "ext.cxx11-abi"));
  EXPECT_TRUE(has(rules, "gpu.unsupported"));
  EXPECT_TRUE(has(rules, "scan.conflicting-pins"));
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "ext.cxx11-abi") continue;
    bool cites_fact = false;
    for (const auto& o : f["origins"]) cites_fact |= o["kind"] == "fact" && o.contains("source");
    EXPECT_TRUE(cites_fact) << f.dump();
    EXPECT_NE(f["fix"].get<std::string>().find("cxx11abiFALSE-cp310-cp310"), std::string::npos) << f.dump();
  }
}

TEST(CheckCommandTest, ExampleOnAMatchingMachineHasNoMachineErrors) {
  auto r = run_mlstack({"check", k_example, "--no-env", "--target", "python=3.10,cuda=12.4,sm=86,abi=1", "--format", "json"});
  auto doc = nlohmann::json::parse(r.out);
  auto rules = rules_of(doc);
  EXPECT_FALSE(has(rules, "cuda.driver-too-old"));
  EXPECT_FALSE(has(rules, "gpu.unsupported"));
  EXPECT_FALSE(has(rules, "ext.cxx11-abi"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CheckCommandTest, ToolkitOfAnotherMajorFailsTheExamplesOwnCudaExtension) {
  auto r = run_mlstack({"check", k_example, "--no-env", "--target", "python=3.10,cuda=12.4,sm=86,abi=0,toolkit=13.0",
                        "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  std::size_t mismatches = 0;
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "torch.toolkit-mismatch") continue;
    ++mismatches;
    EXPECT_EQ(f["severity"], "error") << "tinyquant's setup.py defines a CUDAExtension";
    bool cites_setup = false;
    for (const auto& o : f["origins"]) cites_setup |= o.value("path", "") == "setup.py";
    EXPECT_TRUE(cites_setup) << f.dump();
  }
  EXPECT_GT(mismatches, 0u) << r.out;
  auto same_major = run_mlstack({"check", k_example, "--no-env", "--target",
                                 "python=3.10,cuda=12.4,sm=86,abi=0,toolkit=12.4", "--format", "json"});
  EXPECT_FALSE(has(rules_of(nlohmann::json::parse(same_major.out)), "torch.toolkit-mismatch"));
}

TEST(CheckCommandTest, ReportsKnownReleasesOfPins) {
  auto r = run_mlstack({"check", k_example, "--no-env", "--format", "json"});
  auto doc = nlohmann::json::parse(r.out);
  bool torch_230 = false;
  for (const auto& rel : doc["releases"]) torch_230 |= rel["name"] == "torch" && rel["version"] == "2.3.0";
  EXPECT_TRUE(torch_230) << doc["releases"].dump();
}

TEST(CheckCommandTest, MarkdownAndTextShowTheStacks) {
  auto md = run_mlstack({"check", k_example, "--no-env", "--format", "markdown"});
  EXPECT_NE(md.out.find("## Stacks checked"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| scripts/install.sh | script |"), std::string::npos) << md.out;
  auto text = run_mlstack({"check", k_example, "--no-env"});
  EXPECT_NE(text.out.find("Stacks checked"), std::string::npos);
  EXPECT_NE(text.out.find("warning[scan.conflicting-pins]"), std::string::npos) << text.out;
}

TEST(CheckCommandTest, CheckAgainstASavedEnvironment) {
  // torch 2.3.0+cu121 on two H100s with driver 535.104.05 (CUDA 12.2), saved by `mlstack env --format json`.
  auto r = run_mlstack({"check", k_example, "--env-file", MLSTACK_SOURCE_DIR "/tests/data/env/saved/h100-torch-cu121.json",
                        "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["environment"].is_null());
  EXPECT_EQ(doc["machine"]["driver_cuda"], "12.2");
  EXPECT_EQ(doc["machine"]["gpu_compute_capabilities"], nlohmann::json::array({90}));  // two H100s, one architecture
  auto rules = rules_of(doc);
  EXPECT_FALSE(has(rules, "cuda.driver-too-old")) << "CUDA 12.2 driver runs a cu121 build";
  EXPECT_FALSE(has(rules, "torch.arch-missing")) << "cu121 wheels ship sm_90 kernels";
  EXPECT_FALSE(has(rules, "project.version-mismatch")) << "2.3.0+cu121 satisfies ==2.3.0";
  bool transformers_missing = false;
  for (const auto& f : doc["findings"]) {
    // The packages pyproject.toml declares and the saved environment lacks are one finding.
    transformers_missing |= f["rule"] == "project.missing" &&
                            f["message"].get<std::string>().find("requirements pyproject.toml declares are not installed") !=
                                std::string::npos &&
                            f.value("detail", "").find("transformers==4.46.0") != std::string::npos;
  }
  EXPECT_TRUE(transformers_missing) << r.out;
}

TEST(CheckCommandTest, BadTargetIsUsageError) {
  auto r = run_mlstack({"check", k_example, "--no-env", "--target", "gpu=a100"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--target: unknown target key `gpu`"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CheckCommandTest, MissingPathIsUsageError) {
  auto r = run_mlstack({"check", "/nonexistent/project", "--no-env"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/project: no such file or directory"), std::string::npos) << r.err;
}

TEST(CheckCommandTest, EnvSourcesAreExclusive) {
  auto r = run_mlstack({"check", k_example, "--no-env", "--site", "/tmp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("excludes"), std::string::npos) << r.err;
}

TEST(DiffCommandTest, SeedOneStacksDoneRight) {
  auto r = run_mlstack({"diff", k_seed001 + "golden_dynamic_setup_auto.sh", k_seed001 + "phase1a_requirements.txt",
                        "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["command"], "diff");
  std::map<std::string, nlohmann::json> rows;
  for (const auto& row : doc["rows"]) rows[row["name"]] = row;
  // The variable-built pin is expanded: torch==2.8.0+cu${CUDA_VERSION//./} with CUDA_VERSION=12.8.
  EXPECT_EQ(rows["torch"]["a"], "2.8.0+cu128");
  EXPECT_EQ(rows["torch"]["b"], "2.3.1+cu121");
  // Seed 001 says PyTorch 2.8.0 does not exist; the kb says it does, with a date.
  EXPECT_NE(rows["torch"]["status"], "does not exist");
  std::string torch_notes = rows["torch"]["notes"].dump();
  EXPECT_NE(torch_notes.find("torch 2.8.0 exists, released 2025-08-06"), std::string::npos) << torch_notes;
  // torchvision 0.15.2 belongs to torch 2.0.1, not 2.8.0.
  EXPECT_EQ(rows["torchvision"]["status"], "conflicts");
  EXPECT_NE(rows["torchvision"]["notes"].dump().find("torch==2.0.1"), std::string::npos);
  // torchaudio 2.8.2 was never released.
  EXPECT_EQ(rows["torchaudio"]["status"], "does not exist");
  EXPECT_EQ(rows["numpy"]["status"], "only in B");
  EXPECT_EQ(rows["unsloth-zoo"]["status"], "only in A");
  EXPECT_EQ(rows["accelerate"]["a"], "unpinned");
  EXPECT_EQ(rows["transformers"]["status"], "differs");
}

TEST(DiffCommandTest, SameFileIsAllSame) {
  auto r = run_mlstack({"diff", k_seed001 + "phase1a_requirements.txt", k_seed001 + "phase1a_requirements.txt", "--format", "json"});
  auto doc = nlohmann::json::parse(r.out);
  for (const auto& row : doc["rows"]) EXPECT_EQ(row["status"], "same") << row.dump();
}

TEST(DiffCommandTest, NeedsTwoOperandsAndExistingFiles) {
  EXPECT_EQ(run_mlstack({"diff", k_seed001 + "phase1a_requirements.txt"}).exit_code, 2);
  auto r = run_mlstack({"diff", "/nonexistent/a.txt", k_seed001 + "phase1a_requirements.txt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/a.txt: no such file or directory"), std::string::npos) << r.err;
}

TEST(WhyCommandTest, ExplainsTorchInTheExample) {
  auto r = run_mlstack({"why", "torch", k_example, "--no-env", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["package"], "torch");
  std::size_t declared = 0;
  for (const auto& e : doc["entries"]) declared += e["kind"] == "declared";
  EXPECT_GE(declared, 3u) << doc.dump(1);  // pyproject dependencies, build-system, install.sh, setup.py
}

TEST(WhyCommandTest, InvalidPackageName) {
  auto r = run_mlstack({"why", "not a name!", "--no-env"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not a valid package name"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mlstack::testing

namespace mlstack::testing {
namespace {

// A site folder holding one extension module whose provider library lacks a
// symbol it needs (tests/data/binary: libconsumer.so against the partial
// libprovider.so): check predicts the import failure and names the owner.
TEST(CheckCommandTest, PredictsUndefinedSymbolOfAnInstalledExtension) {
  char dir_template[] = "/tmp/mlstack-site-XXXXXX";
  std::string site = mkdtemp(dir_template);
  std::filesystem::copy_file(MLSTACK_SOURCE_DIR "/tests/data/binary/libconsumer.so",
                             site + "/fastops.cpython-311-x86_64-linux-gnu.so");
  std::filesystem::copy_file(MLSTACK_SOURCE_DIR "/tests/data/binary/libprovider.so", site + "/libprovider.so");
  std::filesystem::create_directory(site + "/fastops-1.0.dist-info");
  std::ofstream(site + "/fastops-1.0.dist-info/METADATA") << "Metadata-Version: 2.1\nName: fastops\nVersion: 1.0\n";
  std::ofstream(site + "/fastops-1.0.dist-info/RECORD")
      << "fastops.cpython-311-x86_64-linux-gnu.so,,\nlibprovider.so,,\nfastops-1.0.dist-info/METADATA,,\n";
  std::string project = site + "/project";
  std::filesystem::create_directory(project);
  std::ofstream(project + "/requirements.txt") << "fastops==1.0\n";

  auto r = run_mlstack({"check", project, "--site", site, "--format", "json"});
  std::filesystem::remove_all(site);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["native_modules"], 1);
  bool predicted = false;
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "binary.undefined-symbol") continue;
    predicted = true;
    bool owner = false;
    for (const auto& o : f["origins"]) owner |= o["kind"] == "dist" && o["context"] == "fastops";
    EXPECT_TRUE(owner) << f.dump();
  }
  EXPECT_TRUE(predicted) << r.out;
  auto skipped = run_mlstack({"check", MLSTACK_SOURCE_DIR "/examples/tinyquant", "--site", "/nonexistent-site", "--no-binaries",
                              "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(skipped.out)["native_modules"], 0);
}

}  // namespace
}  // namespace mlstack::testing

namespace mlstack::testing {
namespace {

TEST(CheckCommandTest, PackageInstalledByNameButNotDeclaredIsAnExtra) {
  // torch (declared) requires numpy; einops was installed by name and nothing needs it; pip is tooling.
  char dir_template[] = "/tmp/mlstack-extra-XXXXXX";
  std::string site = mkdtemp(dir_template);
  auto dist = [&](const std::string& name, const std::string& version, const std::string& requires_dist) {
    std::string dir = site + "/" + name + "-" + version + ".dist-info";
    std::filesystem::create_directory(dir);
    std::ofstream(dir + "/METADATA") << "Metadata-Version: 2.1\nName: " << name << "\nVersion: " << version << "\n"
                                     << requires_dist;
    std::ofstream(dir + "/REQUESTED");
  };
  dist("torch", "2.3.0", "Requires-Dist: numpy\n");
  dist("numpy", "1.26.4", "");
  dist("einops", "0.8.0", "");
  dist("pip", "24.0", "");
  std::filesystem::create_directory(site + "/project");
  std::ofstream(site + "/project/requirements.txt") << "torch==2.3.0\n";
  auto r = run_mlstack({"check", site + "/project", "--site", site, "--no-binaries", "--format", "json"});
  std::filesystem::remove_all(site);
  auto doc = nlohmann::json::parse(r.out);
  std::vector<std::string> extras;
  for (const auto& f : doc["findings"])
    if (f["rule"] == "project.extra") extras.push_back(f["message"]);
  ASSERT_EQ(extras.size(), 1u) << r.out;
  EXPECT_NE(extras[0].find("einops 0.8.0"), std::string::npos) << extras[0];
  EXPECT_EQ(r.exit_code, 0) << "an extra package is a note, not an error: " << r.out;
}

TEST(CheckCommandTest, ModuleBuiltWithNumpyOneHeadersUnderNumpyTwo) {
  // site-numpy2: numpy 2.1.0, oldext (a module with NumPy 1.x import code) and
  // newext (2.x import code), both from tests/data/binary's build.sh.
  const std::string site = MLSTACK_SOURCE_DIR "/tests/data/env/site-numpy2";
  char dir_template[] = "/tmp/mlstack-numpy-XXXXXX";
  std::string project = mkdtemp(dir_template);
  std::ofstream(project + "/requirements.txt") << "numpy>=1.20\noldext\nnewext\n";
  auto r = run_mlstack({"check", project, "--site", site, "--format", "json"});
  std::filesystem::remove_all(project);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["native_modules"], 2);
  std::vector<std::string> flagged;
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "ext.numpy-abi") continue;
    flagged.push_back(f["message"]);
    bool cites_kb = false;
    for (const auto& o : f["origins"]) cites_kb |= o.value("kind", "") == "fact" && o.value("context", "") == "numpy.c_abi:1";
    EXPECT_TRUE(cites_kb) << f.dump();
  }
  ASSERT_EQ(flagged.size(), 1u) << r.out;
  EXPECT_NE(flagged[0].find("oldext/_core"), std::string::npos) << flagged[0];
  EXPECT_FALSE(has(rules_of(doc), "project.extra")) << "every installed dist is declared";
}

// A pinned torchvision next to a torch range that excludes the torch it is
// built for: reported from the manifest alone, naming the range as written.
TEST(CheckCommandTest, DeclaredTorchRangeThatExcludesThePinnedTorchvisionsTorch) {
  auto companion = [](const std::string& requirements) {
    char dir_template[] = "/tmp/mlstack-range-XXXXXX";
    std::string project = mkdtemp(dir_template);
    std::ofstream(project + "/requirements.txt") << requirements;
    auto r = run_mlstack({"check", project, "--no-env", "--format", "json"});
    std::filesystem::remove_all(project);
    auto doc = nlohmann::json::parse(r.out);
    std::vector<nlohmann::json> found;
    for (const auto& f : doc["findings"]) {
      if (f["rule"] == "torch.companion-mismatch") found.push_back(f);
    }
    return found;
  };
  auto found = companion("torchvision==0.18.0\ntorch>=2.0,<2.3\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["message"],
            "torchvision 0.18.0 needs torch==2.3.0, but requirements.txt allows only torch>=2.0,<2.3 "
            "(no version satisfies both)");
  std::vector<int> lines;
  for (const auto& o : found[0]["origins"]) {
    if (o.value("path", "") == "requirements.txt") lines.push_back(o["line"]);
  }
  EXPECT_EQ(lines, (std::vector<int>{1, 2}));
  EXPECT_TRUE(companion("torchvision==0.18.0\ntorch>=2.0,<2.4\n").empty()) << "2.3.0 is allowed";
}

// Debian's torch 1.13 keeps NumPy's import code in libtorch_python.so, a
// library of torch/_C's load set: a numpy 2 dist-info put in front of the
// system site folder must make torch/_C fail through it.
TEST(CheckCommandTest, DebianTorchUnderNumpyTwoFailsThroughLibtorchPython) {
  const std::string system_site = "/usr/lib/python3/dist-packages";
  if (!std::filesystem::exists(system_site + "/torch/_C.cpython-311-x86_64-linux-gnu.so"))
    GTEST_SKIP() << "Debian's python3-torch is not installed";
  char dir_template[] = "/tmp/mlstack-overlay-XXXXXX";
  std::string overlay = mkdtemp(dir_template);
  std::filesystem::create_directory(overlay + "/numpy-2.1.0.dist-info");
  std::ofstream(overlay + "/numpy-2.1.0.dist-info/METADATA") << "Metadata-Version: 2.1\nName: numpy\nVersion: 2.1.0\n";
  std::filesystem::create_directory(overlay + "/project");
  std::ofstream(overlay + "/project/requirements.txt") << "torch\n";
  auto r = run_mlstack({"check", overlay + "/project", "--site", overlay, "--site", system_site, "--format", "json"});
  std::filesystem::remove_all(overlay);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  bool torch_c = false;
  auto doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "ext.numpy-abi") continue;
    std::string message = f["message"];
    EXPECT_EQ(message.find("/numpy/"), std::string::npos) << "numpy's own modules are not judged: " << message;
    if (message.find("/torch/_C.cpython-311") != std::string::npos) {
      torch_c = true;
      EXPECT_NE(message.find("loads "), std::string::npos) << message;
      EXPECT_NE(message.find("libtorch_python.so"), std::string::npos) << message;
    }
  }
  EXPECT_TRUE(torch_c) << r.out;
}

// tests/data/binary/libkernels_ptx.so (sm_80 SASS, compute_80 PTX of ISA 9.0)
// installed as a module: on sm_90 and later it runs only through PTX JIT,
// which needs a driver for CUDA 13.0 (kb/ptx.toml, kb/cuda.toml).
class PtxDriverCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/mlstack-site-XXXXXX";
    m_site = mkdtemp(dir_template);
    std::filesystem::copy_file(MLSTACK_SOURCE_DIR "/tests/data/binary/libkernels_ptx.so",
                               m_site + "/fastops.cpython-311-x86_64-linux-gnu.so");
    std::filesystem::create_directory(m_site + "/fastops-1.0.dist-info");
    std::ofstream(m_site + "/fastops-1.0.dist-info/METADATA") << "Metadata-Version: 2.1\nName: fastops\nVersion: 1.0\n";
    std::ofstream(m_site + "/fastops-1.0.dist-info/RECORD")
        << "fastops.cpython-311-x86_64-linux-gnu.so,,\nfastops-1.0.dist-info/METADATA,,\n";
    std::filesystem::create_directory(m_site + "/project");
    std::ofstream(m_site + "/project/requirements.txt") << "fastops==1.0\n";
  }
  void TearDown() override { std::filesystem::remove_all(m_site); }

  nlohmann::json check(const std::string& target) {
    auto r = run_mlstack({"check", m_site + "/project", "--site", m_site, "--target", target, "--format", "json"});
    EXPECT_NE(r.exit_code, 2) << r.err;
    return nlohmann::json::parse(r.out);
  }

  static std::vector<nlohmann::json> with_rule(const nlohmann::json& doc, const std::string& rule) {
    std::vector<nlohmann::json> out;
    for (const auto& f : doc["findings"])
      if (f["rule"] == rule) out.push_back(f);
    return out;
  }

  std::string m_site;
};

TEST_F(PtxDriverCheck, DriverOlderThanThePtxIsaIsAnError) {
  auto doc = check("sm=100,cuda=12.8");
  auto found = with_rule(doc, "binary.ptx-driver-too-old");
  ASSERT_EQ(found.size(), 1u) << doc["findings"].dump(1);
  EXPECT_EQ(found[0]["severity"], "error");
  EXPECT_NE(found[0]["message"].get<std::string>().find("needs a driver for CUDA 13.0"), std::string::npos);
  EXPECT_NE(found[0]["fix"].get<std::string>().find("580.65.06"), std::string::npos);
  // The ptx-jit warning carries the need too.
  for (const auto& f : with_rule(doc, "binary.no-kernel-for-gpu"))
    EXPECT_NE(f["message"].get<std::string>().find("CUDA 13.0 or newer"), std::string::npos) << f.dump();
  auto markdown = run_mlstack({"check", m_site + "/project", "--site", m_site, "--target", "sm=100,cuda=12.8",
                               "--format", "markdown"});
  EXPECT_NE(markdown.out.find("binary.ptx-driver-too-old"), std::string::npos) << markdown.out;
}

TEST_F(PtxDriverCheck, DriverForTheIsaOrNativeSassIsNoError) {
  EXPECT_TRUE(with_rule(check("sm=100,cuda=13.0"), "binary.ptx-driver-too-old").empty());
  EXPECT_TRUE(with_rule(check("sm=100,driver=580.65.06"), "binary.ptx-driver-too-old").empty());
  EXPECT_EQ(with_rule(check("sm=100,driver=550.54.15"), "binary.ptx-driver-too-old").size(), 1u);
  EXPECT_TRUE(with_rule(check("sm=86,cuda=11.0"), "binary.ptx-driver-too-old").empty());  // sm_80 SASS runs on 8.6
}

TEST_F(PtxDriverCheck, EnvBinariesShowsTheDriverThePtxNeeds) {
  // The saved nvidia-smi of two H100s (9.0) on driver 535.104.05, CUDA 12.2;
  // no /proc driver file, so the probe reads only what the test gives it.
  std::vector<std::string> env = {"MLSTACK_NVIDIA_SMI=" MLSTACK_SOURCE_DIR "/tests/data/env/nvidia/nvidia-smi",
                                  "MLSTACK_PROC_ROOT=" + m_site};
  auto r = run_mlstack({"env", "--site", m_site, "--binaries", "--format", "json"}, {}, env);
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["binaries"]["driver_cuda"], "12.2");
  const auto& modules = doc["binaries"]["modules"];
  ASSERT_EQ(modules.size(), 1u);
  ASSERT_EQ(modules[0]["gpus"].size(), 1u) << modules.dump(1);  // two H100s, one compute capability
  const auto& gpu = modules[0]["gpus"][0];
  EXPECT_EQ(gpu["compute_capability"], "9.0");
  EXPECT_EQ(gpu["support"], "ptx-jit");
  EXPECT_EQ(gpu["ptx"]["isa"], "9.0");
  EXPECT_EQ(gpu["ptx"]["min_cuda"], "13.0");
  EXPECT_EQ(gpu["ptx"]["min_driver_linux"], "580.65.06");
  EXPECT_EQ(gpu["ptx"]["driver"], "too-old");
  std::size_t errors = 0;
  for (const auto& f : doc["findings"]) errors += f["rule"] == "binary.ptx-driver-too-old";
  EXPECT_EQ(errors, 1u) << doc["findings"].dump(1);
  // Markdown: the table cell unwrapped.
  auto text = run_mlstack({"env", "--site", m_site, "--binaries", "--format", "markdown"}, {}, env);
  EXPECT_NE(text.out.find("9.0 ptx-jit (PTX ISA 9.0: CUDA >= 13.0, Linux driver >= 580.65.06; driver here: too-old)"),
            std::string::npos)
      << text.out;
}

TEST(EnvBinariesTest, ListsExtensionModulesOfARealEnvironment) {
  // Debian's own site folder: every extension module there is read, none imported.
  const char* site = "/usr/lib/python3/dist-packages";
  if (!std::filesystem::exists(site)) GTEST_SKIP() << site << " is absent on this machine";
  auto r = run_mlstack({"env", "--site", site, "--no-tools", "--binaries", "--format", "json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc.contains("binaries"));
  const auto& modules = doc["binaries"]["modules"];
  EXPECT_FALSE(doc["binaries"]["interpreter"].get<std::string>().empty());
  for (const auto& m : modules) {
    EXPECT_TRUE(m["path"].get<std::string>().starts_with(site)) << m.dump();
    // With the interpreter in the global scope, libm and the Python C API resolve.
    EXPECT_TRUE(m["undefined_symbols"].empty()) << m.dump();
  }
  auto text = run_mlstack({"env", "--site", site, "--no-tools", "--binaries"});
  EXPECT_NE(text.out.find("Native extension modules"), std::string::npos);
}

}  // namespace
}  // namespace mlstack::testing

namespace mlstack::testing {
namespace {

// The shared libraries a wheel ships beside its modules (tests/data/binary:
// libkernels.so sm_80 + sm_90 + compute_90, libkernels_ptx.so sm_80 +
// compute_80, libembedded_fatbin.so keeping sm_80 + compute_80 as .rodata),
// listed by `env --binaries` and judged by `check`.
class LibrariesEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/mlstack-libs-XXXXXX";
    m_site = mkdtemp(dir_template);
    const std::string data = MLSTACK_SOURCE_DIR "/tests/data/binary/";
    std::filesystem::create_directories(m_site + "/flashy/lib");
    std::filesystem::create_directories(m_site + "/flashy.libs");
    std::filesystem::copy_file(data + "libkernels.so", m_site + "/flashy/lib/libkernels.so");
    std::filesystem::copy_file(data + "libkernels_ptx.so", m_site + "/flashy/lib/libkernels_ptx.so.1");
    std::filesystem::copy_file(data + "libembedded_fatbin.so", m_site + "/flashy.libs/libembedded_fatbin.so");
    std::filesystem::create_symlink("libkernels_ptx.so.1", m_site + "/flashy/lib/libkernels_ptx.so");
    std::filesystem::create_directory(m_site + "/flashy-1.0.dist-info");
    std::ofstream(m_site + "/flashy-1.0.dist-info/METADATA") << "Metadata-Version: 2.1\nName: flashy\nVersion: 1.0\n";
    std::ofstream(m_site + "/flashy-1.0.dist-info/RECORD")
        << "flashy/lib/libkernels.so,,\nflashy/lib/libkernels_ptx.so.1,,\nflashy.libs/libembedded_fatbin.so,,\n"
           "flashy-1.0.dist-info/METADATA,,\n";
    std::filesystem::create_directory(m_site + "/project");
  }
  void TearDown() override { std::filesystem::remove_all(m_site); }

  std::string m_site;
};

TEST_F(LibrariesEndToEnd, EnvBinariesListsLibrariesApartFromModules) {
  // Two H100s (9.0) on a driver for CUDA 12.2 (the saved nvidia-smi).
  std::vector<std::string> env = {"MLSTACK_NVIDIA_SMI=" MLSTACK_SOURCE_DIR "/tests/data/env/nvidia/nvidia-smi",
                                  "MLSTACK_PROC_ROOT=" + m_site};
  auto r = run_mlstack({"env", "--site", m_site, "--binaries", "--format", "json"}, {}, env);
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["binaries"]["modules"].empty());
  const auto& libraries = doc["binaries"]["libraries"];
  ASSERT_EQ(libraries.size(), 3u) << libraries.dump(1);  // the soname symlink is the same file
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& l : libraries) by_name[std::filesystem::path(l["path"].get<std::string>()).filename()] = l;
  for (const auto& [name, l] : by_name) {
    EXPECT_EQ(l["owner"], "flashy") << name;
    ASSERT_EQ(l["gpus"].size(), 1u) << name;
    EXPECT_EQ(l["gpus"][0]["compute_capability"], "9.0");
  }
  EXPECT_EQ(by_name["libkernels.so"]["gpus"][0]["support"], "native");
  EXPECT_EQ(by_name["libkernels.so"]["gpu_targets"], (std::vector<std::string>{"sm_80", "sm_90", "compute_90"}));
  const auto& ptx = by_name["libkernels_ptx.so.1"]["gpus"][0];
  EXPECT_EQ(ptx["support"], "ptx-jit");
  EXPECT_EQ(ptx["ptx"]["isa"], "9.0");
  EXPECT_EQ(ptx["ptx"]["driver"], "too-old");
  const auto& embedded = by_name["libembedded_fatbin.so"];
  EXPECT_EQ(embedded["fatbin_sections"], (std::vector<std::string>{".nv_fatbin", ".rodata"}));
  EXPECT_EQ(embedded["embedded_fatbins"], "searched");
  EXPECT_EQ(embedded["gpus"][0]["support"], "ptx-jit");
  std::size_t too_old = 0;
  for (const auto& f : doc["findings"]) too_old += f["rule"] == "binary.ptx-driver-too-old";
  EXPECT_EQ(too_old, 2u) << doc["findings"].dump(1);

  auto markdown = run_mlstack({"env", "--site", m_site, "--binaries", "--format", "markdown"}, {}, env);
  EXPECT_NE(markdown.out.find("## Shared libraries"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("| libembedded_fatbin.so | flashy |"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("sm_80, compute_80; in .nv_fatbin, .rodata"), std::string::npos) << markdown.out;
}

TEST_F(LibrariesEndToEnd, CheckJudgesLibrariesOnTheTargetGpu) {
  auto old_gpu = run_mlstack({"check", m_site + "/project", "--site", m_site, "--target", "sm=61", "--format", "json"});
  EXPECT_EQ(old_gpu.exit_code, 1) << old_gpu.err;
  auto doc = nlohmann::json::parse(old_gpu.out);
  EXPECT_EQ(doc["native_libraries"], 3);
  std::size_t none = 0;
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "binary.no-kernel-for-gpu") continue;
    ++none;
    EXPECT_EQ(f["severity"], "error");
    EXPECT_NE(f["message"].get<std::string>().find("no kernels for compute capability 6.1"), std::string::npos);
    // Every target is newer than the GPU: the fix says where older architectures live.
    EXPECT_NE(f["fix"].get<std::string>().find("older CUDA major"), std::string::npos) << f.dump();
  }
  EXPECT_EQ(none, 3u) << doc["findings"].dump(1);
  auto covered = run_mlstack({"check", m_site + "/project", "--site", m_site, "--target", "sm=86", "--format", "json"});
  auto covered_doc = nlohmann::json::parse(covered.out);
  for (const auto& f : covered_doc["findings"]) EXPECT_NE(f["rule"], "binary.no-kernel-for-gpu") << f.dump();
}

}  // namespace
}  // namespace mlstack::testing
