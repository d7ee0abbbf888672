// SPDX-License-Identifier: MIT
#include "binary/binary_findings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "binary/fixtures.h"
#include "binary/native_files.h"

namespace mlstack::binary {
namespace {

using testing::fixture;

std::vector<Finding> findings_for(const std::string& name, const FindingContext& context = {},
                                  LoadContext load = {}) {
  Linker linker(std::move(load));
  auto report = analyze_module(fixture(name), linker);
  EXPECT_TRUE(report) << name << ": " << (report ? std::string() : report.error().message);
  return report ? module_findings(*report, context) : std::vector<Finding>{};
}

std::vector<std::string> rules(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.rule);
  return out;
}

TEST(BinaryRules, AreSortedAndUnique) {
  auto table = binary_rules();
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i - 1].id, table[i].id);
  EXPECT_EQ(table.size(), 8u);
}

TEST(BinaryFindings, UndefinedSymbolNamesTheSymbolTheModuleAndAFix) {
  FindingContext context;
  context.owner = Origin::dist("consumer-dist", "/env/site-packages/consumer_dist-1.0.dist-info");
  context.owner_name = "consumer-dist";
  auto findings = findings_for("libconsumer.so", context);
  ASSERT_EQ(rules(findings), std::vector<std::string>{"binary.undefined-symbol"});
  const auto& f = findings[0];
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_EQ(f.message,
            "importing libconsumer.so would fail: libconsumer.so: undefined symbol: missing_function; no library in "
            "the module's load set defines it");
  ASSERT_EQ(f.origins.size(), 2u);
  EXPECT_EQ(f.origins[0].path, fixture("libconsumer.so"));
  EXPECT_EQ(f.origins[1].context, "consumer-dist");
  EXPECT_EQ(f.fix, "reinstall consumer-dist so that it matches the libraries it links against");
  EXPECT_NE(f.detail.find("missing_function"), std::string::npos);
}

TEST(BinaryFindings, MissingNonToolchainVersionIsItsOwnRule) {
  auto findings = findings_for("libnewversion.so");
  ASSERT_EQ(rules(findings), std::vector<std::string>{"binary.missing-symbol-version"});
  EXPECT_NE(findings[0].message.find("needs version FIXLIB_2.0 of libversioned.so"), std::string::npos)
      << findings[0].message;
  EXPECT_NE(findings[0].message.find("(up to FIXLIB_1.0)"), std::string::npos);
}

TEST(BinaryFindings, GlibcTooOldNamesTheMachinesGlibcAndAManylinuxTag) {
  auto findings = findings_for("libglibcfuture.so");
  ASSERT_EQ(rules(findings), std::vector<std::string>{"binary.glibc-too-old"});
  EXPECT_NE(findings[0].message.find("libglibcfuture.so needs GLIBC_2.99 but this machine's glibc"), std::string::npos)
      << findings[0].message;
  EXPECT_NE(findings[0].fix.find("manylinux_2_"), std::string::npos) << findings[0].fix;
  EXPECT_EQ(findings[0].origins.back().kind, Origin::Kind::Machine);
}

TEST(BinaryFindings, CxxAbiMismatchAgainstTorch) {
  FindingContext context;
  context.torch_abi = CxxAbi::Cxx11;
  context.torch_library = "/env/site-packages/torch/lib/libtorch_cpu.so";
  auto old = findings_for("libabi_old.so", context);
  ASSERT_EQ(rules(old), std::vector<std::string>{"binary.cxx-abi-mismatch"});
  EXPECT_EQ(old[0].message, "libabi_old.so was built with the pre-cxx11 C++ ABI (_GLIBCXX_USE_CXX11_ABI=0) but torch uses cxx11");
  EXPECT_TRUE(findings_for("libabi_cxx11.so", context).empty());
}

TEST(BinaryFindings, UndefinedSymbolFromTheOtherAbiSaysSo) {
  // libabi_user_old.so (ABI=0) against the cxx11 libabi_cxx11.so next to it.
  FindingContext context;
  context.torch_abi = CxxAbi::Cxx11;
  auto findings = findings_for("libabi_user_old.so", context);
  ASSERT_EQ(rules(findings), (std::vector<std::string>{"binary.undefined-symbol", "binary.cxx-abi-mismatch"}));
  EXPECT_EQ(findings[0].message,
            "importing libabi_user_old.so would fail: libabi_user_old.so: undefined symbol: "
            "abi_string_length(std::string const&); the symbol uses the pre-cxx11 C++ ABI but torch was built with "
            "cxx11");
  EXPECT_NE(findings[0].detail.find("_Z17abi_string_lengthRKSs"), std::string::npos) << findings[0].detail;
}

