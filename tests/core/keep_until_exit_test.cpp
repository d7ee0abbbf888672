// SPDX-License-Identifier: MIT
#include "core/keep_until_exit.h"

#include <gtest/gtest.h>

namespace mlstack {
namespace {

struct Flag {
  bool* destroyed;
  explicit Flag(bool* d) : destroyed(d) {}
  Flag(Flag&& other) noexcept : destroyed(other.destroyed) { other.destroyed = nullptr; }
  ~Flag() {
    if (destroyed) *destroyed = true;
  }
};

TEST(KeepUntilExitTest, OwnsTheObjectUntilTheProcessEnds) {
  bool by_pointer = false, by_value = false;
  std::size_t before = kept_until_exit();
  (void)before;  // read only where objects are kept
  keep_until_exit(std::make_unique<Flag>(&by_pointer));
  keep_value_until_exit(Flag(&by_value));
#if defined(__SANITIZE_ADDRESS__)
  // Under the sanitizers: destroyed at once, so LeakSanitizer sees real leaks.
  EXPECT_TRUE(by_pointer);
  EXPECT_TRUE(by_value);
  EXPECT_EQ(kept_until_exit(), 0u);
#else
  EXPECT_FALSE(by_pointer);
  EXPECT_FALSE(by_value);
  EXPECT_EQ(kept_until_exit(), before + 2);
#endif
}

}  // namespace
}  // namespace mlstack
