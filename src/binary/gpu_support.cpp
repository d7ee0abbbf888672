// SPDX-License-Identifier: MIT
#include "binary/gpu_support.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

namespace mlstack::binary {

std::optional<ComputeCapability> parse_compute_capability(std::string_view text) {
  if (text.starts_with("sm_")) text.remove_prefix(3);
  else if (text.starts_with("compute_")) text.remove_prefix(8);
  unsigned major = 0, minor = 0;
  auto dot = text.find('.');
  if (dot != std::string_view::npos) {
    auto a = std::from_chars(text.data(), text.data() + dot, major);
    auto b = std::from_chars(text.data() + dot + 1, text.data() + text.size(), minor);
    if (a.ec != std::errc{} || a.ptr != text.data() + dot || b.ec != std::errc{} || b.ptr != text.data() + text.size() ||
        minor > 9) {
      return std::nullopt;
    }
    return ComputeCapability{major, minor};
  }
  unsigned arch = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), arch);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || arch < 10) return std::nullopt;
  return ComputeCapability{arch / 10, arch % 10};
}

std::string to_string(ComputeCapability cc) { return fmt::format("{}.{}", cc.major, cc.minor); }

ComputeCapability compute_capability_of(const FatbinEntry& entry) { return {entry.arch / 10, entry.arch % 10}; }

const char* to_string(KernelSupport support) {
  switch (support) {
    case KernelSupport::Native: return "native";
    case KernelSupport::PtxJit: return "ptx-jit";
    case KernelSupport::Partial: return "partial";
    case KernelSupport::None: return "none";
  }
  return "none";
}

bool sass_runs_on(const FatbinEntry& entry, ComputeCapability cc) {
  if (entry.kind != FatbinKind::Sass) return false;
  const auto target = compute_capability_of(entry);
  if (entry.variant == ArchVariant::ArchSpecific) return cc == target;
  return cc.major == target.major && cc.minor >= target.minor;
}

bool ptx_jits_for(const FatbinEntry& entry, ComputeCapability cc) {
  if (entry.kind != FatbinKind::Ptx) return false;
  const auto target = compute_capability_of(entry);
  switch (entry.variant) {
    case ArchVariant::ArchSpecific: return cc == target;
    case ArchVariant::FamilySpecific: return cc.major == target.major && cc.minor >= target.minor;
    case ArchVariant::Plain: return cc >= target;
  }
  return false;
}

GpuVerdict evaluate(const FatbinListing& listing, ComputeCapability cc) {
  GpuVerdict verdict;
  verdict.cc = cc;
  // Per fatbin: native beats JIT beats nothing.
  struct Best {
    bool native = false;
    bool jit = false;
    std::pair<unsigned, unsigned> isa{0, 0};
  };
  std::map<std::uint32_t, Best> fatbins;
  for (const auto& entry : listing.entries) {
    if (entry.no_code) continue;  // a stub: nothing of it is ever launched
    auto& best = fatbins[entry.fatbin_index];
    if (sass_runs_on(entry, cc)) best.native = true;
    if (ptx_jits_for(entry, cc)) {
      best.jit = true;
      best.isa = std::max(best.isa, std::pair{entry.version_major, entry.version_minor});
    }
  }
  std::pair<unsigned, unsigned> isa{0, 0};
  for (const auto& [index, best] : fatbins) {
    if (best.native) {
      ++verdict.native_fatbins;
    } else if (best.jit) {
      ++verdict.jit_fatbins;
      isa = std::max(isa, best.isa);
    } else {
      ++verdict.missing_fatbins;
    }
  }
  if (verdict.jit_fatbins) verdict.ptx_isa = fmt::format("{}.{}", isa.first, isa.second);
  if (verdict.missing_fatbins == 0) {
    verdict.support = verdict.jit_fatbins ? KernelSupport::PtxJit : KernelSupport::Native;
  } else {
    verdict.support = verdict.missing_fatbins == fatbins.size() ? KernelSupport::None : KernelSupport::Partial;
  }
  return verdict;
}

GpuVerdict evaluate_library(const FatbinListing& listing, ComputeCapability cc) {
  GpuVerdict verdict = evaluate(listing, cc);
  if (verdict.native_fatbins) {
    verdict.support = KernelSupport::Native;
    verdict.ptx_isa.clear();  // the SASS runs; no JIT is needed for this GPU
  } else if (verdict.jit_fatbins) {
    verdict.support = KernelSupport::PtxJit;
  } else if (has_gpu_code(listing)) {
    verdict.support = KernelSupport::None;
  }
  return verdict;
}

GpuCoverage coverage(const FatbinListing& listing, const std::vector<ComputeCapability>& candidates) {
  GpuCoverage out;
  for (const auto& cc : candidates) {
    switch (evaluate(listing, cc).support) {
      case KernelSupport::Native: out.native.push_back(cc); break;
      case KernelSupport::PtxJit: out.ptx_jit.push_back(cc); break;
      case KernelSupport::Partial: out.partial.push_back(cc); break;
      case KernelSupport::None: out.none.push_back(cc); break;
    }
  }
  return out;
}

std::vector<std::string> distinct_targets(const FatbinListing& listing) {
  // SASS before PTX, then by arch and variant.
  std::set<std::tuple<int, unsigned, int, std::string>> seen;
  for (const auto& entry : listing.entries) {
    if (entry.no_code) continue;
    seen.emplace(entry.kind == FatbinKind::Sass ? 0 : 1, entry.arch, static_cast<int>(entry.variant), entry.target());
  }
  std::vector<std::string> out;
  for (const auto& item : seen) out.push_back(std::get<3>(item));
  return out;
}

}  // namespace mlstack::binary
