// SPDX-License-Identifier: MIT
// setup.cfg, the declarative half of setuptools (INI, read like configparser):
//
//   [options]
//   python_requires = >=3.8
//   install_requires =          a multi-line value is one requirement a line;
//       torch>=2.1              a one-line value splits at ';' (setuptools'
//       numpy                   list-semi), so markers need the multi-line form
//   setup_requires = ...
//   [options.extras_require]
//   gpu = triton>=2.1
//   [options.entry_points]
//   console_scripts =
//       tool = pkg.cli:main
//
// `install_requires = file: requirements.txt` names a file the scan reads.
#pragma once

#include <string>
#include <string_view>

#include "project/manifest/declared.h"

namespace mlstack::project {

Manifest parse_setup_cfg(std::string_view text, const std::string& path);

}  // namespace mlstack::project
