// SPDX-License-Identifier: MIT
// What building an sdist in a plan needs (--allow-build): sentences a
// person can act on before running the install. flash-attn's needs come
// from the kb (its minimum nvcc, torch.utils.cpp_extension's check that
// nvcc matches torch's CUDA); for other packages only what is certain is
// said: their own build backend runs, and mlstack does not open sdists.
#pragma once

#include <string>
#include <vector>

#include "kb/knowledge_base.h"
#include "plan/target.h"
#include "solve/python_provider.h"

namespace mlstack::plan {

std::vector<std::string> build_needs(const kb::KnowledgeBase& kb, const solve::Pick& pick,
                                     const std::vector<solve::Pick>& plan, const PlanTarget& target);

}  // namespace mlstack::plan
