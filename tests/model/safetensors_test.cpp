// SPDX-License-Identifier: MIT
#include "model/safetensors.h"

#include <gtest/gtest.h>

#include "model/safetensors_writer.h"

namespace mlstack::model {
namespace {

using testing::TensorSpec;

Expected<SafetensorsHeader, std::string> read_bytes(const std::string& bytes, const std::string& name = "m.safetensors") {
  MemoryByteSource source(name, bytes);
  return read_safetensors(source);
}

std::string error_of(const std::string& bytes) {
  auto result = read_bytes(bytes);
  EXPECT_FALSE(result.has_value());
  return result ? std::string() : result.error();
}

// A file whose header is `header` (raw text) and whose data section has `data` bytes.
std::string with_header(const std::string& header, std::uint64_t data) { return testing::file_bytes(header, data); }

TEST(SafetensorsTest, ReadsTensorsInOffsetOrderWithMetadata) {
  std::vector<TensorSpec> tensors = {{"b.weight", "BF16", {4, 8}}, {"a.bias", "F32", {8}}, {"ids", "I64", {3}}};
  auto header = read_bytes(testing::safetensors_bytes(tensors, {{"format", "pt"}}));
  ASSERT_TRUE(header.has_value()) << header.error();
  ASSERT_EQ(header->tensors.size(), 3u);
  EXPECT_EQ(header->tensors[0].name, "b.weight");
  EXPECT_EQ(header->tensors[0].dtype, Dtype::BF16);
  EXPECT_EQ(header->tensors[0].shape, (std::vector<std::uint64_t>{4, 8}));
  EXPECT_EQ(header->tensors[0].elements, 32u);
  EXPECT_EQ(header->tensors[0].bytes(), 64u);
  EXPECT_EQ(header->tensors[1].name, "a.bias");
  EXPECT_EQ(header->tensors[2].dtype, Dtype::I64);
  ASSERT_EQ(header->metadata.size(), 1u);
  EXPECT_EQ(header->metadata[0], (std::pair<std::string, std::string>{"format", "pt"}));
  EXPECT_EQ(header->header_size % 8, 0u);
}

// Parity: parameters are the sum of the shapes, bytes the data section.
TEST(SafetensorsTest, ElementsAndBytesEqualShapesAndDataSection) {
  std::vector<TensorSpec> tensors = {
      {"embed", "BF16", {320, 64}}, {"q", "F16", {64, 64}}, {"scale", "F32", {}},   {"mask", "BOOL", {7}},
      {"fp8", "F8_E4M3", {5, 3}},  {"fp4", "F4", {2, 3}},   {"f6", "F6_E2M3", {4}}, {"empty", "F32", {0, 9}},
  };
  std::string bytes = testing::safetensors_bytes(tensors);
  auto header = read_bytes(bytes);
  ASSERT_TRUE(header.has_value()) << header.error();
  std::uint64_t elements = 0, tensor_bytes = 0;
  for (const auto& t : header->tensors) {
    elements += t.elements;
    tensor_bytes += t.bytes();
  }
  EXPECT_EQ(elements, 320u * 64 + 64 * 64 + 1 + 7 + 15 + 6 + 4 + 0);
  EXPECT_EQ(header->data_size, bytes.size() - 8 - header->header_size);
  EXPECT_EQ(tensor_bytes, header->data_size);
  EXPECT_EQ(header->file_size, bytes.size());
}

TEST(SafetensorsTest, ReadsALongHeader) {
  std::vector<TensorSpec> tensors;
  for (int i = 0; i < 3000; ++i) tensors.push_back({"model.layers." + std::to_string(i) + ".weight", "F16", {2}});
  auto header = read_bytes(testing::safetensors_bytes(tensors));
  ASSERT_TRUE(header.has_value()) << header.error();
  EXPECT_GT(header->header_size, 100'000u);
  EXPECT_EQ(header->tensors.size(), 3000u);
}

// Two reads, 8 bytes and the header: no byte of the weights.
TEST(SafetensorsTest, ReadsOnlyTheHeader) {
  std::vector<TensorSpec> tensors = {{"w", "F32", {256, 1024}}};  // 1 MiB of data
  std::string bytes = testing::safetensors_bytes(tensors);
  ReadMeter meter;
  MemoryByteSource source("w.safetensors", bytes, &meter);
  auto header = read_safetensors(source);
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(meter.reads, 2u);
  EXPECT_EQ(meter.bytes, 8 + header->header_size);
}

TEST(SafetensorsTest, RejectsATruncatedLengthField) {
  EXPECT_EQ(error_of(std::string("\x10\x00\x00", 3)),
            "m.safetensors: truncated: 3 bytes, fewer than the 8-byte header length");
}

TEST(SafetensorsTest, RejectsAHeaderLengthBeyondTheFile) {
  std::string bytes = with_header("{}", 0);
  bytes[0] = '\x00';
  bytes[1] = '\x10';  // 4096
  EXPECT_EQ(error_of(bytes), "m.safetensors: header length 4096 runs past the end of the file (16 bytes)");
}

TEST(SafetensorsTest, RejectsAHeaderLengthAboveTheReferenceLimit) {
  std::string bytes(16, '\0');
  bytes[3] = '\x10';  // 0x10000000 = 268435456
  EXPECT_EQ(error_of(bytes), "m.safetensors: header length 268435456 exceeds safetensors' limit of 100000000 bytes");
}

TEST(SafetensorsTest, RejectsANonJsonHeader) {
  EXPECT_EQ(error_of(with_header("{\"a\": [1,}", 0)),
            "m.safetensors: the header is not valid JSON: parse error at line 1, column 10: syntax error while parsing "
            "value - unexpected '}'; expected '[', '{', or a literal");
  EXPECT_EQ(error_of(with_header("[1, 2]", 0)), "m.safetensors: the header is not a JSON object");
}

TEST(SafetensorsTest, RejectsInvalidUtf8) {
  std::string error = error_of(with_header("{\"\xff\": 1}", 0));
  EXPECT_TRUE(error.starts_with("m.safetensors: the header is not valid JSON: ")) << error;
}

TEST(SafetensorsTest, RejectsAnUnknownDtype) {
  EXPECT_EQ(error_of(with_header(R"({"w":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,2]}})", 2)),
            "m.safetensors: tensor `w`: unknown dtype `Q4_K` (safetensors defines BOOL, U8, I8, F8_E5M2, F8_E4M3, "
            "F8_E8M0, I16, U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64, F4, F6_E2M3, F6_E3M2)");
}

TEST(SafetensorsTest, RejectsOverlappingOffsets) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},)"
                                 R"("b":{"dtype":"F16","shape":[4],"data_offsets":[4,12]}})",
                                 12)),
            "m.safetensors: tensors `a` [0, 8] and `b` [4, 12] overlap");
}

