// SPDX-License-Identifier: MIT
// PEP 440 versions, parsed, printed and ordered exactly as packaging 26 does.
//
// Traps this type handles so callers do not have to:
// - Many spellings, one version: "v1.0-1", "1.0.post1", "1.0-r1" and
//   "1.0_post_1" are all 1.0.post1; "1.0alpha", "1.0a" and "1.0.a0" are 1.0a0;
//   "c", "pre" and "preview" mean "rc". Leading/trailing Unicode whitespace is
//   ignored. Only ASCII digits count ("٠١" is not a version).
// - Trailing zeros do not matter for order or equality: 1.0 == 1.0.0.
// - Order is epoch, release, then pre/post/dev with these rules:
//   1.0.dev0 < 1.0a0.dev0 < 1.0a0 < 1.0a0.post0 < 1.0 < 1.0+local < 1.0.post0.dev0 < 1.0.post0.
//   A bare ".devN" sorts before every pre-release of the same release.
// - Local labels ("+cu121") sort after the public version; segments compare
//   numerically when both are numbers, numbers sort after letters, and a
//   shorter label that is a prefix sorts first. Numeric segments lose their
//   leading zeros when printed ("+01" prints "+1"), as packaging prints them.
//
// Representation: real versions (epoch 0, at most four release numbers below
// 65536, pre/post below 65536, dev below 2^27 -- dated dev builds fit) also
// carry a two-word key whose integer order is PEP 440 order of the public
// part, so comparing two of them is two integer compares plus, only when
// both have local labels, a label compare; other versions (epochs, five-part
// releases, date-sized release numbers) compare field by field. Release numbers are kept inline up to four
// parts, so parsing "2.4.1+cu121" allocates only for a long local label.
// Numbers above 2^64-1 are rejected ("version number too large").
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"

namespace mlstack::pep {

// Pre-release phase, in order: "1.0a1" < "1.0b1" < "1.0rc1".
enum class PreKind : uint8_t { Alpha = 1, Beta = 2, Rc = 3 };

// "a", "b" or "rc".
std::string_view to_string(PreKind kind);

class Version {
 public:
  // "1.0-1" -> 1.0.post1; "v2!1.0RC1" -> 2!1.0rc1. Grammar (case-insensitive):
  //   WS* "v"? (N "!")? N ("." N)* pre? post? dev? ("+" local)? WS*
  //   pre  = [-_.]? (alpha|a|beta|b|preview|pre|c|rc) [-_.]? N?
  //   post = "-" N | [-_.]? (post|rev|r) [-_.]? N?
  //   dev  = [-_.]? dev [-_.]? N?
  //   local = [a-z0-9]+ ([-_.][a-z0-9]+)*
  static Expected<Version, ParseError> parse(std::string_view text);

  // Builds a version from its parts (release must not be empty); local is
  // the normalised label without "+" or empty.
  static Version from_parts(uint64_t epoch, std::span<const uint64_t> release,
                            std::optional<std::pair<PreKind, uint64_t>> pre = std::nullopt,
                            std::optional<uint64_t> post = std::nullopt,
                            std::optional<uint64_t> dev = std::nullopt, std::string_view local = {});

  Version();  // 0

  std::string str() const;  // normalised: "1!2.0rc1.post2.dev3+abc.7"
  uint64_t epoch() const { return m_epoch; }
  std::span<const uint64_t> release() const;
  std::optional<std::pair<PreKind, uint64_t>> pre() const;
  std::optional<uint64_t> post() const;
  std::optional<uint64_t> dev() const;
  std::string local() const { return m_local; }  // "" if none
  std::string_view local_view() const { return m_local; }
  bool has_local() const { return !m_local.empty(); }

  bool is_prerelease() const { return m_pre_kind != 0 || m_has_dev; }
  bool is_postrelease() const { return m_has_post; }
  bool is_devrelease() const { return m_has_dev; }

  Version public_version() const;  // without the local label
  Version base_version() const;    // epoch and release only
  // Release with trailing zeros removed (at least one part): 1.0.0 -> [1].
  std::span<const uint64_t> trimmed_release() const;

  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const;
  // PEP 440 order of the public parts alone (1.0+cu121 and 1.0 are equal):
  // two integer compares for packed versions.
  std::strong_ordering compare_public(const Version& other) const;

  // Indices of `versions` in ascending PEP 440 order, equal versions kept in
  // input order (a stable sort). Faster than sorting the values: it orders
  // compact copies of the packed keys and touches a Version only to break
  // ties between local labels or to compare unpacked versions.
  static std::vector<std::size_t> sort_order(std::span<const Version> versions);

 private:
  void finish();  // computes the packed key after the fields are set
  std::strong_ordering compare_slow(const Version& other) const;

  uint64_t m_packed_hi = 0;  // release part of the order key, valid when m_is_packed
  uint64_t m_packed_lo = 0;  // pre/post/dev part of the order key
  bool m_is_packed = false;
  uint8_t m_pre_kind = 0;  // 0 none, else PreKind
  bool m_has_post = false;
  bool m_has_dev = false;
  uint32_t m_release_size = 0;
  uint64_t m_epoch = 0;
  uint64_t m_pre = 0;
  uint64_t m_post = 0;
  uint64_t m_dev = 0;
  std::array<uint64_t, 4> m_small{};  // release when it has at most 4 parts
  std::vector<uint64_t> m_large;      // release when it has more
  std::string m_local;                // normalised, "." separated
};

// packaging.utils.canonicalize_version: "1.0.0" -> "1", "1.0+abc" -> "1+abc";
// text that is not a version is returned unchanged.
std::string canonicalize_version(std::string_view text, bool strip_trailing_zero = true);
std::string canonicalize_version(const Version& version, bool strip_trailing_zero = true);

}  // namespace mlstack::pep
