// SPDX-License-Identifier: MIT
#include "check/wheels.h"

#include <fmt/format.h>

#include "check/fresh_install.h"
#include "kb/flash_attn_wheels.h"
#include "kb/local_label.h"

namespace mlstack::check {
namespace {

std::string minor_of(const pep::Version& v) {
  auto r = v.release();
  return r.size() >= 2 ? fmt::format("{}.{}", r[0], r[1]) : v.str();
}

// The version a declaration installs: its pin, else a fresh install's.
std::optional<pep::Version> installed_version(const kb::KnowledgeBase& kb, const StackPackage& package) {
  if (package.version) return *package.version;
  return allowed_releases(kb, package).newest;
}

std::string describe_target(const kb::FlashAttnTarget& t, const std::string& python_text) {
  return fmt::format("torch {} (CUDA {}, cxx11abi{}), {}, Linux x86_64", t.torch_minor, t.cuda_major,
                     t.cxx11abi ? "TRUE" : "FALSE", python_text);
}

// What a source build needs, as the finding's detail.
std::string source_build_needs(const kb::FlashAttnRelease& release, const TorchBuild& torch, const pep::Platform& platform,
                               bool& cannot_build) {
  std::string out = fmt::format(
      "A source build compiles its CUDA kernels against the installed torch: it needs nvcc{} of CUDA {} (torch's "
      "CUDA major: torch.utils.cpp_extension refuses another), torch installed first (`pip install flash-attn "
      "--no-build-isolation`), and ninja",
      release.min_nvcc.empty() ? "" : " >= " + release.min_nvcc, torch.cuda_major);
  cannot_build = false;
  if (platform.cuda_toolkit) {
    bool wrong_major = platform.cuda_toolkit->release()[0] != static_cast<std::uint64_t>(torch.cuda_major);
    auto min = pep::Version::parse(release.min_nvcc);
    bool too_old = min && *platform.cuda_toolkit < *min;
    if (wrong_major || too_old) {
      cannot_build = true;
      out += fmt::format("; the machine's nvcc is CUDA {}, so the build fails", platform.cuda_toolkit->str());
    }
  }
  return out;
}

}  // namespace

std::optional<TorchBuild> torch_build_of(const kb::KnowledgeBase& kb, const Stack& stack) {
  const StackPackage* torch = stack.find("torch");
  if (torch == nullptr) return std::nullopt;
  auto version = installed_version(kb, *torch);
  if (!version) return std::nullopt;
  kb::LocalLabel label = kb::parse_local_label(version->local_view());
  std::string variant = label.cuda_tag;
  if (variant.empty() && !version->has_local()) {
    // The plain PyPI wheel on Linux x86_64 is the release's default CUDA build.
    const kb::TorchRelease* release = kb.torch_release(*version);
    if (release == nullptr || stack.platform.os != "linux" || stack.platform.arch != "x86_64") return std::nullopt;
    variant = release->pypi_cuda;
    label = kb::parse_local_label(variant);
  }
  if (!label.cuda_major) return std::nullopt;  // a CPU or ROCm build: no CUDA wheel applies
  TorchBuild build{*version, *label.cuda_major, label.cuda_minor, stack.platform.torch_cxx11_abi};
  if (!build.cxx11abi)
    if (const kb::TorchAbiRule* rule = kb.torch_cxx11abi(*version, variant)) build.cxx11abi = rule->cxx11abi;
  return build;
}

std::vector<WheelPick> pick_wheels(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out) {
  std::vector<WheelPick> picks;
  if (stack.kind == Stack::Kind::Environment) return picks;  // installed already: its labels are judged instead
  const StackPackage* flash = stack.find("flash-attn");
  if (flash == nullptr || (flash->version && flash->version->has_local()) || !flash->wheel.empty()) return picks;
  auto version = installed_version(kb, *flash);
  const kb::FlashAttnRelease* release = version ? kb.flash_attn_release(*version) : nullptr;
  auto torch = torch_build_of(kb, stack);
  if (release == nullptr || !torch || !torch->cxx11abi) return picks;
  // An interpreter the release refuses (Requires-Python) is wheel.python's finding: pip builds nothing.
  if (stack.platform.python_version && !release->requires_python.empty())
    if (auto requires_python = pep::SpecifierSet::parse(release->requires_python))
      if (!requires_python->contains(*stack.platform.python_version, true)) return picks;

  kb::FlashAttnTarget target;
  target.torch_minor = minor_of(torch->version);
  target.cuda_major = torch->cuda_major;
  target.cuda_minor = torch->cuda_minor;
  target.cxx11abi = *torch->cxx11abi;
  target.linux_x86_64 = stack.platform.os == "linux" && stack.platform.arch == "x86_64";
  // Without the interpreter, only "no Python has a wheel" can be said.
  std::vector<std::string> pythons;
  if (stack.platform.python_version) pythons.push_back(minor_of(*stack.platform.python_version));
  else
    for (int minor = 6; minor <= 14; ++minor) pythons.push_back(fmt::format("3.{}", minor));
  kb::FlashAttnWheelAnswer answer;
  for (const std::string& python : pythons) {
    target.python = python;
    answer = kb::flash_attn_wheel_for(kb, *version, target);
    if (answer.status != kb::FlashAttnWheelAnswer::Status::None) break;
  }
  const std::string python_text =
      stack.platform.python_version ? "CPython " + pythons.front() : std::string("any CPython");
  if (answer.status == kb::FlashAttnWheelAnswer::Status::Unknown) return picks;
  if (answer.status == kb::FlashAttnWheelAnswer::Status::Found) {
    if (!stack.platform.python_version) return picks;  // a wheel exists for some Python: which one is not known
    picks.push_back(WheelPick{stack.name(), "flash-attn", version->str(), true, answer.filename, answer.url,
                              describe_target(target, python_text), flash->origin, answer.fact->origin()});
    return picks;
  }
  WheelPick pick{stack.name(), "flash-attn", version->str(), false, {}, {}, describe_target(target, python_text),
                 flash->origin, release->fact.origin()};
  picks.push_back(pick);

  bool cannot_build = false;
  Finding finding;
  finding.rule = "wheel.source-build";
  finding.message = fmt::format("flash-attn {}{} has no prebuilt wheel for {}: pip builds it from source", version->str(),
                                flash->version ? "" : fmt::format(" (what `{}` installs today)", flash->requirement),
                                describe_target(target, python_text));
  finding.origins.push_back(flash->origin);
  if (const StackPackage* t = stack.find("torch")) finding.origins.push_back(t->origin);
  finding.origins.push_back(release->fact.origin());
  finding.detail = fmt::format("{} ({}). {}", answer.why, release->tag,
                               source_build_needs(*release, *torch, stack.platform, cannot_build));
  finding.severity = cannot_build ? Severity::Error : Severity::Warning;
  // Keep torch (the project's choice): the newest flash-attn with a wheel for it.
  if (stack.platform.python_version) {
    std::vector<pep::Version> known = kb.releases_of("flash-attn");
    for (auto it = known.rbegin(); it != known.rend(); ++it) {
      kb::FlashAttnWheelAnswer other = kb::flash_attn_wheel_for(kb, *it, target);
      if (other.status != kb::FlashAttnWheelAnswer::Status::Found) continue;
      finding.fix = fmt::format("pin flash-attn=={} in {}: its release has {} for this torch", it->str(), stack.label,
                                other.filename);
      break;
    }
  }
  if (finding.fix.empty())
    finding.fix = fmt::format("build it from source as above, or pin a torch for which a flash-attn release has a wheel "
                              "(`mlstack kb flash-attn {}` lists them)",
                              version->str());
  out.push_back(std::move(finding));
  return picks;
}

}  // namespace mlstack::check
