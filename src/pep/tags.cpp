// SPDX-License-Identifier: MIT
#include "pep/tags.h"

#include <algorithm>

#include "pep/detail/text.h"
#include "pep/wheel_filename.h"

namespace mlstack::pep {

namespace {

std::string nodot(const std::vector<int>& version, std::size_t parts) {
  std::string out;
  for (std::size_t i = 0; i < std::min(parts, version.size()); ++i) out += std::to_string(version[i]);
  return out;
}

bool at_least(const std::vector<int>& version, int major, int minor) {
  const int bound[2] = {major, minor};
  return !std::lexicographical_compare(version.begin(), version.end(), std::begin(bound), std::end(bound));
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = detail::lower(c);
  return out;
}

// str.isidentifier() for the characters tags use: a letter or "_" first,
// then letters, digits or "_" (non-ASCII bytes count as letters).
bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  auto letter = [](char c) { return detail::is_alpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; };
  if (!letter(text[0])) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) { return letter(c) || detail::is_digit(c); });
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  parts.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), separator)) + 1);
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// Calls f with each '.'-separated part of `text` (one empty part for "").
template <typename F>
void for_each_part(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find('.', start);
    f(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return;
    start = at + 1;
  }
}

bool is_threaded_abi(const std::vector<std::string>& abis) {
  if (abis.empty() || abis[0].size() < 3 || abis[0].compare(0, 2, "cp") != 0 || !detail::is_digit(abis[0][2])) {
    return false;
  }
  std::size_t i = 2;
  while (i < abis[0].size() && detail::is_digit(abis[0][i])) ++i;
  return abis[0].find('t', i) != std::string::npos;
}

void remove_first(std::vector<std::string>* list, std::string_view value) {
  auto it = std::find(list->begin(), list->end(), value);
  if (it != list->end()) list->erase(it);
}

std::vector<std::string> interpreter_range(const std::vector<int>& version) {
  std::vector<std::string> out;
  if (version.size() > 1) out.push_back("py" + nodot(version, 2));
  out.push_back("py" + std::to_string(version[0]));
  if (version.size() > 1) {
    for (int minor = version[1] - 1; minor >= 0; --minor) out.push_back("py" + nodot({version[0], minor}, 2));
  }
  return out;
}

std::vector<std::string> mac_binary_formats(int major, int minor, const std::string& arch) {
  auto before = [&](int a, int b) { return major < a || (major == a && minor < b); };
  auto after = [&](int a, int b) { return major > a || (major == a && minor > b); };
  std::vector<std::string> formats{arch};
  if (arch == "x86_64") {
    if (before(10, 4)) return {};
    formats.insert(formats.end(), {"intel", "fat64", "fat3"});
  } else if (arch == "i386") {
    if (before(10, 4)) return {};
    formats.insert(formats.end(), {"intel", "fat3", "fat"});
  } else if (arch == "ppc64") {
    if (after(10, 5) || before(10, 4)) return {};
    formats.push_back("fat64");
  } else if (arch == "ppc") {
    if (after(10, 6)) return {};
    formats.insert(formats.end(), {"fat3", "fat"});
  }
  if (arch == "arm64" || arch == "x86_64") formats.push_back("universal2");
  if (arch == "x86_64" || arch == "i386" || arch == "ppc64" || arch == "ppc" || arch == "intel") {
    formats.push_back("universal");
  }
  return formats;
}

// PEP 600 tags from the given glibc down to the oldest glibc wheels target,
// each followed by its legacy alias (packaging's _manylinux.platform_tags).
void manylinux_tags(const std::vector<std::string>& archs, int glibc_major, int glibc_minor,
                    std::vector<std::string>* out) {
  static const std::string_view k_allowed[] = {"x86_64", "aarch64", "ppc64", "ppc64le", "s390x", "loongarch64",
                                               "riscv64", "armv7l", "i686"};
  bool usable = std::any_of(archs.begin(), archs.end(), [](const std::string& arch) {
    return std::find(std::begin(k_allowed), std::end(k_allowed), arch) != std::end(k_allowed);
  });
  if (!usable) return;
  bool x86 = std::any_of(archs.begin(), archs.end(), [](const std::string& a) { return a == "x86_64" || a == "i686"; });
  int too_old_minor = x86 ? 4 : 16;  // glibc 2.5 (x86) / 2.17 are the oldest targets
  std::vector<std::pair<int, int>> maxima{{glibc_major, glibc_minor}};
  for (int major = glibc_major - 1; major > 1; --major) maxima.push_back({major, 50});
  for (const std::string& arch : archs) {
    for (auto [major, max_minor] : maxima) {
      int min_minor = major == 2 ? too_old_minor : -1;
      for (int minor = max_minor; minor > min_minor; --minor) {
        out->push_back("manylinux_" + std::to_string(major) + "_" + std::to_string(minor) + "_" + arch);
        if (major == 2 && minor == 17) out->push_back("manylinux2014_" + arch);
        if (major == 2 && minor == 12) out->push_back("manylinux2010_" + arch);
        if (major == 2 && minor == 5) out->push_back("manylinux1_" + arch);
      }
    }
  }
}

