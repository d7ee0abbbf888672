// SPDX-License-Identifier: MIT
#include "project/python/nvcc_flags.h"

#include <cctype>

namespace mlstack::project::python {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"' ||
                        s.front() == '\'' || s.front() == '[' || s.front() == '{'))
    s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"' ||
                        s.back() == '\'' || s.back() == ']' || s.back() == '}'))
    s.remove_suffix(1);
  return s;
}

// 80 for "sm_80", "compute_80", "sm_90a", "80"; 0 when there is no number.
int capability_of(std::string_view arch) {
  std::size_t i = 0;
  while (i < arch.size() && !std::isdigit(static_cast<unsigned char>(arch[i]))) ++i;
  int value = 0;
  for (; i < arch.size() && std::isdigit(static_cast<unsigned char>(arch[i])); ++i) value = value * 10 + (arch[i] - '0');
  return value;
}

GpuArch from_arch_flag(std::string_view value) {
  GpuArch arch;
  value = trim(value);
  if (value.rfind("compute_", 0) == 0) arch.virtual_arch = std::string(value);
  else arch.codes.emplace_back(value);
  arch.capability = capability_of(value);
  return arch;
}

}  // namespace

std::string cxx_standard(std::span<const CompileFlag> flags) {
  std::string out;
  for (const CompileFlag& f : flags) {
    std::string_view t = f.text;
    if (t.rfind("-std=", 0) == 0) out = std::string(t.substr(5));
    else if (t.rfind("--std=", 0) == 0) out = std::string(t.substr(6));
  }
  return out;
}

std::optional<GpuArch> parse_gencode(std::string_view value) {
  value = trim(value);
  std::size_t a = value.find("arch=");
  std::size_t c = value.find("code=");
  if (a == std::string_view::npos && c == std::string_view::npos) return std::nullopt;
  GpuArch arch;
  if (a != std::string_view::npos) {
    std::string_view v = value.substr(a + 5);
    v = v.substr(0, v.find(','));
    arch.virtual_arch = std::string(trim(v));
  }
  if (c != std::string_view::npos) {
    std::string_view codes = trim(value.substr(c + 5));
    while (!codes.empty()) {
      std::size_t comma = codes.find(',');
      std::string_view one = trim(codes.substr(0, comma));
      if (!one.empty()) arch.codes.emplace_back(one);
      if (comma == std::string_view::npos) break;
      codes = codes.substr(comma + 1);
    }
  }
  arch.capability = capability_of(!arch.virtual_arch.empty() ? arch.virtual_arch
                                  : arch.codes.empty()        ? std::string_view()
                                                              : std::string_view(arch.codes.front()));
  if (arch.capability == 0) return std::nullopt;
  return arch;
}

std::vector<GpuArch> gpu_archs(std::span<const CompileFlag> flags) {
  std::vector<GpuArch> out;
  auto add = [&](std::optional<GpuArch> arch, const CompileFlag& flag, const CompileFlag* value) {
    if (!arch || arch->capability == 0) return;
    arch->at = flag.at;
    arch->conditional = flag.conditional || (value && value->conditional);
    arch->via_call = flag.via_call || (value && value->via_call);
    out.push_back(std::move(*arch));
  };
  for (std::size_t i = 0; i < flags.size(); ++i) {
    std::string_view t = flags[i].text;
    const CompileFlag* next = i + 1 < flags.size() ? &flags[i + 1] : nullptr;
    if (t == "-gencode" || t == "--generate-code") {
      if (next) add(parse_gencode(next->text), flags[i], next), ++i;
    } else if (t.rfind("-gencode=", 0) == 0) {
      add(parse_gencode(t.substr(9)), flags[i], nullptr);
    } else if (t.rfind("--generate-code=", 0) == 0) {
      add(parse_gencode(t.substr(16)), flags[i], nullptr);
    } else if (t == "-arch" || t == "--gpu-architecture") {
      if (next) add(from_arch_flag(next->text), flags[i], next), ++i;
    } else if (t.rfind("-arch=", 0) == 0) {
      add(from_arch_flag(t.substr(6)), flags[i], nullptr);
    } else if (t.rfind("--gpu-architecture=", 0) == 0) {
      add(from_arch_flag(t.substr(19)), flags[i], nullptr);
    } else if (t.rfind("-gencode ", 0) == 0) {  // one string holding both words
      add(parse_gencode(t.substr(9)), flags[i], nullptr);
    }
  }
  return out;
}

}  // namespace mlstack::project::python
