// SPDX-License-Identifier: MIT
#include "kb/virtual_package.h"

#include <string>

namespace mlstack::kb {

bool is_virtual_package(std::string_view name) { return name.starts_with("__"); }

Expected<pep::Requirement, ParseError> parse_requirement(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos || !is_virtual_package(text.substr(start)))
    return pep::Requirement::parse(text);
  // Parse the rest as an ordinary requirement, then give the name back its "__".
  std::string_view rest = text.substr(start + 2);
  auto parsed = pep::Requirement::parse(rest);
  if (!parsed) return unexpected(parsed.error().rebased(text, start + 2));
  pep::Requirement requirement = std::move(*parsed);
  requirement.name = "__" + requirement.name;
  return requirement;
}

}  // namespace mlstack::kb
