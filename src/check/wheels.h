// SPDX-License-Identifier: MIT
// The prebuilt wheel a declared package gets on the stack's machine, for the
// packages whose wheel lists the kb holds (flash-attn: kb/flash_attn.toml).
// Its setup.py picks the wheel from the installed torch (major.minor, CUDA
// major, C++ ABI) and the interpreter (kb/flash_attn_wheels.h); with none it
// compiles from source, which needs nvcc of torch's CUDA major. A stack that
// leaves flash-attn or torch open is judged on what a fresh install gets.
#pragma once

#include <string>
#include <vector>

#include "check/stack.h"
#include "core/finding.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

// The torch build a stack runs: its version (pinned, or what a fresh install
// gets), the CUDA of its build (the local label, or the PyPI wheel's default
// variant on Linux x86_64) and its C++ ABI (the machine's, or the kb's for
// official builds). Empty for a CPU or ROCm build, or when torch is absent.
struct TorchBuild {
  pep::Version version;
  int cuda_major = 0;
  std::optional<int> cuda_minor;
  std::optional<bool> cxx11abi;
};
std::optional<TorchBuild> torch_build_of(const kb::KnowledgeBase& kb, const Stack& stack);

struct WheelPick {
  std::string stack;    // the stack's name
  std::string package;  // "flash-attn"
  std::string version;  // "2.7.4.post1"
  bool prebuilt = false;
  std::string wheel;    // the file setup.py downloads (prebuilt)
  std::string url;
  std::string target;   // "torch 2.3 (CUDA 12, cxx11abiFALSE), CPython 3.10, Linux x86_64"
  Origin declared;
  Origin fact;
};

// Picks for the stack's flash-attn; a `wheel.source-build` finding when the
// release has no wheel for the machine.
std::vector<WheelPick> pick_wheels(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out);

}  // namespace mlstack::check
