// SPDX-License-Identifier: MIT
#include "check/stack.h"

#include <charconv>

#include <fmt/format.h>

namespace mlstack::check {
namespace {

std::optional<pep::Version> version_of(std::string_view text) {
  auto v = pep::Version::parse(text);
  if (!v) return std::nullopt;
  return *v;
}

// "86", "8.6", "sm_86", "sm86" -> 86
std::optional<int> parse_compute_capability(std::string_view text) {
  if (text.starts_with("sm_")) text.remove_prefix(3);
  else if (text.starts_with("sm")) text.remove_prefix(2);
  std::string digits;
  if (auto dot = text.find('.'); dot != std::string_view::npos) {
    if (dot == 0 || dot + 2 != text.size()) return std::nullopt;
    digits = std::string(text.substr(0, dot)) + std::string(text.substr(dot + 1));
  } else {
    digits = std::string(text);
  }
  int value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || value < 10 || value > 199) return std::nullopt;
  return value;
}

}  // namespace

const StackPackage* Stack::find(std::string_view canonical_name) const {
  for (const auto& package : packages) {
    if (package.name == canonical_name) return &package;
  }
  return nullptr;
}

std::string Stack::name() const {
  std::string base = label.empty() ? std::string("the stack") : label;
  return condition.empty() ? base : fmt::format("{} ({})", base, condition);
}

const char* to_string(Stack::Kind kind) {
  switch (kind) {
    case Stack::Kind::Environment: return "environment";
    case Stack::Kind::Lock: return "lock";
    case Stack::Kind::Manifest: return "manifest";
    case Stack::Kind::Script: return "script";
    case Stack::Kind::Target: return "target";
  }
  return "manifest";
}

Expected<pep::Platform, std::string> parse_target(std::string_view text) {
  pep::Platform platform;
  platform.gpu_compute_capabilities.clear();
  if (text.empty()) return unexpected(std::string("empty target: expected KEY=VALUE[,KEY=VALUE...]"));
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return unexpected(fmt::format("target item `{}` is not KEY=VALUE", item));
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    auto need_version = [&](std::optional<pep::Version>& slot) -> bool {
      slot = version_of(value);
      return slot.has_value();
    };
    bool ok = true;
    if (key == "python") {
      ok = need_version(platform.python_version);
      if (ok) {
        auto release = platform.python_version->release();
        platform.python_abi = release.size() >= 2 ? fmt::format("cp{}{}", release[0], release[1]) : "";
      }
    } else if (key == "cuda") {
      ok = need_version(platform.driver_cuda);
    } else if (key == "driver") {
      ok = need_version(platform.driver_version);
      if (ok) platform.driver_version_text = std::string(value);
    } else if (key == "toolkit" || key == "nvcc") {
      ok = need_version(platform.cuda_toolkit);
    } else if (key == "glibc") {
      ok = need_version(platform.libc_version);
    } else if (key == "sm" || key == "cc") {
      std::size_t s = 0;
      while (s <= value.size()) {
        std::size_t e = value.find('+', s);
        if (e == std::string_view::npos) e = value.size();
        auto cc = parse_compute_capability(value.substr(s, e - s));
        if (!cc) return unexpected(fmt::format("target `{}`: `{}` is not a compute capability (86, 8.6 or sm_86)", item, value.substr(s, e - s)));
        platform.gpu_compute_capabilities.push_back(*cc);
        s = e + 1;
      }
    } else if (key == "abi" || key == "cxx11abi") {
      if (value == "1" || value == "true" || value == "TRUE") platform.torch_cxx11_abi = true;
      else if (value == "0" || value == "false" || value == "FALSE") platform.torch_cxx11_abi = false;
      else ok = false;
    } else if (key == "arch") {
      platform.arch = std::string(value);
    } else if (key == "os") {
      platform.os = std::string(value);
    } else {
      return unexpected(fmt::format("unknown target key `{}` (known: python, cuda, driver, toolkit, glibc, sm, abi, arch, os)", key));
    }
    if (!ok) return unexpected(fmt::format("target `{}`: `{}` is not a valid value for {}", item, value, key));
  }
  return platform;
}

}  // namespace mlstack::check
