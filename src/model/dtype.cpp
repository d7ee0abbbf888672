// SPDX-License-Identifier: MIT
#include "model/dtype.h"

#include <array>

namespace mlstack::model {

namespace {

struct DtypeRow {
  Dtype dtype;
  std::string_view name;
  unsigned bits;
  bool floating;
};

// huggingface/safetensors safetensors/src/tensor.rs, enum Dtype and Dtype::bitsize.
constexpr std::array<DtypeRow, 20> k_dtypes = {{
    {Dtype::Bool, "BOOL", 8, false},     {Dtype::U8, "U8", 8, false},
    {Dtype::I8, "I8", 8, false},         {Dtype::F8_E5M2, "F8_E5M2", 8, true},
    {Dtype::F8_E4M3, "F8_E4M3", 8, true}, {Dtype::F8_E8M0, "F8_E8M0", 8, true},
    {Dtype::I16, "I16", 16, false},      {Dtype::U16, "U16", 16, false},
    {Dtype::F16, "F16", 16, true},       {Dtype::BF16, "BF16", 16, true},
    {Dtype::I32, "I32", 32, false},      {Dtype::U32, "U32", 32, false},
    {Dtype::F32, "F32", 32, true},       {Dtype::C64, "C64", 64, false},
    {Dtype::F64, "F64", 64, true},       {Dtype::I64, "I64", 64, false},
    {Dtype::U64, "U64", 64, false},      {Dtype::F4, "F4", 4, true},
    {Dtype::F6_E2M3, "F6_E2M3", 6, true}, {Dtype::F6_E3M2, "F6_E3M2", 6, true},
}};

constexpr std::array<Dtype, 20> k_all = [] {
  std::array<Dtype, 20> out{};
  for (std::size_t i = 0; i < k_dtypes.size(); ++i) out[i] = k_dtypes[i].dtype;
  return out;
}();

const DtypeRow& row(Dtype dtype) {
  for (const auto& r : k_dtypes)
    if (r.dtype == dtype) return r;
  return k_dtypes[0];
}

struct TargetRow {
  TargetDtype dtype;
  std::string_view name;
  unsigned bits;
};

constexpr std::array<TargetRow, 5> k_targets = {{
    {TargetDtype::BF16, "bf16", 16},
    {TargetDtype::FP16, "fp16", 16},
    {TargetDtype::FP8, "fp8", 8},
    {TargetDtype::INT8, "int8", 8},
    {TargetDtype::INT4, "int4", 4},
}};

constexpr std::array<TargetDtype, 5> k_all_targets = {TargetDtype::BF16, TargetDtype::FP16, TargetDtype::FP8,
                                                      TargetDtype::INT8, TargetDtype::INT4};

}  // namespace

std::optional<Dtype> parse_dtype(std::string_view name) {
  for (const auto& r : k_dtypes)
    if (r.name == name) return r.dtype;
  return std::nullopt;
}

std::string_view to_string(Dtype dtype) { return row(dtype).name; }
unsigned bits(Dtype dtype) { return row(dtype).bits; }
bool is_floating(Dtype dtype) { return row(dtype).floating; }
std::span<const Dtype> all_dtypes() { return k_all; }

std::optional<TargetDtype> parse_target_dtype(std::string_view name) {
  for (const auto& r : k_targets)
    if (r.name == name) return r.dtype;
  if (name == "bfloat16") return TargetDtype::BF16;
  if (name == "float16" || name == "half") return TargetDtype::FP16;
  return std::nullopt;
}

std::string_view to_string(TargetDtype dtype) {
  for (const auto& r : k_targets)
    if (r.dtype == dtype) return r.name;
  return "?";
}

unsigned bits(TargetDtype dtype) {
  for (const auto& r : k_targets)
    if (r.dtype == dtype) return r.bits;
  return 16;
}

std::span<const TargetDtype> all_target_dtypes() { return k_all_targets; }

std::uint64_t bytes_for(std::uint64_t elements, unsigned bits_each) {
  // Split so that elements × bits never overflows: whole groups of 8 elements
  // take exactly `bits_each` bytes; the rest rounds up.
  std::uint64_t groups = elements / 8;
  std::uint64_t rest = elements % 8;
  return groups * bits_each + (rest * bits_each + 7) / 8;
}

}  // namespace mlstack::model
