// SPDX-License-Identifier: MIT
#include "binary/elf_file.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "binary/fixtures.h"
#include "core/mapped_file.h"

namespace mlstack::binary {
namespace {

using testing::fixture;

std::vector<std::string> names(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

const DynamicSymbol* symbol_named(const std::vector<DynamicSymbol>& symbols, std::string_view name) {
  auto it = std::find_if(symbols.begin(), symbols.end(), [&](const auto& s) { return s.name == name; });
  return it == symbols.end() ? nullptr : &*it;
}

TEST(ElfFile, ReadsNeededSonameAndRunpath) {
  auto elf = ElfFile::open(fixture("libconsumer.so"));
  ASSERT_TRUE(elf) << to_string(elf.error());
  EXPECT_EQ(elf->machine(), ElfMachine::X86_64);
  EXPECT_EQ(elf->type(), ElfType::SharedObject);
  EXPECT_EQ(elf->soname(), "libconsumer.so");
  EXPECT_EQ(names(elf->needed()), std::vector<std::string>{"libprovider.so"});
  EXPECT_EQ(elf->runpath(), "$ORIGIN");
  EXPECT_EQ(elf->rpath(), "");
}

TEST(ElfFile, ListsDefinedUndefinedAndWeakSymbols) {
  auto elf = ElfFile::open(fixture("libconsumer.so"));
  ASSERT_TRUE(elf);
  auto symbols = elf->dynamic_symbols();
  ASSERT_TRUE(symbols);
  const auto* missing = symbol_named(*symbols, "missing_function");
  const auto* hook = symbol_named(*symbols, "optional_hook");
  const auto* consume = symbol_named(*symbols, "consume");
  ASSERT_TRUE(missing && hook && consume);
  EXPECT_FALSE(missing->defined);
  EXPECT_FALSE(missing->weak);
  EXPECT_TRUE(hook->weak);
  EXPECT_TRUE(consume->defined);
}

TEST(ElfFile, ReadsVersionNeedsWithTheirFile) {
  auto elf = ElfFile::open(fixture("libglibcfuture.so"));
  ASSERT_TRUE(elf);
  ASSERT_EQ(elf->version_needs().size(), 1u);
  EXPECT_EQ(elf->version_needs()[0].file, "libc.so.6");
  EXPECT_EQ(names(elf->version_needs()[0].versions), std::vector<std::string>{"GLIBC_2.99"});
  auto symbols = elf->dynamic_symbols();
  ASSERT_TRUE(symbols);
  const auto* future = symbol_named(*symbols, "glibc_future_function");
  ASSERT_TRUE(future);
  EXPECT_EQ(future->version, "GLIBC_2.99");
  EXPECT_EQ(future->version_file, "libc.so.6");
}

TEST(ElfFile, ReadsVersionDefinitionsAndFindsVersionedDefinitions) {
  auto elf = ElfFile::open(fixture("libversioned.so"));
  ASSERT_TRUE(elf);
  EXPECT_EQ(names(elf->version_definitions()), std::vector<std::string>{"FIXLIB_1.0"});
  EXPECT_TRUE(elf->find_definition("versioned_function", "FIXLIB_1.0"));
  EXPECT_TRUE(elf->find_definition("versioned_function"));
  EXPECT_FALSE(elf->find_definition("versioned_function", "FIXLIB_2.0"));
  EXPECT_FALSE(elf->find_definition("no_such_function"));
}

TEST(ElfFile, FindsHiddenCompatibilityVersionsOnlyWhenAskedByVersion) {
  // glibc keeps old memcpy@GLIBC_2.2.5 hidden beside memcpy@@GLIBC_2.14.
  auto libc = ElfFile::open("/lib/x86_64-linux-gnu/libc.so.6");
  if (!libc) GTEST_SKIP() << "no x86-64 glibc at /lib/x86_64-linux-gnu/libc.so.6";
  auto old = libc->find_definition("memcpy", "GLIBC_2.2.5");
  auto current = libc->find_definition("memcpy", "GLIBC_2.14");
  auto plain = libc->find_definition("memcpy");
  ASSERT_TRUE(old && current && plain);
  EXPECT_TRUE(old->hidden_version);
  EXPECT_FALSE(current->hidden_version);
  EXPECT_EQ(plain->version, "GLIBC_2.14");
}

TEST(ElfFile, RejectsNonElfFileNamedSo) {
  auto elf = ElfFile::open(fixture("not_elf.so"));
  ASSERT_FALSE(elf);
  EXPECT_EQ(to_string(elf.error()), "not an ELF file: bad magic (expected 7f 45 4c 46)");
}

TEST(ElfFile, Rejects32BitElf) {
  auto elf = ElfFile::open(fixture("lib32bit.so"));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().message, "32-bit ELF is not supported (only ELF64)");
}

TEST(ElfFile, RejectsBigEndianElf) {
  auto elf = ElfFile::open(fixture("libbigendian.so"));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().message, "big-endian ELF is not supported (only little-endian)");
}

TEST(ElfFile, RejectsTruncatedHeader) {
  auto elf = ElfFile::open(fixture("truncated_header.so"));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().message, "truncated ELF header: 40 of 64 bytes");
}