TEST(SafetensorsTest, RejectsOffsetsOutsideTheDataSection) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})", 16)),
            "m.safetensors: tensor `a`: data_offsets [8, 24] end past the data section (16 bytes)");
}

TEST(SafetensorsTest, RejectsAGapAndUncoveredBytes) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                                 R"("b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}})",
                                 6)),
            "m.safetensors: bytes [2, 4) of the data section belong to no tensor (the next is `b`)");
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", 5)),
            "m.safetensors: the data section has 5 bytes but the tensors cover 2: bytes [2, 5) belong to no tensor");
}

TEST(SafetensorsTest, RejectsOffsetsThatDisagreeWithTheShape) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"BF16","shape":[3,3],"data_offsets":[0,16]}})", 16)),
            "m.safetensors: tensor `a`: data_offsets [0, 16] hold 16 bytes, but shape [3, 3] of BF16 needs 18");
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[4,2]}})", 4)),
            "m.safetensors: tensor `a`: data_offsets [4, 2] end before they begin");
}

TEST(SafetensorsTest, RejectsSubByteTensorsThatDoNotFillBytes) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}})", 2)),
            "m.safetensors: tensor `a`: 3 elements of F4 (4 bits each) do not fill whole bytes");
}

TEST(SafetensorsTest, RejectsOverflowingShapes) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}})", 0)),
            "m.safetensors: tensor `a`: shape [4294967296,4294967296] has more elements than 2^64");
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"F64","shape":[4294967296,268435456],"data_offsets":[0,0]}})", 0)),
            "m.safetensors: tensor `a`: shape [4294967296, 268435456] of F64 overflows a 64-bit byte count");
}

TEST(SafetensorsTest, RejectsMalformedEntries) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}})", 0)),
            "m.safetensors: tensor `a`: `shape` must hold non-negative integers, not -1");
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[1.5],"data_offsets":[0,0]}})", 0)),
            "m.safetensors: tensor `a`: `shape` must hold non-negative integers, not 1.5");
  EXPECT_EQ(error_of(with_header(R"({"a":{"shape":[1],"data_offsets":[0,1]}})", 1)),
            "m.safetensors: tensor `a`: `dtype` is missing or not a string");
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0]}})", 1)),
            "m.safetensors: tensor `a`: `data_offsets` must be two non-negative integers [begin, end]");
  EXPECT_EQ(error_of(with_header(R"({"a":[1,2]})", 0)),
            "m.safetensors: tensor `a`: expected an object with dtype, shape and data_offsets");
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"x":1}})", 1)),
            "m.safetensors: tensor `a`: unknown field `x`");
  EXPECT_EQ(error_of(with_header(R"({"__metadata__":{"format":1}})", 0)),
            "m.safetensors: `__metadata__` value of `format` must be a string, not 1");
}

TEST(SafetensorsTest, RejectsATensorListedTwice) {
  EXPECT_EQ(error_of(with_header(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                                 R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})",
                                 2)),
            "m.safetensors: tensor `a` is listed twice in the header");
}

TEST(SafetensorsTest, AcceptsAnEmptyFileOfTensors) {
  auto header = read_bytes(with_header("{}", 0));
  ASSERT_TRUE(header.has_value()) << header.error();
  EXPECT_TRUE(header->tensors.empty());
  EXPECT_EQ(header->data_size, 0u);
}

}  // namespace
}  // namespace mlstack::model
