// SPDX-License-Identifier: MIT
// Fuzzes the shell lexer (quotes, parameter expansion, here-documents,
// redirections), install-command recognition, and the Dockerfile and
// Markdown front ends that feed it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/manifest/shell_lexer.h"
#include "project/manifest/shell_script.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace mlstack::project;
  Manifest script = parse_shell_script(text, "install.sh");
  Manifest docker = parse_dockerfile(text, "Dockerfile");
  Manifest markdown = parse_markdown(text, "README.md");
  ShellVariables variables;
  (void)lex_shell(text, variables);
  (void)shell_glob_match(text.substr(0, text.size() / 2), text.substr(text.size() / 2));
  return static_cast<int>((script.requirements.size() + docker.requirements.size() + markdown.requirements.size()) * 0);
}
