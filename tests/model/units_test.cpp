// SPDX-License-Identifier: MIT
#include "model/units.h"

#include <gtest/gtest.h>

#include "model/dtype.h"

namespace mlstack::model {
namespace {

TEST(UnitsTest, FormatsBinaryUnits) {
  EXPECT_EQ(format_bytes(17), "17 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(81559ull * 1024 * 1024), "79.65 GiB");
  EXPECT_EQ(format_signed_bytes(-1073741824), "-1.00 GiB");
  EXPECT_EQ(format_count(20430401088ull), "20,430,401,088");
  EXPECT_EQ(format_count(999), "999");
}

TEST(UnitsTest, ParsesBinaryAndDecimalSizes) {
  EXPECT_EQ(parse_size("24GiB"), 24ull << 30);
  EXPECT_EQ(parse_size("24 GiB"), 24ull << 30);
  EXPECT_EQ(parse_size("80GB"), 80'000'000'000ull);
  EXPECT_EQ(parse_size("81559MiB"), 81559ull << 20);
  EXPECT_EQ(parse_size("1.5TiB"), 3ull << 39);
  EXPECT_EQ(parse_size("1000"), 1000u);
  EXPECT_FALSE(parse_size("GiB").has_value());
  EXPECT_FALSE(parse_size("12 apples").has_value());
  EXPECT_FALSE(parse_size("0").has_value());
}

TEST(DtypeTest, SizesFollowTheSafetensorsReference) {
  EXPECT_EQ(bits(Dtype::BF16), 16u);
  EXPECT_EQ(bits(Dtype::F4), 4u);
  EXPECT_EQ(bits(Dtype::F6_E3M2), 6u);
  EXPECT_EQ(bits(Dtype::C64), 64u);
  EXPECT_EQ(parse_dtype("F8_E4M3"), Dtype::F8_E4M3);
  EXPECT_FALSE(parse_dtype("bf16").has_value());  // header names are upper case
  for (Dtype dtype : all_dtypes()) EXPECT_EQ(parse_dtype(to_string(dtype)), dtype);
  EXPECT_TRUE(is_floating(Dtype::F8_E5M2));
  EXPECT_FALSE(is_floating(Dtype::I32));
  EXPECT_EQ(bytes_for(3, 4), 2u);
  EXPECT_EQ(bytes_for(8, 6), 6u);
  EXPECT_EQ(bytes_for(~0ull, 8), ~0ull);
  EXPECT_EQ(parse_target_dtype("int4"), TargetDtype::INT4);
  EXPECT_EQ(parse_target_dtype("bfloat16"), TargetDtype::BF16);
  EXPECT_FALSE(parse_target_dtype("fp32").has_value());
}

}  // namespace
}  // namespace mlstack::model
