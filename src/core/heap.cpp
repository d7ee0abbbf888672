// SPDX-License-Identifier: MIT
#include "core/heap.h"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdlib>

namespace mlstack {

namespace {

constexpr std::size_t k_huge_page = std::size_t{2} << 20;
// The most malloc serves from the heap rather than by mmap (glibc caps
// M_MMAP_THRESHOLD at 32 MB on 64-bit): the block must stay below it.
constexpr std::size_t k_block = std::size_t{30} << 20;

}  // namespace

HugePageRange huge_page_range(const void* begin, std::size_t size) {
  auto first = reinterpret_cast<std::uintptr_t>(begin);
  std::uintptr_t aligned_begin = (first + k_huge_page - 1) & ~(k_huge_page - 1);
  std::uintptr_t aligned_end = (first + size) & ~(k_huge_page - 1);
  if (aligned_end <= aligned_begin) return {};
  return {aligned_begin, aligned_end};
}

bool advise_huge_pages(const void* begin, std::size_t size) {
  HugePageRange range = huge_page_range(begin, size);
  if (range.empty()) return false;
  return ::madvise(reinterpret_cast<void*>(range.begin), range.end - range.begin, MADV_HUGEPAGE) == 0;
}

void prepare_heap() {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's allocator replaces malloc: none of this applies.
  return;
#else
  // Keep large buffers (pages read whole, output) in the heap, and keep the
  // heap's free top instead of returning it to the kernel after each free.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_block + k_huge_page));
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  void* block = std::malloc(k_block);
  if (block == nullptr) return;
  (void)advise_huge_pages(block, k_block);
  std::free(block);
#endif
}

}  // namespace mlstack
