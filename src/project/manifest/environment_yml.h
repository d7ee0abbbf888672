// SPDX-License-Identifier: MIT
// conda environment files (environment.yml / environment.yaml).
//
//   channels: [pytorch, defaults]
//   dependencies:
//     - python=3.8.5          conda match spec: `=` is a prefix match (3.8.5.*),
//     - pytorch::pytorch>=2   `==` exact, a space-separated plain version exact,
//     - pip:                  `channel::name` picks a channel
//       - -e .                a pip section is a requirements file, line by line
//
// Conda names are conda's (pytorch, cudatoolkit), not PyPI's: the text keeps
// them; the match spec is written in PEP 440 terms where it has one.
#pragma once

#include <string>
#include <string_view>

#include "core/expected.h"
#include "project/manifest/declared.h"

namespace mlstack::project {

Manifest parse_environment_yml(std::string_view text, const std::string& path);

// "numpy=1.19.2" -> "numpy==1.19.2.*"; "numpy 1.19.2" -> "numpy==1.19.2";
// "numpy>=1.19,<2" unchanged; "conda-forge::numpy" -> "numpy". Fails on
// what it cannot read.
Expected<std::string, std::string> conda_spec_to_pep508(std::string_view spec);

}  // namespace mlstack::project
