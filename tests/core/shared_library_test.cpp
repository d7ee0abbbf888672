// SPDX-License-Identifier: MIT
#include "core/shared_library.h"

#include <cstring>

#include <gtest/gtest.h>

namespace mlstack {
namespace {

struct LibcTable {
  decltype(&::strlen) length = nullptr;
};

int g_loads = 0;

LoadedLibrary<LibcTable> load_libc() {
  ++g_loads;
  LoadedLibrary<LibcTable> loaded;
  void* handle = open_shared_library("libc.so.6", "libc", loaded.error);
  loaded.ok = handle && bind_symbol(handle, "strlen", loaded.table.length, "libc.so.6", loaded.error);
  return loaded;
}

LoadedLibrary<LibcTable> load_missing() {
  LoadedLibrary<LibcTable> loaded;
  open_shared_library("libmlstack-no-such-library.so.1", "No-such", loaded.error);
  return loaded;
}

TEST(SharedLibraryTest, LoadsOnceAndBindsTypedSymbols) {
  std::string error;
  const LibcTable* first = load_once<LibcTable, load_libc>(error);
  const LibcTable* second = load_once<LibcTable, load_libc>(error);
  ASSERT_NE(first, nullptr) << error;
  EXPECT_EQ(first, second);
  EXPECT_EQ(g_loads, 1);
  EXPECT_EQ(first->length("mlstack"), 7u);
}

TEST(SharedLibraryTest, SaysWhatIsMissing) {
  std::string error;
  EXPECT_EQ((load_once<LibcTable, load_missing>(error)), nullptr);
  EXPECT_EQ(error.rfind("No-such could not be loaded (", 0), 0u) << error;
  EXPECT_NE(error.find("libmlstack-no-such-library.so.1"), std::string::npos) << error;
  std::string why;
  void* libc = open_shared_library("libc.so.6", "libc", why);
  ASSERT_NE(libc, nullptr) << why;
  void (*none)() = nullptr;
  EXPECT_FALSE(bind_symbol(libc, "mlstack_no_such_symbol", none, "libc.so.6", why));
  EXPECT_EQ(why, "libc.so.6 has no mlstack_no_such_symbol");
}

}  // namespace
}  // namespace mlstack
