// SPDX-License-Identifier: MIT
#include "check/stack_builder.h"

#include <stdexcept>

#include "pep/name.h"
#include "pep/requirement.h"

namespace mlstack::check::testing {

Stack make_stack(std::initializer_list<const char*> packages, Stack::Kind kind) {
  Stack stack;
  stack.label = "test-stack";
  stack.kind = kind;
  std::size_t line = 0;
  for (const char* text : packages) {
    ++line;
    auto req = pep::Requirement::parse(text);
    if (!req) throw std::runtime_error(std::string("bad test requirement: ") + text);
    StackPackage p;
    p.name = pep::canonicalize_name(req->name);
    p.display_name = req->name;
    p.requirement = text;
    p.origin = Origin::file("requirements.txt", line, 1);
    auto clauses = req->specifier.clauses();
    if (clauses.size() == 1 && clauses[0].op() == pep::Specifier::Op::Equal && !clauses[0].has_wildcard()) {
      p.version = *pep::Version::parse(clauses[0].version_text());
    } else {
      p.constraint = req->specifier;
    }
    stack.packages.push_back(std::move(p));
  }
  return stack;
}

const kb::KnowledgeBase& builtin_kb() {
  static const kb::LoadResult loaded = kb::load_embedded();
  return loaded.kb;
}

}  // namespace mlstack::check::testing
