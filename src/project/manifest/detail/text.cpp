// SPDX-License-Identifier: MIT
#include "project/manifest/detail/text.h"

#include <fmt/format.h>

namespace mlstack::project::detail {

std::string_view trim(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

std::string expand_braced_variables(std::string_view text, const std::map<std::string, std::string>* variables,
                                    std::vector<std::string>* notes) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 2, close - open - 2);
    bool valid = !name.empty();
    for (char c : name) {
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) valid = false;
    }
    out.append(text.substr(pos, open - pos));
    auto found = valid && variables != nullptr ? variables->find(std::string(name)) : decltype(variables->end()){};
    if (valid && variables != nullptr && found != variables->end()) {
      out += found->second;
    } else {
      out.append(text.substr(open, close - open + 1));
      if (valid && notes != nullptr) notes->push_back(fmt::format("${{{}}} is not set here", name));
    }
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

bool looks_like_url(std::string_view text) {
  static constexpr std::string_view k_schemes[] = {"http://", "https://", "file:", "ftp://", "git+", "hg+",
                                                   "svn+", "bzr+", "git://"};
  for (auto scheme : k_schemes) {
    if (text.size() >= scheme.size()) {
      bool match = true;
      for (std::size_t i = 0; i < scheme.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != scheme[i]) {
          match = false;
          break;
        }
      }
      if (match) return true;
    }
  }
  return false;
}

RequirementForm classify_requirement_text(std::string_view text) {
  text = trim(text);
  std::size_t end = text.find_first_of(" \t;");
  std::string_view first = text.substr(0, end);
  if (looks_like_url(first)) return RequirementForm::Url;
  // "name @ url" and "name[extra]>=1" are PEP 508; a path has a separator or
  // an archive suffix in its first token and no '@' before it.
  if (first.find('@') != std::string_view::npos) return RequirementForm::Pep508;
  if (first.starts_with(".") || first.starts_with("/") || first.starts_with("~") ||
      first.find('/') != std::string_view::npos || first.find('\\') != std::string_view::npos) {
    return RequirementForm::Path;
  }
  for (std::string_view suffix : {".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"}) {
    if (first.ends_with(suffix)) return RequirementForm::Path;
  }
  return RequirementForm::Pep508;
}

}  // namespace mlstack::project::detail
