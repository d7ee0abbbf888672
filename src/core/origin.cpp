// SPDX-License-Identifier: MIT
#include "core/origin.h"

#include <fmt/format.h>

namespace mlstack {

Origin Origin::file(std::string path, std::size_t line, std::size_t column, std::string context) {
  return Origin{Kind::File, std::move(path), line, column, std::move(context), {}};
}

Origin Origin::dist(std::string name, std::string path) {
  return Origin{Kind::Dist, std::move(path), 0, 0, std::move(name), {}};
}

Origin Origin::fact(std::string id, std::string source) {
  return Origin{Kind::Fact, {}, 0, 0, std::move(id), std::move(source)};
}

Origin Origin::machine(std::string what) { return Origin{Kind::Machine, std::move(what), 0, 0, {}, {}}; }

std::string Origin::to_string() const {
  switch (kind) {
    case Kind::File: {
      std::string out = path;
      if (line > 0) out += fmt::format(":{}", line);
      if (line > 0 && column > 0) out += fmt::format(":{}", column);
      return out;
    }
    case Kind::Dist:
      return path.empty() ? context : fmt::format("{} ({})", context, path);
    case Kind::Fact:
      return source.empty() ? fmt::format("kb:{}", context) : fmt::format("kb:{} ({})", context, source);
    case Kind::Machine:
      return path;
  }
  return path;
}

const char* to_string(Origin::Kind kind) {
  switch (kind) {
    case Origin::Kind::File: return "file";
    case Origin::Kind::Dist: return "dist";
    case Origin::Kind::Fact: return "fact";
    case Origin::Kind::Machine: return "machine";
  }
  return "file";
}

}  // namespace mlstack
