// SPDX-License-Identifier: MIT
#include "kb/local_label.h"

#include <cctype>

namespace mlstack::kb {

namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Consumes `prefix` at `at`.
bool eat(std::string_view text, std::size_t& at, std::string_view prefix) {
  if (text.substr(at, prefix.size()) != prefix) return false;
  at += prefix.size();
  return true;
}

std::string_view digits(std::string_view text, std::size_t& at) {
  std::size_t start = at;
  while (at < text.size() && is_digit(text[at])) ++at;
  return text.substr(start, at - start);
}

}  // namespace

LocalLabel parse_local_label(std::string_view local) {
  LocalLabel label;
  for (char c : local) label.text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string_view text = label.text;
  std::size_t at = 0;

  if (text == "cpu") {
    label.accelerator = LocalLabel::Accelerator::Cpu;
    return label;
  }
  if (eat(text, at, "rocm")) {
    label.accelerator = LocalLabel::Accelerator::Rocm;
    label.rocm = std::string(text.substr(at));
    return label;
  }
  if (text == "xpu") {
    label.accelerator = LocalLabel::Accelerator::Xpu;
    return label;
  }
  if (!eat(text, at, "cu")) return label;
  std::string_view cuda = digits(text, at);
  // Two digits name a major (cu11, cu12); three, a major and a one-digit minor
  // (cu118, cu121, cu130), which is how every CUDA variant so far is spelled.
  if (cuda.size() == 2) {
    label.cuda_major = std::stoi(std::string(cuda));
  } else if (cuda.size() == 3) {
    label.cuda_major = std::stoi(std::string(cuda.substr(0, 2)));
    label.cuda_minor = cuda[2] - '0';
  } else {
    return label;
  }
  label.accelerator = LocalLabel::Accelerator::Cuda;
  label.cuda_tag = "cu" + std::string(cuda);

  if (eat(text, at, "torch")) {
    std::size_t start = at;
    digits(text, at);
    if (eat(text, at, ".")) digits(text, at);
    label.torch = std::string(text.substr(start, at - start));
  }
  if (eat(text, at, "cxx11abi")) {
    if (eat(text, at, "true")) label.cxx11abi = true;
    else if (eat(text, at, "false")) label.cxx11abi = false;
  }
  return label;
}

}  // namespace mlstack::kb
