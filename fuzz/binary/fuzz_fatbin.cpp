// SPDX-License-Identifier: MIT
// Fuzzes the fatbin walker on raw fatbin bytes (nvcc -fatbin output) and the
// per-GPU verdicts computed from whatever it lists.
#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/fatbin.h"
#include "binary/gpu_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto listing = mlstack::binary::list_fatbins(std::span<const std::uint8_t>(data, size));
  for (unsigned major : {7u, 8u, 9u, 10u, 12u}) {
    (void)mlstack::binary::evaluate(listing, {major, 0});
  }
  (void)mlstack::binary::distinct_targets(listing);
  return 0;
}
