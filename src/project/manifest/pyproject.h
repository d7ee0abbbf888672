// SPDX-License-Identifier: MIT
// pyproject.toml: every table that declares what a project needs.
//
//  [project]             PEP 621: dependencies, optional-dependencies (extras),
//                        requires-python, scripts, gui-scripts, entry-points;
//                        `dynamic = ["dependencies"]` means they live elsewhere.
//  [dependency-groups]   PEP 735: groups of requirement strings and
//                        {include-group = "other"} tables (cycles are errors).
//  [build-system]        requires + build-backend: what building needs.
//  [tool.poetry]         dependencies (python = requires-python), dev-dependencies,
//                        group.<g>.dependencies (optional groups), extras, source,
//                        scripts; constraints in Poetry's ^ ~ * language.
//  [tool.uv]             index, sources (per-package index/git/url/path),
//                        dev-dependencies, constraint-/override-dependencies.
//  [tool.pdm]            dev-dependencies, source.
// Malformed TOML is an input.toml-syntax error at its line and column; a table
// of the wrong shape is an input.pyproject-schema error; the rest is still read.
#pragma once

#include <string>
#include <string_view>

#include "project/manifest/declared.h"

namespace mlstack::project {

// Reads a pyproject.toml's text shown as `path` (also an alternative manifest
// like "pyproject.toml_torch_2.6.0", which the scan names as its own stack).
Manifest parse_pyproject(std::string_view text, const std::string& path);

// True when `text` parses as TOML and has a [project], [tool.poetry] or
// [build-system] table: how the scan tells an alternative manifest.
bool looks_like_pyproject(std::string_view text);

}  // namespace mlstack::project
