// SPDX-License-Identifier: MIT
#include "plan/target.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/edit_distance.h"

namespace mlstack::plan {

namespace {

constexpr std::string_view k_fields = "gpu, sm, driver, cuda, python, glibc, arch, os, toolkit";

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::optional<pep::Version> version_of(std::string_view text) {
  auto v = pep::Version::parse(text);
  if (!v || v->is_prerelease() || v->has_local()) return std::nullopt;
  return *v;
}

// "86", "8.6", "sm_86", "sm86" -> 8.6.
std::optional<pep::Version> compute_capability(std::string_view text) {
  std::string t = lower(text);
  if (t.starts_with("sm_")) t.erase(0, 3);
  else if (t.starts_with("sm")) t.erase(0, 2);
  if (t.find('.') == std::string::npos) {
    if (t.size() < 2 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    t = t.substr(0, t.size() - 1) + "." + t.back();
  }
  return version_of(t);
}

std::string sm_text(const pep::Version& cc) {
  auto release = cc.release();
  return fmt::format("sm_{}{}", release[0], release.size() > 1 ? release[1] : 0);
}

// Fills driver_cuda from the kb's minimum-driver table, with the sentence.
void cuda_of_driver(PlanTarget& target, const kb::KnowledgeBase& kb) {
  if (!target.platform.driver_version || target.platform.driver_cuda) return;
  const kb::CudaToolkit* toolkit = kb.highest_cuda_for_driver(*target.platform.driver_version);
  if (toolkit == nullptr) {
    target.notes.push_back(fmt::format("the kb has no CUDA release whose minimum Linux driver is {} or older; "
                                       "CUDA builds cannot be chosen for it",
                                       target.driver));
    return;
  }
  target.platform.driver_cuda = toolkit->version;
  target.driver_cuda_fact = toolkit->fact.origin();
  target.notes.push_back(fmt::format("driver {} supports CUDA {} at most: CUDA {} is the newest release whose "
                                     "minimum Linux driver ({}) it meets ({})",
                                     target.driver, toolkit->version.str(), toolkit->version.str(),
                                     toolkit->driver_linux_text, toolkit->fact.id));
}

}  // namespace

std::vector<std::string> nearest_gpu_names(std::string_view name, const kb::KnowledgeBase& kb) {
  std::string key = lower(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const kb::GpuArch& row : kb.gpu_archs) {
    for (const std::string& gpu : row.gpus) {
      // The distance to the name or to any tail of it that starts a word,
      // so "A6000x" is near "NVIDIA RTX A6000".
      std::string candidate = lower(gpu);
      std::size_t best = edit_distance(key, candidate);
      for (std::size_t at = candidate.find(' '); at != std::string::npos; at = candidate.find(' ', at + 1))
        best = std::min(best, edit_distance(key, std::string_view(candidate).substr(at + 1)));
      scored.emplace_back(best, gpu);
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && out.size() < 3; ++i) out.push_back(scored[i].second);
  return out;
}

Expected<PlanTarget, TargetError> parse_target_spec(std::string_view text, const kb::KnowledgeBase& kb) {
  auto fail = [&](std::string message) {
    return unexpected(TargetError{fmt::format("--target {}: {}", text, message)});
  };
  PlanTarget target;
  target.where = fmt::format("--target {}", text);
  target.platform.gpu_compute_capabilities.clear();
  bool has_glibc = false;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos)
      return fail(fmt::format("`{}` is not FIELD=VALUE (accepted fields: {})", item, k_fields));
    std::string key = lower(item.substr(0, eq));
    std::string_view value = item.substr(eq + 1);
    auto need = [&](std::optional<pep::Version> parsed, std::optional<pep::Version>& slot, const char* what)
        -> std::optional<TargetError> {
      if (!parsed) return TargetError{fmt::format("--target {}: {}=`{}` is not {}", text, key, value, what)};
      slot = parsed;
      return std::nullopt;
    };
    std::optional<TargetError> error;
    if (key == "gpu") {
      for (std::size_t s = 0; s <= value.size();) {
        std::size_t e = std::min(value.find('+', s), value.size());
        std::string_view name = value.substr(s, e - s);
        s = e + 1;
        std::optional<kb::GpuMatch> match = kb.gpu_by_name(name);
        if (!match) {
          std::vector<std::string> near = nearest_gpu_names(name, kb);
          std::string list;
          for (const std::string& n : near) list += (list.empty() ? "" : ", ") + n;
          return fail(fmt::format("the kb knows no GPU named `{}` (nearest: {}); or give its compute capability "
                                  "with sm=8.6",
                                  name, list));
        }
        target.gpus.push_back({std::string(name), match->arch->cc, match->matched_name, match->arch->fact.origin()});
      }
    } else if (key == "sm" || key == "cc") {
      for (std::size_t s = 0; s <= value.size();) {
        std::size_t e = std::min(value.find('+', s), value.size());
        std::string_view one = value.substr(s, e - s);
        s = e + 1;
        auto cc = compute_capability(one);
        if (!cc) return fail(fmt::format("sm=`{}` is not a compute capability (86, 8.6 or sm_86)", one));
        target.gpus.push_back({sm_text(*cc), *cc, "", Origin::machine("--target sm=")});
      }
    } else if (key == "driver") {
      error = need(version_of(value), target.platform.driver_version, "a driver version (535.104.05)");
      target.driver = std::string(value);
    } else if (key == "cuda") {
      error = need(version_of(value), target.platform.driver_cuda, "a CUDA version (12.2)");
    } else if (key == "python") {
      error = need(version_of(value), target.platform.python_version, "a Python version (3.10)");
    } else if (key == "glibc") {
      error = need(version_of(value), target.platform.libc_version, "a glibc version (2.35)");
      has_glibc = true;
    } else if (key == "toolkit" || key == "nvcc") {
      error = need(version_of(value), target.platform.cuda_toolkit, "a CUDA toolkit version (12.1)");
    } else if (key == "arch") {
      if (value != "x86_64" && value != "aarch64")
        return fail(fmt::format("arch=`{}` is not x86_64 or aarch64", value));
      target.platform.arch = std::string(value);
    } else if (key == "os") {
      if (value != "linux") return fail(fmt::format("os=`{}`: plans are made for linux targets only", value));
    } else {
      return fail(fmt::format("unknown field `{}` (accepted fields: {})", key, k_fields));
    }
    if (error) return unexpected(std::move(*error));
  }
  if (!target.platform.python_version)
    return fail(fmt::format("python=X.Y is missing: the plan depends on it (accepted fields: {})", k_fields));
  auto release = target.platform.python_version->release();
  if (release.size() < 2) return fail("python needs major.minor (3.10)");
  target.platform.python_abi = fmt::format("cp{}{}", release[0], release[1]);
  if (!has_glibc) {
    // uv's --python-platform linux means manylinux2014 (glibc 2.17): a plan
    // for the oldest glibc still installs on every newer one.
    target.platform.libc_version = pep::Version::parse("2.17").value();
    target.notes.push_back("glibc not given: assumed 2.17 (manylinux2014), so the plan installs on any newer "
                           "glibc; give glibc=2.35 (`ldd --version`) to admit newer wheels");
  }
  if (!target.gpus.empty() && !target.platform.driver_version && !target.platform.driver_cuda)
    return fail("a GPU without driver=... (or cuda=...): the driver decides which CUDA builds run on it");
  if (target.gpus.empty() && (target.platform.driver_version || target.platform.driver_cuda))
    return fail("a driver without gpu=NAME (or sm=X.Y): the GPU decides which kernels must be in the wheels");
  cuda_of_driver(target, kb);
  for (const TargetGpu& gpu : target.gpus) {
    auto r = gpu.cc.release();
    target.platform.gpu_compute_capabilities.push_back(static_cast<int>(r[0] * 10 + (r.size() > 1 ? r[1] : 0)));
  }
  return target;
}

PlanTarget target_from_machine(const env::Machine& machine, const pep::Platform& platform,
                               const kb::KnowledgeBase& kb, std::string where) {
  PlanTarget target;
  target.platform = platform;
  target.where = std::move(where);
  if (machine.driver) target.driver = machine.driver->version;
  for (const env::Gpu& gpu : machine.gpus) {
    auto cc = compute_capability(gpu.compute_capability);
    std::string kb_name;
    Origin origin = Origin::machine(machine.gpu_source.empty() ? "nvidia-smi" : machine.gpu_source);
    if (!cc) {
      if (auto match = kb.gpu_by_name(gpu.name)) {
        cc = match->arch->cc;
        kb_name = match->matched_name;
        origin = match->arch->fact.origin();
      }
    }
    if (!cc) {
      target.notes.push_back(fmt::format("GPU {} ({}) reports no compute capability and the kb does not know the "
                                         "name: its kernels cannot be checked",
                                         gpu.index, gpu.name));
      continue;
    }
    target.gpus.push_back({gpu.name, *cc, kb_name, origin});
  }
  if (target.platform.driver_cuda && machine.driver && !machine.driver->cuda_version.empty())
    target.notes.push_back(fmt::format("driver {} reports CUDA {} ({})", machine.driver->version,
                                       machine.driver->cuda_version, machine.driver->cuda_source));
  cuda_of_driver(target, kb);
  target.platform.gpu_compute_capabilities.clear();
  for (const TargetGpu& gpu : target.gpus) {
    auto r = gpu.cc.release();
    target.platform.gpu_compute_capabilities.push_back(static_cast<int>(r[0] * 10 + (r.size() > 1 ? r[1] : 0)));
  }
  return target;
}

std::string PlanTarget::describe() const {
  std::vector<std::string> parts;
  for (const TargetGpu& gpu : gpus)
    parts.push_back(fmt::format("{} ({})", gpu.kb_name.empty() ? gpu.name : gpu.kb_name, sm_text(gpu.cc)));
  if (gpus.empty()) parts.push_back("no NVIDIA GPU");
  if (!driver.empty() || platform.driver_cuda)
    parts.push_back(driver.empty() ? fmt::format("a driver for CUDA ≤ {}", platform.driver_cuda->str())
                                   : fmt::format("driver {}{}", driver,
                                                 platform.driver_cuda
                                                     ? fmt::format(" (CUDA ≤ {})", platform.driver_cuda->str())
                                                     : ""));
  if (platform.python_version) parts.push_back("CPython " + platform.python_version->str());
  if (platform.libc_version) parts.push_back("glibc " + platform.libc_version->str());
  parts.push_back(platform.os + " " + platform.arch);
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

}  // namespace mlstack::plan