std::string join_interpreters(const std::vector<Tag>& tags, std::string Tag::*field, std::size_t limit) {
  // One value past the limit says there are more: a target's hundreds of
  // supported tags need not all be looked at.
  std::vector<std::string> seen;
  for (const Tag& tag : tags) {
    if (seen.size() > limit) break;
    if (std::find(seen.begin(), seen.end(), tag.*field) == seen.end()) seen.push_back(tag.*field);
  }
  std::string out;
  for (std::size_t i = 0; i < seen.size() && i < limit; ++i) out += (i ? ", " : "") + seen[i];
  if (seen.size() > limit) out += ", ...";
  return out;
}

}  // namespace

std::string Tag::str() const { return interpreter + "-" + abi + "-" + platform; }

Expected<std::vector<Tag>, ParseError> parse_tag_set(std::string_view text, TagSetOptions options) {
  auto fail = [&](std::string message) {
    return unexpected(ParseError{std::move(message), 0, text.size(), std::string(text)});
  };
  if (options.limit && *options.limit < 0) return fail("limit must be non-negative");
  // The dot-separated parts of each component are walked in place, not
  // collected: an index page parses thousands of file names, and the lists
  // of parts were most of this function's allocations.
  std::vector<std::string_view> components = split(text, '-');
  auto quoted = [text] { return detail::python_repr(text); };  // messages only: built on failure
  int64_t count = 1;
  std::size_t offset = 0;
  for (std::string_view component : components) {
    bool empty = false, sorted = true;
    int64_t parts = 0;
    std::string_view previous;
    for_each_part(component, [&](std::string_view part) {
      empty = empty || part.empty();
      if (parts > 0 && part < previous) sorted = false;
      previous = part;
      ++parts;
    });
    if (empty) {
      auto error = fail("Tag " + quoted() + " has an empty component: " + detail::python_repr(component));
      error.error.start = offset;
      error.error.len = component.size();
      return error;
    }
    if (options.validate_order && !sorted) {
      return fail("Tag component " + detail::python_repr(component) + " is not in sorted order per PEP 425");
    }
    offset += component.size() + 1;
    count *= parts;
  }
  if (options.limit && count > *options.limit) {
    return fail("Compressed tag set would generate " + std::to_string(count) + " tags, exceeding limit " +
                std::to_string(*options.limit));
  }
  if (components.size() != 3) return fail("Tag " + quoted() + " must have exactly three components");
  std::string_view invalid;  // empty parts were refused above: an invalid one is never ""
  for_each_part(components[0], [&](std::string_view interpreter) {
    if (invalid.empty() && !is_identifier(interpreter)) invalid = interpreter;
  });
  if (!invalid.empty()) return fail("Tag " + quoted() + " has an invalid interpreter: " + detail::python_repr(invalid));
  std::vector<Tag> tags;
  tags.reserve(static_cast<std::size_t>(count));
  for_each_part(components[0], [&](std::string_view interpreter) {
    for_each_part(components[1], [&](std::string_view abi) {
      for_each_part(components[2], [&](std::string_view platform) {
        tags.push_back(Tag{lowercase(interpreter), lowercase(abi), lowercase(platform)});
      });
    });
  });
  return tags;
}

Expected<Tag, ParseError> Tag::parse(std::string_view text) {
  auto tags = parse_tag_set(text);
  if (!tags) return unexpected(std::move(tags).error());
  if (tags->size() != 1) {
    return unexpected(ParseError{"Tag " + detail::python_repr(text) + " is a compressed set of " +
                                     std::to_string(tags->size()) + " tags, not one tag",
                                 0, text.size(), std::string(text)});
  }
  return std::move(tags->front());
}

