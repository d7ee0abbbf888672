// SPDX-License-Identifier: MIT
#include "binary/detail/byte_reader.h"

#include <gtest/gtest.h>

#include "binary/access_meter.h"

namespace mlstack::binary {
namespace {

using detail::ByteReader;

const std::vector<std::uint8_t> k_bytes = {0x50, 0xed, 0x55, 0xba, 'a', 'b', 0, 'c', 'd'};

TEST(ByteReader, DecodesLittleEndian) {
  ByteReader r(k_bytes);
  EXPECT_EQ(*r.u32(0, "magic"), 0xBA55ED50u);
  EXPECT_EQ(*r.u16(2, "half"), 0xba55u);
  EXPECT_EQ(*r.u8(4, "byte"), 'a');
}

TEST(ByteReader, FailsLoudlyPastTheEnd) {
  ByteReader r(k_bytes);
  auto past = r.u64(4, "field x");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().message, "field x (bytes 0x4..0xc) lies past the end of the file (0x9 bytes)");
  EXPECT_EQ(past.error().offset, 4u);
  EXPECT_FALSE(r.bytes(~std::uint64_t{0} - 2, 8, "wrapping range"));  // offset + len overflows
  EXPECT_TRUE(r.bytes(9, 0, "empty range at the end"));
}

TEST(ByteReader, ReadsStringsOnlyInsideTheirTable) {
  ByteReader r(k_bytes);
  EXPECT_EQ(*r.cstring(4, 9, "name"), "ab");
  auto unterminated = r.cstring(7, 9, "name");
  ASSERT_FALSE(unterminated);
  EXPECT_EQ(unterminated.error().message, "name at 0x7 is not NUL-terminated");
  EXPECT_FALSE(r.cstring(4, 6, "name"));  // the NUL lies past the table's end
  EXPECT_FALSE(r.cstring(20, 30, "name"));
}

TEST(ByteReader, ComparesStringsWithoutScanning) {
  ByteReader r(k_bytes);
  EXPECT_TRUE(r.equals_cstring(4, 9, "ab"));
  EXPECT_FALSE(r.equals_cstring(4, 9, "a"));    // no NUL after "a"
  EXPECT_FALSE(r.equals_cstring(4, 9, "abc"));
  EXPECT_FALSE(r.equals_cstring(7, 9, "cd"));   // NUL would be past the end
}

TEST(AccessMeter, CountsBytesAndDistinctPages) {
  AccessMeter meter;
  meter.record(0, 16);
  meter.record(8, 16);        // overlaps the same page
  meter.record(4096 * 3, 1);  // another page
  meter.record(4095, 2);      // straddles pages 0 and 1
  EXPECT_EQ(meter.bytes(), 35u);
  EXPECT_EQ(meter.pages(), 3u);
  std::vector<std::uint8_t> data(100, 0);
  ByteReader r(data, &meter);
  (void)r.u32(50, "x");
  EXPECT_EQ(meter.bytes(), 39u);
}

}  // namespace
}  // namespace mlstack::binary
