// SPDX-License-Identifier: MIT
// AccessMeter: the byte ranges of a file that a reader touched. Readers take
// an optional meter so that benchmarks can show how little of a 500 MB CUDA
// library a fatbin listing reads; pages() merges the ranges into 4 KiB pages,
// the unit the kernel actually faults in.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace mlstack::binary {

class AccessMeter {
 public:
  void record(std::uint64_t offset, std::uint64_t len) {
    if (len == 0) return;
    m_bytes += len;
    m_ranges.emplace_back(offset, offset + len);
  }
  std::uint64_t bytes() const { return m_bytes; }
  std::uint64_t pages(std::uint64_t page_size = 4096) const {
    auto ranges = m_ranges;
    std::sort(ranges.begin(), ranges.end());
    std::uint64_t count = 0;
    std::uint64_t next_free_page = 0;  // first page not yet counted
    for (auto [begin, end] : ranges) {
      std::uint64_t first = std::max(begin / page_size, next_free_page);
      std::uint64_t last = (end - 1) / page_size;
      if (last >= first) count += last - first + 1;
      next_free_page = std::max(next_free_page, last + 1);
    }
    return count;
  }

 private:
  std::uint64_t m_bytes = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> m_ranges;
};

}  // namespace mlstack::binary
