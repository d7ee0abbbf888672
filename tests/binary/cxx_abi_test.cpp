// SPDX-License-Identifier: MIT
#include "binary/cxx_abi.h"

#include <gtest/gtest.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

CxxAbiEvidence abi_of(const std::string& name) {
  auto elf = ElfFile::open(testing::fixture(name));
  EXPECT_TRUE(elf);
  auto symbols = elf->dynamic_symbols();
  EXPECT_TRUE(symbols);
  return detect_cxx_abi(*symbols);
}

TEST(CxxAbi, DetectsTheCxx11BuildOfThePair) {
  auto evidence = abi_of("libabi_cxx11.so");
  EXPECT_EQ(evidence.abi, CxxAbi::Cxx11);
  EXPECT_GT(evidence.cxx11_symbols, 0u);
  EXPECT_EQ(evidence.pre_cxx11_symbols, 0u);
}

TEST(CxxAbi, DetectsThePreCxx11BuildOfThePair) {
  auto evidence = abi_of("libabi_old.so");
  EXPECT_EQ(evidence.abi, CxxAbi::PreCxx11);
  EXPECT_EQ(evidence.cxx11_symbols, 0u);
  EXPECT_EQ(demangle(evidence.example).find("std::string") != std::string::npos ||
                demangle(evidence.example).find("std::list<") != std::string::npos,
            true)
      << evidence.example;
}

TEST(CxxAbi, PlainCLibraryHasNoCxxAbi) { EXPECT_EQ(abi_of("libprovider.so").abi, CxxAbi::Unknown); }

TEST(CxxAbi, ClassifiesSingleNames) {
  EXPECT_EQ(classify_symbol("_ZN3c106detail14torchCheckFailEPKcS2_jRKSs"), CxxAbi::PreCxx11);
  EXPECT_EQ(classify_symbol("_ZN3c106detail14torchCheckFailEPKcS2_jRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"),
            CxxAbi::Cxx11);
  // "Ss" inside an identifier is not std::string.
  EXPECT_EQ(classify_symbol("_Z8GetSsizev"), CxxAbi::Unknown);
  EXPECT_EQ(classify_symbol("malloc"), CxxAbi::Unknown);
}

TEST(CxxAbi, DemanglesForDisplayAndPassesCNamesThrough) {
  EXPECT_EQ(demangle("_ZN3c106detail14torchCheckFailEPKcS2_jRKSs"),
            "c10::detail::torchCheckFail(char const*, char const*, unsigned int, std::string const&)");
  EXPECT_EQ(demangle("PyInit__C"), "PyInit__C");
  EXPECT_EQ(demangle("_Znot_valid"), "_Znot_valid");
}

}  // namespace
}  // namespace mlstack::binary
