// SPDX-License-Identifier: MIT
// LocalLabel: what a build's PEP 440 local label says about how it was built.
//   torch 2.3.0+cu121                      -> CUDA 12.1
//   torch 2.5.1+cpu / +rocm6.2             -> no CUDA / ROCm 6.2
//   flash-attn 2.5.8+cu122torch2.3cxx11abiFALSE -> CUDA 12.2, torch 2.3, pre-C++11 ABI
//   flash-attn 2.7.4.post1+cu12torch2.6cxx11abiTRUE -> CUDA 12 (major only), torch 2.6, C++11 ABI
// Parsing is case-insensitive, since installers normalise local labels to lower case.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlstack::kb {

struct LocalLabel {
  enum class Accelerator { Unknown, Cuda, Cpu, Rocm, Xpu };

  Accelerator accelerator = Accelerator::Unknown;
  std::string cuda_tag;               // "cu121", "cu12"
  std::optional<int> cuda_major;      // 12
  std::optional<int> cuda_minor;      // 1; absent for a major-only tag
  std::string rocm;                   // "6.2"
  std::optional<std::string> torch;   // "2.3"
  std::optional<bool> cxx11abi;
  std::string text;                   // the label as given, lower case
};

// Reads a local label (without the "+"). Labels it cannot read come back with
// accelerator Unknown; never fails.
LocalLabel parse_local_label(std::string_view local);

}  // namespace mlstack::kb
