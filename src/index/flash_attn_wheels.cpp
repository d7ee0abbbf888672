// SPDX-License-Identifier: MIT
#include "index/flash_attn_wheels.h"

#include <algorithm>

#include <fmt/format.h>

#include "kb/local_label.h"

namespace mlstack::index {
namespace {

std::string minor_of(const pep::Version& v) {
  auto r = v.release();
  return r.size() >= 2 ? fmt::format("{}.{}", r[0], r[1]) : v.str();
}

std::string without_dot(std::string_view python) {
  std::string out(python);
  out.erase(std::remove(out.begin(), out.end(), '.'), out.end());
  return out;
}

std::string wheel_name(const pep::Version& version, std::string_view cuda_tag, std::string_view torch, bool abi,
                       std::string_view python) {
  std::string py = without_dot(python);
  return fmt::format("flash_attn-{}+{}torch{}cxx11abi{}-cp{}-cp{}-linux_x86_64.whl", version.str(), cuda_tag, torch,
                     abi ? "TRUE" : "FALSE", py, py);
}

std::string release_url(const kb::KnowledgeBase& kb, const pep::Version& version, std::string_view filename) {
  const kb::FlashAttnRelease* release = kb.flash_attn_release(version);
  std::string tag = release && !release->tag.empty() ? release->tag : "v" + version.str();
  // '+' in the local label is escaped the way GitHub's asset URLs carry it.
  std::string escaped;
  for (char c : filename) escaped += c == '+' ? std::string("%2B") : std::string(1, c);
  return fmt::format("{}{}/{}", k_flash_attn_releases, tag, escaped);
}

}  // namespace

std::vector<WheelCandidate> flash_attn_candidates(const kb::KnowledgeBase& kb, const FlashAttnTarget& target,
                                                  const std::optional<pep::Version>& version) {
  std::vector<WheelCandidate> out;
  kb::LocalLabel torch_label = kb::parse_local_label(target.torch.local());
  std::string torch_minor = minor_of(target.torch);
  std::vector<pep::Version> versions;
  if (version) {
    versions.push_back(version->public_version());
  } else {
    for (const auto& release : kb.flash_attn_releases) versions.push_back(release.version);
    std::sort(versions.rbegin(), versions.rend());
  }
  std::vector<bool> abis;
  if (target.cxx11abi) abis.push_back(*target.cxx11abi);
  else abis = {false, true};
  for (const auto& v : versions) {
    for (const kb::FlashAttnBuild* build : kb.flash_attn_builds_for(v)) {
      if (build->torch != torch_minor) continue;
      kb::LocalLabel build_label = kb::parse_local_label(build->cuda_tag);
      // A torch without a CUDA label (PyPI's default build) is matched on any CUDA major the kb
      // lists for it; a labelled one only on its own major.
      if (torch_label.cuda_major && build_label.cuda_major != torch_label.cuda_major) continue;
      if (torch_label.accelerator == kb::LocalLabel::Accelerator::Cpu ||
          torch_label.accelerator == kb::LocalLabel::Accelerator::Rocm) {
        continue;
      }
      for (bool abi : abis) {
        auto evidence = kb.flash_attn_wheel(v, build->cuda_tag, torch_minor, abi, target.python);
        if (!evidence) continue;
        WheelCandidate c;
        c.version = v;
        c.filename = wheel_name(v, build->cuda_tag, torch_minor, abi, target.python);
        c.url = release_url(kb, v, c.filename);
        c.evidence = Origin::fact(evidence->fact ? evidence->fact->id : std::string("flash_attn.toml"),
                                  evidence->fact ? evidence->fact->source : std::string());
        bool seen = std::any_of(out.begin(), out.end(), [&](const WheelCandidate& o) { return o.filename == c.filename; });
        if (!seen) out.push_back(std::move(c));
      }
    }
  }
  return out;
}

void confirm(RemoteFiles& files, std::vector<WheelCandidate>& candidates) {
  if (files.offline()) {
    for (auto& c : candidates) c.online_detail = "not checked (offline mode)";
    return;  // Unchecked: offline says nothing either way
  }
  std::vector<std::string> urls;
  for (const auto& c : candidates) urls.push_back(c.url);
  auto answers = files.head(urls);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    auto& c = candidates[i];
    if (!answers[i]) {
      c.online = WheelCandidate::Online::Unreachable;
      c.online_detail = answers[i].error();
    } else if (answers[i]->exists()) {
      c.online = WheelCandidate::Online::Exists;
      c.online_detail = answers[i]->size ? fmt::format("HEAD {}: {} bytes", c.url, *answers[i]->size)
                                         : fmt::format("HEAD {}: {}", c.url, answers[i]->status);
    } else {
      c.online = WheelCandidate::Online::Missing;
      c.online_detail = fmt::format("HEAD {}: HTTP {}", c.url, answers[i]->status);
    }
  }
}

}  // namespace mlstack::index
