// SPDX-License-Identifier: MIT
// Element types of safetensors files and the dtypes `mlstack fit --dtype`
// asks about.
//
// safetensors names its element types in the header ("BF16", "F8_E4M3", "F4")
// and sizes them in bits, not bytes: F4 packs two elements in a byte and F6
// four in three bytes, so a tensor's byte size is elements × bits / 8 and
// must come out whole (huggingface/safetensors safetensors/src/tensor.rs:
// Dtype::bitsize, Metadata::validate's MisalignedSlice). Names outside that
// list are not guessed at: the header is refused with the name it used.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mlstack::model {

enum class Dtype {
  Bool, U8, I8, F8_E5M2, F8_E4M3, F8_E8M0, I16, U16, F16, BF16,
  I32, U32, F32, C64, F64, I64, U64, F4, F6_E2M3, F6_E3M2,
};

// "BF16" -> Dtype::BF16; nullopt for a name safetensors does not define.
std::optional<Dtype> parse_dtype(std::string_view name);
// Dtype::BF16 -> "BF16", as the header spells it.
std::string_view to_string(Dtype dtype);
// Bits per element: 16 for BF16, 4 for F4.
unsigned bits(Dtype dtype);
// Floating-point element types: what a cast to another float width changes.
// Integer, bool and complex tensors (packed quantized weights, position ids,
// masks) keep their stored width under --dtype.
bool is_floating(Dtype dtype);
// Every dtype, in the order the safetensors reference lists them.
std::span<const Dtype> all_dtypes();

// `--dtype`: what the weights would be held as on the GPU.
enum class TargetDtype { BF16, FP16, FP8, INT8, INT4 };

// "bf16", "fp16", "fp8", "int8", "int4" (also "bfloat16", "float16", "half").
std::optional<TargetDtype> parse_target_dtype(std::string_view name);
std::string_view to_string(TargetDtype dtype);
unsigned bits(TargetDtype dtype);
std::span<const TargetDtype> all_target_dtypes();

// Bytes that `elements` of `bits_each` bits take, rounded up to whole bytes.
std::uint64_t bytes_for(std::uint64_t elements, unsigned bits_each);

}  // namespace mlstack::model
