// SPDX-License-Identifier: MIT
// Small stacks for rule tests: `make_stack({"torch==2.3.0+cu121", ...})`.
#pragma once

#include <initializer_list>
#include <string>

#include "check/stack.h"
#include "kb/loader.h"

namespace mlstack::check::testing {

// Each item is "name==version" (exact) or any other requirement (a constraint).
Stack make_stack(std::initializer_list<const char*> packages, Stack::Kind kind = Stack::Kind::Environment);

// The built-in knowledge base, loaded once.
const kb::KnowledgeBase& builtin_kb();

}  // namespace mlstack::check::testing