std::vector<Tag> cpython_tags(std::vector<int> python_version, std::vector<std::string> abis,
                              const std::vector<std::string>& platforms) {
  std::vector<Tag> out;
  std::string interpreter = "cp" + nodot(python_version, 2);
  bool threading = is_threaded_abi(abis);
  remove_first(&abis, "abi3");
  if (threading) remove_first(&abis, "abi3t");
  remove_first(&abis, "none");
  for (const std::string& abi : abis) {
    for (const std::string& platform : platforms) out.push_back({interpreter, abi, platform});
  }
  bool stable = python_version.size() > 1 && at_least(python_version, 3, 2);
  // Free-threaded builds take abi3t (PEP 803) instead of abi3.
  const char* stable_abi = threading ? "abi3t" : "abi3";
  if (stable) {
    for (const std::string& platform : platforms) out.push_back({interpreter, stable_abi, platform});
  }
  for (const std::string& platform : platforms) out.push_back({interpreter, "none", platform});
  if (stable) {
    for (int minor = python_version[1] - 1; minor > 1; --minor) {
      std::string older = "cp" + nodot({python_version[0], minor}, 2);
      for (const std::string& platform : platforms) out.push_back({older, stable_abi, platform});
    }
  }
  return out;
}

std::vector<Tag> generic_tags(const std::string& interpreter, std::vector<std::string> abis,
                              const std::vector<std::string>& platforms) {
  if (std::find(abis.begin(), abis.end(), "none") == abis.end()) abis.push_back("none");
  std::vector<Tag> out;
  for (const std::string& abi : abis) {
    for (const std::string& platform : platforms) out.push_back({interpreter, abi, platform});
  }
  return out;
}

Expected<std::vector<Tag>, std::string> pure_python_tags(const std::vector<int>& python_version) {
  if (python_version.empty()) return unexpected(std::string("python_version must contain at least one item"));
  std::vector<Tag> out;
  for (const std::string& version : interpreter_range(python_version)) out.push_back({version, "none", "any"});
  return out;
}

std::vector<Tag> compatible_tags(const std::vector<int>& python_version, const std::string& interpreter,
                                 const std::vector<std::string>& platforms) {
  std::vector<Tag> out;
  if (python_version.empty()) return out;
  for (const std::string& version : interpreter_range(python_version)) {
    for (const std::string& platform : platforms) out.push_back({version, "none", platform});
  }
  if (!interpreter.empty()) out.push_back({interpreter, "none", "any"});
  auto pure = pure_python_tags(python_version);
  out.insert(out.end(), pure->begin(), pure->end());
  return out;
}

std::vector<std::string> mac_platforms(int major, int minor, const std::string& arch) {
  std::vector<std::string> out;
  auto emit = [&](int a, int b, const std::string& format) {
    out.push_back("macosx_" + std::to_string(a) + "_" + std::to_string(b) + "_" + format);
  };
  if (major == 10) {
    for (int m = minor; m >= 0; --m) {
      for (const std::string& format : mac_binary_formats(10, m, arch)) emit(10, m, format);
    }
  }
  if (major >= 11) {
    for (int a = major; a > 10; --a) {
      for (const std::string& format : mac_binary_formats(a, 0, arch)) emit(a, 0, format);
    }
    // 11+ on x86_64 runs 10.x binaries; on arm64 only their universal2 builds.
    for (int m = 16; m > 3; --m) {
      if (arch == "x86_64") {
        for (const std::string& format : mac_binary_formats(10, m, arch)) emit(10, m, format);
      } else {
        emit(10, m, "universal2");
      }
    }
  }
  return out;
}

