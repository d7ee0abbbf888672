// SPDX-License-Identifier: MIT
// prepare_heap: asks for transparent huge pages under malloc's heap, once,
// at the start of the process.
//
// Why: a warm `mlstack index` of 100 packages or a warm `plan` touches
// 30-45 MB of heap, 7,000-9,000 first-touch page faults of 4 kB each; on a
// virtual machine a fault costs several microseconds, and the faults were a
// quarter of those commands' CPU time. Where the kernel gives huge pages on
// request (transparent_hugepage=madvise, the default of Debian and Ubuntu),
// one fault maps 2 MB. glibc does the same with
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1, but reads tunables only from the
// environment a process starts with.
//
// How: grow the heap once by a block, mark its 2 MB-aligned middle
// MADV_HUGEPAGE and free it; with the trim threshold raised, malloc keeps the
// range and serves later allocations from it. Pages are still mapped only
// when touched: a command that allocates little pays one fault. Where the
// kernel has no transparent huge pages, madvise fails and nothing changes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mlstack {

void prepare_heap();

// The whole 2 MB pages inside [begin, begin + size).
struct HugePageRange {
  std::uintptr_t begin = 0, end = 0;
  bool empty() const { return end <= begin; }
};
HugePageRange huge_page_range(const void* begin, std::size_t size);

// madvise(MADV_HUGEPAGE) on huge_page_range(begin, size); false when that
// range is empty or the kernel refuses (no transparent huge pages).
bool advise_huge_pages(const void* begin, std::size_t size);

}  // namespace mlstack
