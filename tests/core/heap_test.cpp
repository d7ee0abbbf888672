// SPDX-License-Identifier: MIT
#include "core/heap.h"

#include <sys/mman.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace mlstack {
namespace {

constexpr std::uintptr_t k_mb = 1 << 20;

TEST(HeapTest, HugePageRangeIsTheWholeAlignedPagesInside) {
  auto at = [](std::uintptr_t address) { return reinterpret_cast<const void*>(address); };
  HugePageRange range = huge_page_range(at(3 * k_mb), 10 * k_mb);  // [3, 13) MB
  EXPECT_EQ(range.begin, 4 * k_mb);
  EXPECT_EQ(range.end, 12 * k_mb);
  range = huge_page_range(at(4 * k_mb), 4 * k_mb);  // already aligned
  EXPECT_EQ(range.begin, 4 * k_mb);
  EXPECT_EQ(range.end, 8 * k_mb);
  EXPECT_TRUE(huge_page_range(at(3 * k_mb), 2 * k_mb).empty());  // [3, 5): no whole page
  EXPECT_TRUE(huge_page_range(at(1), 0).empty());
}

// smaps' entry (header and fields) of the mapping that holds `address`.
std::string smaps_entry(std::uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line, entry;
  bool inside = false;
  while (std::getline(smaps, line)) {
    // A mapping's header starts with its lowercase hex range "start-end"; fields start "Name:".
    bool header = !line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) && !std::isupper(line[0]);
    if (header) {
      if (inside) break;
      std::size_t dash = line.find('-'), space = line.find(' ');
      std::uintptr_t start = std::stoull(line.substr(0, dash), nullptr, 16);
      std::uintptr_t end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
      inside = start <= address && address < end;
    }
    if (inside) entry += line + "\n";
  }
  return entry;
}

TEST(HeapTest, AdvisedMemoryIsBackedByHugePagesWhereTheKernelOffersThem) {
  std::ifstream mode_file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(mode_file, mode);
  if (mode.find("[madvise]") == std::string::npos && mode.find("[always]") == std::string::npos)
    GTEST_SKIP() << "transparent huge pages are off here (" << mode << ")";
  const std::size_t size = 8 * k_mb;
  void* map = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  ASSERT_TRUE(advise_huge_pages(map, size));
  std::memset(map, 1, size);
  HugePageRange range = huge_page_range(map, size);
  // madvise splits the mapping at the aligned bounds: the advised part is its own entry.
  std::string entry = smaps_entry(range.begin);
  ::munmap(map, size);
  ASSERT_FALSE(entry.empty());
  EXPECT_NE(entry.find("hg"), std::string::npos) << entry;  // VmFlags: hugepage advised
  std::size_t at = entry.find("AnonHugePages:");
  ASSERT_NE(at, std::string::npos) << entry;
  long kb = std::stol(entry.substr(at + std::strlen("AnonHugePages:")));
  // The kernel may have no free huge page at this moment; the advice is what this code controls.
  if (kb == 0) GTEST_SKIP() << "advised, but the kernel had no huge page free";
  EXPECT_GE(kb, 2048);
}

}  // namespace
}  // namespace mlstack
