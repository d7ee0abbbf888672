// SPDX-License-Identifier: MIT
// Findings from a ModuleReport: the predicted import failures ("undefined
// symbol", "version not found", "cannot open shared object file"), toolchain
// versions the machine lacks, a C++ ABI that differs from torch's, and GPUs a
// CUDA library has no kernels for. The check layer adds the project context
// (which distribution owns the module, which GPUs the machine has) through
// FindingContext and merges binary_rules() into its catalogue.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/gpu_support.h"
#include "binary/module_analysis.h"
#include "core/finding.h"
#include "core/origin.h"

namespace mlstack::binary {

// Rule ids, sorted; default severities and titles in binary_rules().
inline constexpr std::string_view k_rule_cxx_abi_mismatch = "binary.cxx-abi-mismatch";
inline constexpr std::string_view k_rule_glibc_too_old = "binary.glibc-too-old";
inline constexpr std::string_view k_rule_glibcxx_too_old = "binary.glibcxx-too-old";
inline constexpr std::string_view k_rule_missing_library = "binary.missing-library";
inline constexpr std::string_view k_rule_missing_symbol_version = "binary.missing-symbol-version";
inline constexpr std::string_view k_rule_no_kernel_for_gpu = "binary.no-kernel-for-gpu";
inline constexpr std::string_view k_rule_undefined_symbol = "binary.undefined-symbol";
inline constexpr std::string_view k_rule_elf_malformed = "input.elf-malformed";

struct BinaryRule {
  std::string_view id;
  Severity severity;
  std::string_view title;
};

// The rules of this layer, sorted by id, for the check layer's catalogue.
std::span<const BinaryRule> binary_rules();

// What the driver needs to JIT-compile one PTX ISA version, as the caller
// found it: this layer holds no version facts (the check layer asks the
// knowledge base). Added to ptx-jit findings, with the facts it rests on.
struct PtxNote {
  std::string text;             // "PTX ISA 9.0 needs a driver for CUDA 13.0 or newer (...)": ends the message
  std::vector<Origin> sources;  // kb rows
};

struct FindingContext {
  // The distribution that installed the module, when known: named in
  // messages and fixes, and added to every finding's origins.
  std::optional<Origin> owner;
  std::string owner_name;  // "flash-attn"
  // torch's C++ ABI (detect_cxx_abi over libtorch_cpu.so's symbols) and where it was read.
  std::optional<CxxAbi> torch_abi;
  std::string torch_library;
  // The machine's GPUs; empty: no GPU finding is made.
  std::vector<ComputeCapability> gpus;
  // By PTX ISA version ("9.0"); an ISA without a note is only named.
  std::map<std::string, PtxNote, std::less<>> ptx_notes;
  // At most this many symbols are listed in a finding's detail.
  std::size_t max_listed_symbols = 20;
  // The report is of a shared library, not an extension module: messages say
  // "loading" rather than "importing"; GPU coverage is evaluate_library()'s
  // (fatbins judged together: a library picks its kernel set by arch); the
  // C++ ABI is compared with torch's only when the library links libtorch or
  // libc10 (a C API such as cuBLAS's shares no C++ type with torch).
  bool library = false;
};

std::vector<Finding> module_findings(const ModuleReport& report, const FindingContext& context = {});

// input.elf-malformed for a file that could not be read.
Finding malformed_elf_finding(const std::string& path, const ElfError& error,
                              const std::optional<Origin>& owner = std::nullopt);

}  // namespace mlstack::binary
