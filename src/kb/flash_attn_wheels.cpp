// SPDX-License-Identifier: MIT
#include "kb/flash_attn_wheels.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kb/local_label.h"

namespace mlstack::kb {
namespace {

std::string python_tag(std::string_view python) {
  std::string out = "cp" + std::string(python);
  out.erase(std::remove(out.begin(), out.end(), '.'), out.end());
  return out;
}

std::string wheel_name(const pep::Version& version, std::string_view cuda_tag, const FlashAttnTarget& target) {
  std::string py = python_tag(target.python);
  return fmt::format("flash_attn-{}+{}torch{}cxx11abi{}-{}-{}-linux_x86_64.whl", version.public_version().str(), cuda_tag,
                     target.torch_minor, target.cxx11abi ? "TRUE" : "FALSE", py, py);
}

// The CUDA tag setup.py asks for: of the release's builds for this torch
// minor, the tags of torch's CUDA major; when there are several (2.3.0 to
// 2.3.5 named the torch variant's major.minor), the one equal to it.
std::optional<std::string> cuda_tag_for(const KnowledgeBase& kb, const pep::Version& version,
                                        const FlashAttnTarget& target) {
  std::set<std::string> tags;
  for (const FlashAttnBuild* build : kb.flash_attn_builds_for(version)) {
    if (build->torch != target.torch_minor) continue;
    if (parse_local_label(build->cuda_tag).cuda_major == target.cuda_major) tags.insert(build->cuda_tag);
  }
  if (tags.size() == 1) return *tags.begin();
  if (tags.size() > 1 && target.cuda_minor) {
    std::string exact = fmt::format("cu{}{}", target.cuda_major, *target.cuda_minor);
    if (tags.contains(exact)) return exact;
  }
  return std::nullopt;
}

}  // namespace

FlashAttnWheelAnswer flash_attn_wheel_for(const KnowledgeBase& kb, const pep::Version& version,
                                          const FlashAttnTarget& target) {
  FlashAttnWheelAnswer answer;
  const FlashAttnRelease* release = kb.flash_attn_release(version);
  if (release == nullptr) {
    answer.why = fmt::format("flash-attn {} is not in the knowledge base", version.public_version().str());
    return answer;
  }
  answer.fact = &release->fact;
  if (!target.linux_x86_64) {
    answer.status = FlashAttnWheelAnswer::Status::None;
    answer.why = "the releases carry Linux x86_64 wheels only";
    return answer;
  }
  std::optional<std::string> tag = cuda_tag_for(kb, version, target);
  if (!tag) {
    const std::vector<const FlashAttnBuild*> builds = kb.flash_attn_builds_for(version);
    bool any_for_torch = false, several = false;
    for (const FlashAttnBuild* b : builds) {
      any_for_torch |= b->torch == target.torch_minor;
      several |= b->torch == target.torch_minor && parse_local_label(b->cuda_tag).cuda_major == target.cuda_major;
    }
    if (several) {
      answer.why = "the release has several CUDA tags for that torch and CUDA major";
      return answer;  // Unknown: which one setup.py asks for is not known
    }
    answer.status = FlashAttnWheelAnswer::Status::None;
    answer.why = any_for_torch ? fmt::format("its CI built no CUDA {} wheel for torch {}", target.cuda_major, target.torch_minor)
                               : fmt::format("its CI built no wheel for torch {}", target.torch_minor);
    return answer;
  }
  answer.filename = wheel_name(version, *tag, target);
  if (auto evidence = kb.flash_attn_wheel(version, *tag, target.torch_minor, target.cxx11abi, target.python)) {
    answer.status = FlashAttnWheelAnswer::Status::Found;
    answer.fact = evidence->fact;
    answer.url = fmt::format("https://github.com/Dao-AILab/flash-attention/releases/download/{}/{}", release->tag,
                             answer.filename);
    return answer;
  }
  answer.status = FlashAttnWheelAnswer::Status::None;
  answer.why = fmt::format("its CI built the torch {} {} wheels for other Pythons or the other C++ ABI", target.torch_minor, *tag);
  return answer;
}

}  // namespace mlstack::kb
