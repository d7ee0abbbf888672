// SPDX-License-Identifier: MIT
// Wheel compatibility tags (PEP 425) and the ordered tags a Platform supports.
//
// Traps:
// - A tag in a filename may be a compressed set: "py2.py3-none-any" is two
//   tags; "manylinux_2_17_x86_64.manylinux2014_x86_64" is one wheel for two
//   spellings of the same platform (PEP 600's legacy aliases: manylinux1 =
//   glibc 2.5, manylinux2010 = 2.12, manylinux2014 = 2.17).
// - Priority follows packaging 26's sys_tags: interpreter first, then
//   platform, then ABI; cpXY-abi3 tags admit every later CPython 3 (not
//   free-threaded builds, which take abi3t); "py3-none-any" comes last.
// - A manylinux_2_X wheel needs glibc >= 2.X on the same architecture; a
//   musllinux_1_X wheel needs musl >= 1.X; macOS 11+ also accepts
//   universal2 wheels built for 10.x.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/platform.h"

namespace mlstack::pep {

struct WheelFilename;

struct Tag {
  std::string interpreter;  // "cp311", "py3"
  std::string abi;          // "cp311", "abi3", "none"
  std::string platform;     // "manylinux_2_17_x86_64", "any"

  // One tag, "cp311-cp311-linux_x86_64" (lowercased); a compressed set that
  // expands to more than one tag is an error here (see parse_tag_set).
  static Expected<Tag, ParseError> parse(std::string_view text);

  std::string str() const;  // "cp311-cp311-linux_x86_64"
  bool operator==(const Tag&) const = default;
};

struct TagSetOptions {
  bool validate_order = false;       // PEP 425: compressed components must be sorted
  std::optional<int64_t> limit;      // fail when the set would expand beyond this
};

// "py2.py3-none-any" -> [py2-none-any, py3-none-any] (interpreter x abi x
// platform order), with packaging's errors: "Tag '-none-any' has an empty
// component: ''", "... has an invalid interpreter: '2'", "... must have
// exactly three components", "Tag component 'py3.py2' is not in sorted order
// per PEP 425", "Compressed tag set would generate 2 tags, exceeding limit 1".
Expected<std::vector<Tag>, ParseError> parse_tag_set(std::string_view text, TagSetOptions options = {});

// The tags an interpreter on this Platform accepts, most preferred first
// (packaging's sys_tags for that interpreter). Platform tags need the libc
// version on Linux and the macOS version on macOS; without them only the
// generic tags (linux_<arch>, any) are produced.
std::vector<Tag> supported_tags(const Platform& platform);

// The platform tags alone, most preferred first ("linux_x86_64",
// "manylinux_2_35_x86_64", ... "manylinux1_x86_64").
std::vector<std::string> platform_tags(const Platform& platform);

// The building blocks, as packaging exposes them (used for its vectors).
std::vector<Tag> cpython_tags(std::vector<int> python_version, std::vector<std::string> abis,
                              const std::vector<std::string>& platforms);
std::vector<Tag> generic_tags(const std::string& interpreter, std::vector<std::string> abis,
                              const std::vector<std::string>& platforms);
std::vector<Tag> compatible_tags(const std::vector<int>& python_version, const std::string& interpreter,
                                 const std::vector<std::string>& platforms);
// Fails with "python_version must contain at least one item" for [].
Expected<std::vector<Tag>, std::string> pure_python_tags(const std::vector<int>& python_version);
std::vector<std::string> mac_platforms(int major, int minor, const std::string& arch);

struct TagCompatibility {
  enum class Reason { Python, Abi, Platform };
  bool compatible = false;
  std::size_t priority = 0;  // when compatible: index of the best tag in supported_tags (0 is best)
  Reason reason = Reason::Python;  // when not
  std::string detail;              // "needs cp312; this interpreter is cp311"
};

std::string_view to_string(TagCompatibility::Reason reason);  // "python", "abi", "platform"

// Whether a wheel installs on the Platform, and if not, which part of its
// tags rules it out first (interpreter, then ABI, then platform).
TagCompatibility wheel_compatibility(const WheelFilename& wheel, const Platform& platform);
TagCompatibility tag_compatibility(const std::vector<Tag>& wheel_tags, const std::vector<Tag>& supported);

}  // namespace mlstack::pep
