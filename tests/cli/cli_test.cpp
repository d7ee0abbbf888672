// SPDX-License-Identifier: MIT
// End-to-end tests of the command line itself: help, version, verbs, errors.
#include <gtest/gtest.h>

#include "binary/elf_file.h"
#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

TEST(CliTest, VersionPrintsNameAndVersion) {
  auto r = run_mlstack({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("mlstack 0.")) << r.out;
}

// libcurl and libcrypto are loaded when a command first needs them
// (src/index/curl_library.h, src/index/sha256.cpp): linked, the ~30 libraries
// they bring cost every run ~18 ms of start-up.
TEST(CliTest, StartsWithoutTheNetworkLibraries) {
  auto elf = binary::ElfFile::open(MLSTACK_BINARY);
  ASSERT_TRUE(elf);
  ASSERT_FALSE(elf.value().needed().empty());
  for (std::string_view needed : elf.value().needed()) {
    EXPECT_FALSE(needed.starts_with("libcurl")) << needed;
    EXPECT_FALSE(needed.starts_with("libcrypto")) << needed;
    EXPECT_FALSE(needed.starts_with("libssl")) << needed;
  }
}

TEST(CliTest, HelpListsEveryVerbAndGlobalOption) {
  auto r = run_mlstack({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* verb : {"scan", "env", "check", "diff", "plan", "report", "why", "kb", "pep"}) {
    EXPECT_NE(r.out.find(std::string("  ") + verb + " "), std::string::npos) << verb;
  }
  for (const char* option : {"--format", "--output", "--color", "--fail-on", "--quiet", "--verbose", "--version"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  EXPECT_NE(r.out.find("Exit status: 0 clean"), std::string::npos);
}

TEST(CliTest, EveryVerbHasHelp) {
  for (const char* verb : {"scan", "env", "check", "diff", "plan", "report", "why", "kb", "pep"}) {
    auto r = run_mlstack({verb, "--help"});
    EXPECT_EQ(r.exit_code, 0) << verb << r.err;
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << verb;
    EXPECT_NE(r.out.find(verb), std::string::npos) << verb;
  }
}

TEST(CliTest, NoCommandIsUsageError) {
  auto r = run_mlstack({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: no command given"), std::string::npos) << r.err;
}

TEST(CliTest, UnknownVerbSuggestsClosest) {
  auto r = run_mlstack({"scna"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: unknown command `scna` (did you mean `scan`?)"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CliTest, UnknownVerbAfterGlobalOptionWithValue) {
  auto r = run_mlstack({"--format", "json", "frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command `frobnicate`"), std::string::npos) << r.err;
}

TEST(CliTest, UnknownOptionIsUsageError) {
  auto r = run_mlstack({"--no-such-option", "scan"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;
}

TEST(CliTest, BadFormatValueIsUsageError) {
  auto r = run_mlstack({"--format", "yaml", "scan"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("yaml"), std::string::npos) << r.err;
}

TEST(CliTest, BadFailOnValueIsUsageError) {
  auto r = run_mlstack({"--fail-on", "fatal", "scan"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("fatal"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mlstack::testing
