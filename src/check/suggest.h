// SPDX-License-Identifier: MIT
// What to install instead: a command or requirement a person can paste,
// computed from the stack and the knowledge base, or empty when the facts do
// not name one.
#pragma once

#include <string>
#include <string_view>

#include "check/stack.h"
#include "kb/knowledge_base.h"
#include "pep/requirement.h"

namespace mlstack::check {

std::string suggest_fix(const kb::KnowledgeBase& kb, const Stack& stack, const StackPackage& package,
                        const pep::Requirement& violated, std::string_view rule);

// The flash-attn prebuilt wheel label that matches this stack's torch, CUDA
// major, C++ ABI and Python, searching releases newest first; empty when the
// kb knows of none.
std::string matching_flash_attn_wheel(const kb::KnowledgeBase& kb, const Stack& stack);

}  // namespace mlstack::check
