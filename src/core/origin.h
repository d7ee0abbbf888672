// SPDX-License-Identifier: MIT
// Origin: where a requirement, a fact or a finding's input came from.
// Every claim mlstack prints carries at least one.
#pragma once

#include <string>

namespace mlstack {

struct Origin {
  enum class Kind {
    File,     // a file of the project: path, line, column; `context` names the group/extra/script
    Dist,     // an installed distribution: `path` is its .dist-info folder, `context` its name
    Fact,     // a knowledge-base row: `context` is the fact id, `source` where it was researched
    Machine,  // a probe of the machine: `path` is what was read (/proc/..., nvidia-smi)
  };

  Kind kind = Kind::File;
  std::string path;
  std::size_t line = 0;    // 1-based; 0 when unknown
  std::size_t column = 0;  // 1-based; 0 when unknown
  std::string context;
  std::string source;

  static Origin file(std::string path, std::size_t line = 0, std::size_t column = 0,
                     std::string context = {});
  static Origin dist(std::string name, std::string path);
  static Origin fact(std::string id, std::string source);
  static Origin machine(std::string what);

  // "pyproject.toml:14:5", "torch 2.3.0 (site-packages/torch-2.3.0.dist-info)", "kb:torch-2.3.0 (source)"
  std::string to_string() const;

  friend bool operator==(const Origin&, const Origin&) = default;
};

const char* to_string(Origin::Kind kind);

}  // namespace mlstack
