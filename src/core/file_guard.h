// SPDX-License-Identifier: MIT
// Guards for opening files from untrusted trees and environments: a FIFO,
// socket or device named like a manifest is never opened for reading (opening
// a FIFO blocks until someone writes to it), a file over a size limit is not
// read, and a path is judged inside or outside a root by where it really is
// (symbolic links resolved), not by how it is spelled.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"

namespace mlstack {

// "a FIFO (named pipe)", "a socket", "a character device", "a block device",
// "a directory" for those kinds of file; nullopt for a regular file.
std::optional<std::string_view> special_file_kind(mode_t mode);

// Why a file was not opened, so that callers can tell a skipped special file
// (a note) from one that could not be read (an error).
enum class OpenRefusal { Unreadable, Special, TooLarge };

struct OpenError {
  OpenRefusal refusal = OpenRefusal::Unreadable;
  std::string message;  // names the path and the reason
};

struct OpenedFile {
  int fd = -1;             // the caller closes it
  std::uint64_t size = 0;  // from fstat of that descriptor
};

// Opens `path` read-only without blocking (O_NONBLOCK, cleared again once the
// descriptor is known to be a regular file) and without becoming its
// controlling terminal; refuses anything but a regular file and, when
// `max_bytes` is set, a file larger than it.
Expected<OpenedFile, OpenError> open_regular_file(const std::string& path,
                                                  std::uint64_t max_bytes = std::numeric_limits<std::uint64_t>::max());

// Reads `path` whole through open_regular_file.
Expected<std::string, OpenError> read_regular_file(const std::string& path,
                                                   std::uint64_t max_bytes = std::numeric_limits<std::uint64_t>::max());

// Reads what the user handed on the command line as a stream: "-" is
// standard input, /dev/stdin and /dev/fd/N (a shell's `<(cmd)`) are already
// open descriptors; anything else goes through read_regular_file, so that a
// named FIFO is refused instead of blocking. Stops with an error past
// `max_bytes`.
bool is_stream_argument(std::string_view path);
Expected<std::string, std::string> read_argument_file(const std::string& path, std::uint64_t max_bytes);

// The real, absolute path of `path` (symbolic links resolved), or nullopt.
std::optional<std::string> real_path(const std::string& path);

// Whether the real path `path` is `root` or lies under it (both already real).
bool is_within(std::string_view root, std::string_view path);

}  // namespace mlstack