TEST(ElfFile, RejectsTruncatedFileAtTheSectionTable) {
  auto elf = ElfFile::open(fixture("truncated.so"));
  ASSERT_FALSE(elf);
  EXPECT_NE(elf.error().message.find("section header table"), std::string::npos) << elf.error().message;
  EXPECT_NE(elf.error().message.find("lies past the end of the file"), std::string::npos);
}

TEST(ElfFile, RejectsSectionTablePastTheEnd) {
  auto elf = ElfFile::open(fixture("shoff_past_end.so"));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().offset, 0x28u);
}

TEST(ElfFile, RejectsLyingDynsymSize) {
  auto elf = ElfFile::open(fixture("lying_dynsym_size.so"));
  ASSERT_FALSE(elf);
  EXPECT_NE(elf.error().message.find(".dynsym (0x10000000000 bytes"), std::string::npos) << elf.error().message;
}

TEST(ElfFile, RejectsStringTablePastTheEnd) {
  auto elf = ElfFile::open(fixture("dynstr_past_end.so"));
  ASSERT_FALSE(elf);
  EXPECT_NE(elf.error().message.find("string table .dynstr"), std::string::npos) << elf.error().message;
}

TEST(ElfFile, RefusesADynamicObjectWithoutSectionHeaders) {
  auto elf = ElfFile::open(fixture("section_headers_stripped.so"));
  ASSERT_FALSE(elf);
  EXPECT_EQ(to_string(elf.error()),
            "offset 0x28: dynamic segment without a section header table (section headers stripped); its needed "
            "libraries and symbols cannot be read");
}

TEST(ElfFile, ReportsAMissingFile) {
  auto elf = ElfFile::open(fixture("no_such_file.so"));
  ASSERT_FALSE(elf);
  EXPECT_NE(elf.error().message.find("cannot open"), std::string::npos);
}

TEST(ElfFile, NeverReadsPastAnyPrefixOfARealLibrary) {
  // Every prefix of a real library either parses or fails cleanly; the
  // sanitizer build turns any read past the buffer into a failure.
  auto whole = MappedFile::open(fixture("libabi_cxx11.so"));
  ASSERT_TRUE(whole);
  auto bytes = whole->bytes();
  for (std::size_t len = 0; len <= bytes.size(); len += 7) {
    std::vector<std::uint8_t> copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
    auto elf = ElfFile::parse(copy);
    if (elf) {
      auto symbols = elf->dynamic_symbols();
      (void)symbols;
      (void)elf->find_definition("_Z17abi_string_lengthRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE");
    }
  }
  SUCCEED();
}

TEST(ElfFile, TouchesOnlyHeadersOfALargeLibrary) {
  const std::string path = std::string(testing::k_cuda_lib_dir) + "/libcublasLt.so";
  if (!testing::exists(path)) GTEST_SKIP() << path << " not present";
  AccessMeter meter;
  auto elf = ElfFile::open(path, &meter);
  ASSERT_TRUE(elf) << to_string(elf.error());
  EXPECT_LT(meter.bytes(), elf->file_size() / 100) << "read " << meter.bytes() << " of " << elf->file_size();
}

}  // namespace
}  // namespace mlstack::binary