std::vector<std::string> platform_tags(const Platform& platform) {
  std::vector<std::string> out;
  if (platform.os == "linux") {
    std::vector<std::string> archs{platform.arch};
    if (platform.arch == "armv8l") archs.push_back("armv7l");
    for (const std::string& arch : archs) out.push_back("linux_" + arch);
    if (platform.libc_version) {
      auto release = platform.libc_version->release();
      int major = static_cast<int>(release[0]), minor = release.size() > 1 ? static_cast<int>(release[1]) : 0;
      if (platform.libc == "glibc") {
        manylinux_tags(archs, major, minor, &out);
      } else if (platform.libc == "musl") {
        for (const std::string& arch : archs) {
          for (int m = minor; m >= 0; --m) {
            out.push_back("musllinux_" + std::to_string(major) + "_" + std::to_string(m) + "_" + arch);
          }
        }
      }
    }
  } else if (platform.os == "macos") {
    std::string arch = platform.arch == "aarch64" ? "arm64" : platform.arch;
    if (platform.macos_version) {
      auto release = platform.macos_version->release();
      out = mac_platforms(static_cast<int>(release[0]), release.size() > 1 ? static_cast<int>(release[1]) : 0, arch);
    }
  } else if (platform.os == "windows") {
    out.push_back(platform.arch == "x86_64" ? "win_amd64"
                  : (platform.arch == "aarch64" || platform.arch == "arm64") ? "win_arm64"
                                                                               : "win32");
  }
  return out;
}

std::vector<Tag> supported_tags(const Platform& platform) {
  if (!platform.python_version) return {};
  auto release = platform.python_version->release();
  std::vector<int> version{static_cast<int>(release[0]), release.size() > 1 ? static_cast<int>(release[1]) : 0};
  std::vector<std::string> platforms = platform_tags(platform);
  std::vector<Tag> out;
  std::string digits = nodot(version, 2);
  if (platform.python_implementation == "cpython") {
    std::string abi = platform.python_abi;
    if (abi.empty()) abi = "cp" + digits + (at_least(version, 3, 8) ? "" : "m");
    out = cpython_tags(version, {abi}, platforms);
    auto compatible = compatible_tags(version, "cp" + digits, platforms);
    out.insert(out.end(), compatible.begin(), compatible.end());
  } else {
    bool pypy = platform.python_implementation == "pypy";
    std::string interpreter = (pypy ? "pp" : platform.python_implementation) + digits;
    std::vector<std::string> abis;
    if (!platform.python_abi.empty()) abis.push_back(platform.python_abi);
    out = generic_tags(interpreter, abis, platforms);
    auto compatible = compatible_tags(version, pypy ? "pp3" : "", platforms);
    out.insert(out.end(), compatible.begin(), compatible.end());
  }
  return out;
}

std::string_view to_string(TagCompatibility::Reason reason) {
  switch (reason) {
    case TagCompatibility::Reason::Python: return "python";
    case TagCompatibility::Reason::Abi: return "abi";
    case TagCompatibility::Reason::Platform: return "platform";
  }
  return "";
}

TagCompatibility tag_compatibility(const std::vector<Tag>& wheel_tags, const std::vector<Tag>& supported) {
  TagCompatibility result;
  for (std::size_t i = 0; i < supported.size(); ++i) {
    if (std::find(wheel_tags.begin(), wheel_tags.end(), supported[i]) != wheel_tags.end()) {
      result.compatible = true;
      result.priority = i;
      return result;
    }
  }
  auto any_pair = [&](auto same) {
    return std::any_of(wheel_tags.begin(), wheel_tags.end(), [&](const Tag& wheel) {
      return std::any_of(supported.begin(), supported.end(), [&](const Tag& tag) { return same(wheel, tag); });
    });
  };
  if (supported.empty()) {
    result.detail = "no tags are supported: the target's Python version is unknown";
  } else if (!any_pair([](const Tag& a, const Tag& b) { return a.interpreter == b.interpreter; })) {
    result.reason = TagCompatibility::Reason::Python;
    result.detail = "wheel is for " + join_interpreters(wheel_tags, &Tag::interpreter, 6) +
                    "; the target accepts " + join_interpreters(supported, &Tag::interpreter, 6);
  } else if (!any_pair([](const Tag& a, const Tag& b) { return a.interpreter == b.interpreter && a.abi == b.abi; })) {
    result.reason = TagCompatibility::Reason::Abi;
    result.detail = "wheel needs ABI " + join_interpreters(wheel_tags, &Tag::abi, 6) + "; the target provides " +
                    join_interpreters(supported, &Tag::abi, 6);
  } else {
    result.reason = TagCompatibility::Reason::Platform;
    result.detail = "wheel is built for " + join_interpreters(wheel_tags, &Tag::platform, 6) +
                    "; the target accepts " + join_interpreters(supported, &Tag::platform, 6);
  }
  return result;
}

TagCompatibility wheel_compatibility(const WheelFilename& wheel, const Platform& platform) {
  return tag_compatibility(wheel.tags, supported_tags(platform));
}

}  // namespace mlstack::pep
