// SPDX-License-Identifier: MIT
// PEP 503 project names and PEP 685 extra names.
//
// Names compare after normalisation: runs of "-", "_" and "." collapse to one
// "-", and letters are lowercased, so "Foo_Bar.baz" and "foo-bar-baz" are the
// same project. Validity is separate from normalisation: "_not_legal"
// normalises to "-not-legal" but is not a valid name (a name must start and
// end with a letter or digit), exactly as packaging's canonicalize_name does.
#pragma once

#include <string>
#include <string_view>

#include "core/expected.h"
#include "core/parse_error.h"

namespace mlstack::pep {

// "Foo_Bar.baz" -> "foo-bar-baz". Never fails; invalid names are normalised too.
std::string canonicalize_name(std::string_view name);

// Like canonicalize_name, but rejects names that are not valid PEP 508 names
// ("name is invalid: '_not_legal'").
Expected<std::string, ParseError> canonicalize_name_strict(std::string_view name);

// PEP 508 name grammar: ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$, case-insensitive.
bool is_valid_name(std::string_view name);

// True when name is already in canonical form ("foo-bar", not "foo--bar").
bool is_normalized_name(std::string_view name);

// PEP 685: extras are normalised like names ("PEP_685...norm" -> "pep-685-norm").
std::string canonicalize_extra(std::string_view extra);

}  // namespace mlstack::pep
