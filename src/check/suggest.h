// SPDX-License-Identifier: MIT
// What to install instead: a command or requirement a person can paste,
// computed from the stack and the knowledge base, or empty when the facts do
// not name one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "check/stack.h"
#include "kb/knowledge_base.h"
#include "pep/requirement.h"

namespace mlstack::check {

std::string suggest_fix(const kb::KnowledgeBase& kb, const Stack& stack, const StackPackage& package,
                        const pep::Requirement& violated, std::string_view rule,
                        const std::optional<pep::Version>& version = std::nullopt);

// The flash-attn prebuilt wheel that matches this stack's torch, CUDA major,
// C++ ABI and Python: of `preferred` when it has one, else of the newest
// release that does; empty when the kb knows of none.
std::string matching_flash_attn_wheel(const kb::KnowledgeBase& kb, const Stack& stack,
                                      const std::optional<pep::Version>& preferred = std::nullopt);

}  // namespace mlstack::check
