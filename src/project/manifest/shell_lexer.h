// SPDX-License-Identifier: MIT
// A static reader of POSIX/bash shell text: splits it into simple commands of
// words, removes quotes, and expands the variables the same text assigned,
// without running anything.
//
// What it understands, because install scripts use it:
//   NAME=value, export/local/declare/readonly NAME=value  (assignments, in order)
//   $NAME ${NAME} ${NAME:-default} ${NAME-d} ${NAME:=d} ${NAME:+alt}
//   ${NAME//pat/rep} ${NAME/pat/rep} ${NAME#pat} ${NAME##pat} ${NAME%pat}
//   ${NAME%%pat} ${NAME^^} ${NAME,,} ${#NAME}   (patterns with * and ?)
//   '...', "...", \x, line continuations, comments, ; && || | & ( ) newlines,
//   redirections (their targets are not words), here-documents (skipped).
// What it cannot know is kept visible, not guessed: $(...), `...`, $1, a
// variable assigned from one of those or never assigned here. Such a word
// lists what it could not expand in `unresolved`.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlstack::project {

struct ShellWord {
  std::string text;    // after quote removal and expansion
  std::size_t offset;  // byte offset of the word's first character in the text
  std::vector<std::string> unresolved;  // "CUDA_VERSION", "$(...)", "$1": what stayed unexpanded
  std::vector<std::string> notes;       // e.g. "TORCH_VERSION is assigned more than once; the last value is used"
};

struct ShellCommand {
  std::vector<ShellWord> words;  // assignments that only prefix the command are dropped
};

// A variable as the script left it: nullopt when its value is not static.
struct ShellVariable {
  std::optional<std::string> value;
  int assignments = 0;
  bool varies = false;  // assigned different static values at different places
};

using ShellVariables = std::map<std::string, ShellVariable, std::less<>>;

// Reads text[begin, end) (all of it by default), starting from `variables`
// and updating them as the text assigns.
std::vector<ShellCommand> lex_shell(std::string_view text, ShellVariables& variables, std::size_t begin = 0,
                                    std::size_t end = std::string_view::npos);

// Bash glob match of `text` against `pattern` (* ? and literal characters).
bool shell_glob_match(std::string_view pattern, std::string_view text);

}  // namespace mlstack::project