TEST(BinaryFindings, MissingLibraryListsWhereItLooked) {
  LoadContext load;
  load.ld_cache_path.clear();
  load.system_dirs = {"/nonexistent"};
  auto findings = findings_for("libkernels.so", {}, load);
  auto it = std::find_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.rule == "binary.missing-library" && f.message.find("libcudart.so.13") != std::string::npos;
  });
  ASSERT_NE(it, findings.end());
  EXPECT_EQ(it->message, "importing libkernels.so would fail: libkernels.so needs libcudart.so.13, which is not found");
  EXPECT_NE(it->detail.find("/nonexistent"), std::string::npos);
}

TEST(BinaryFindings, GpuVerdictsForTheFixture) {
  FindingContext context;
  context.gpus = {{8, 6}, {10, 0}, {7, 5}};
  LoadContext load;
  load.environment_dirs = {"/usr/local/cuda/lib64"};
  auto findings = findings_for("libkernels.so", context, load);
  std::vector<const Finding*> gpu;
  for (const auto& f : findings) {
    if (f.rule == "binary.no-kernel-for-gpu") gpu.push_back(&f);
  }
  ASSERT_EQ(gpu.size(), 2u);  // 8.6 runs sm_80 natively
  EXPECT_EQ(gpu[0]->message,
            "libkernels.so has no kernels for compute capability 10.0 in 1 of its 2 fatbins: it carries sm_80, sm_90, "
            "compute_90");
  EXPECT_EQ(gpu[1]->message,
            "libkernels.so has no kernels for compute capability 7.5 (sm_75): it carries sm_80, sm_90, compute_90");
  EXPECT_EQ(gpu[1]->severity, Severity::Error);
}

TEST(BinaryFindings, MalformedElfFindingIsAnInputError) {
  Linker linker(LoadContext{});
  auto report = analyze_module(fixture("not_elf.so"), linker);
  ASSERT_FALSE(report);
  auto finding = malformed_elf_finding(fixture("not_elf.so"), report.error());
  EXPECT_TRUE(is_input_error(finding));
  EXPECT_EQ(finding.message, fixture("not_elf.so") + ": not an ELF file: bad magic (expected 7f 45 4c 46)");
}

TEST(BinaryFindings, BrokenFatbinIsReportedAndTheRestGoesOn) {
  auto findings = findings_for("fatbin_absurd_size.so");
  auto it = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.rule == "input.elf-malformed"; });
  ASSERT_NE(it, findings.end());
  EXPECT_NE(it->message.find("section .nv_fatbin: fatbin claims"), std::string::npos) << it->message;
}

}  // namespace
}  // namespace mlstack::binary

namespace mlstack::binary {
namespace {

TEST(BinaryFindingsOnDebianTorch, ACleanInstallImportsWithoutFindings) {
  const std::string site = "/usr/lib/python3/dist-packages";
  const std::string python = "/usr/bin/python3.11";
  if (!testing::exists(site + "/torch") || !testing::exists(python)) {
    GTEST_SKIP() << "python3-torch not installed (apt-get install python3-torch)";
  }
  LoadContext load;
  load.global_objects = {python};
  Linker linker(load);
  auto torch = torch_cxx_abi(site, linker);
  ASSERT_TRUE(torch);
  FindingContext context;
  context.torch_abi = torch->abi;
  context.torch_library = torch->library;
  auto files = find_native_files(site + "/torch");
  ASSERT_FALSE(files.extension_modules.empty());
  for (const auto& module : files.extension_modules) {
    auto report = analyze_module(module, linker);
    ASSERT_TRUE(report) << module;
    EXPECT_TRUE(report->linkage.loads()) << module;
    EXPECT_EQ(module_findings(*report, context), std::vector<Finding>{}) << module;
  }
}

}  // namespace
}  // namespace mlstack::binary
