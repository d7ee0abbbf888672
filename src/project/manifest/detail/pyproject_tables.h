// SPDX-License-Identifier: MIT
// The per-tool halves of the pyproject reader (not a public header).
#pragma once

#include <toml++/toml.h>

#include "project/manifest/declared.h"
#include "project/manifest/detail/toml_util.h"

namespace mlstack::project::detail {

// Adds a schema error: a table or value of the wrong type.
void schema_error(Manifest& manifest, const TomlDocument& doc, const toml::node& node, std::string message);

// [tool.poetry]
void read_poetry(const toml::table& poetry, const TomlDocument& doc, Manifest& manifest);

// [tool.uv] and [tool.pdm]
void read_uv(const toml::table& uv, const TomlDocument& doc, Manifest& manifest);
void read_pdm(const toml::table& pdm, const TomlDocument& doc, Manifest& manifest);

// A list of PEP 508 strings under `key`, added with `scope` and `group`.
void read_requirement_array(const toml::node* node, const TomlDocument& doc, Scope scope, const std::string& group,
                            const std::string& context, Manifest& manifest);

}  // namespace mlstack::project::detail
