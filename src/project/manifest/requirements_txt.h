// SPDX-License-Identifier: MIT
// pip requirements files (requirements*.txt, requirements/*.txt, constraints*.txt).
//
// The format is line-based but not simple. pip first joins lines that end in
// a backslash, then drops comments (`#` at the start or after whitespace, so a
// URL fragment `#egg=x` survives), then expands `${VAR}` from the environment
// (upper-case names only). A line is then split at its first token that starts
// with `-`: what comes before is a requirement, what comes after its options
// (`--hash=sha256:...`, `--config-settings`). A line that starts with `-` is a
// file-wide option: `-r`/`-c` includes relative to this file, `-i`, `--extra-
// index-url`, `-f`, `--pre`, `-e`. A requirement may be PEP 508, `name @ url`,
// a bare URL (`https://.../x-1.0-py3-none-any.whl; sys_platform == "linux"`,
// whose marker must follow "; " because URLs may contain ';') or a local path.
// pip rejects unknown options; so does this reader, as an input error.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "project/manifest/declared.h"

namespace mlstack::project {

struct RequirementsOptions {
  Scope scope = Scope::Runtime;  // Constraint for constraints files and -c includes
  // Values for ${VAR}; a variable not here stays as written with a note.
  const std::map<std::string, std::string>* variables = nullptr;
};

// An -r / -c line.
struct RequirementsInclude {
  std::string target;  // as written
  bool constraint = false;
  Origin origin;
};

struct RequirementsFile {
  Manifest manifest;  // requirements, indexes, --pre, input errors of this file only
  std::vector<RequirementsInclude> includes;
};

// Reads the text of one requirements file shown as `path`; includes are
// returned, not followed.
RequirementsFile parse_requirements(std::string_view text, const std::string& path,
                                    const RequirementsOptions& options = {});

// Reads a root-relative path's text; fails with a message.
using FileLoader = std::function<Expected<std::string, std::string>(const std::string& path)>;

// Reads `path` and, depth first, the files it includes with -r/-c (relative to
// the including file). Included requirements carry `included_from`; a missing
// include, an include cycle and an include leaving the tree are input errors
// at the directive's line; the rest of the file is still read.
Manifest read_requirements(const std::string& path, const FileLoader& load,
                           const RequirementsOptions& options = {});

// "a/b/../c.txt" -> "a/c.txt"; fails (empty) when the path climbs above the root.
std::string normalize_relative(std::string_view path);

}  // namespace mlstack::project
