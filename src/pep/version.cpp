// SPDX-License-Identifier: MIT
#include "pep/version.h"

#include <algorithm>
#include <unordered_map>

#include "pep/detail/text.h"

namespace mlstack::pep {

namespace {

using detail::is_alnum;
using detail::is_digit;
using detail::lower;

bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }

// The pre-release spellings in the order packaging's regex tries them.
struct PreSpelling {
  std::string_view text;
  PreKind kind;
};
constexpr PreSpelling k_pre_spellings[] = {
    {"alpha", PreKind::Alpha}, {"a", PreKind::Alpha},  {"beta", PreKind::Beta}, {"b", PreKind::Beta},
    {"preview", PreKind::Rc},  {"pre", PreKind::Rc},   {"c", PreKind::Rc},      {"rc", PreKind::Rc},
};
constexpr std::string_view k_post_spellings[] = {"post", "rev", "r"};

// Packed key, two words compared in order (see version.h):
//   hi: release[0..3], 16 bits each (missing parts are 0, so 1.0 == 1.0.0)
//   lo: pre rank (3 bits: 0 = bare .devN, 1 a, 2 b, 3 rc, 4 none) | pre number (16)
//       | post present (1) | post number (16) | dev absent (1) | dev number (27)
// Each field sorts the way PEP 440 orders that part; 27 bits hold dated dev
// numbers such as dev20240101.
constexpr uint64_t k_release_limit = 1ULL << 16;
constexpr uint64_t k_pre_post_limit = 1ULL << 16;
constexpr uint64_t k_dev_limit = 1ULL << 27;

// Compares two normalised local labels segment by segment. The segments
// before the first differing character are equal in both: the walk starts
// at the one that holds it (builds of one release share most of a label:
// cu12torch2.8cxx11abitrue, cu12torch2.8cxx11abifalse).
std::strong_ordering compare_local(std::string_view a, std::string_view b) {
  std::size_t same = static_cast<std::size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
  if (same == a.size() && same == b.size()) return std::strong_ordering::equal;
  std::size_t dot = a.substr(0, same).rfind('.');
  std::size_t i = dot == std::string_view::npos ? 0 : dot + 1, j = i;
  while (i < a.size() && j < b.size()) {
    std::size_t ie = std::min(a.find('.', i), a.size());
    std::size_t je = std::min(b.find('.', j), b.size());
    std::string_view sa = a.substr(i, ie - i), sb = b.substr(j, je - j);
    bool na = std::all_of(sa.begin(), sa.end(), is_digit);
    bool nb = std::all_of(sb.begin(), sb.end(), is_digit);
    if (na != nb) return na ? std::strong_ordering::greater : std::strong_ordering::less;
    if (na && sa.size() != sb.size()) return sa.size() <=> sb.size();  // no leading zeros
    if (int c = sa.compare(sb); c != 0) return c <=> 0;
    i = ie + 1;
    j = je + 1;
  }
  bool a_more = i < a.size(), b_more = j < b.size();
  return a_more <=> b_more;
}

ParseError invalid(std::string_view text, std::size_t at, std::string_view why = {}) {
  std::string message = "Invalid version: " + detail::python_repr(text);
  if (!why.empty()) message += std::string(" (") + std::string(why) + ")";
  std::size_t len = at < text.size() ? text.size() - at : 1;
  return ParseError{message, at, len, std::string(text)};
}

}  // namespace

std::string_view to_string(PreKind kind) {
  switch (kind) {
    case PreKind::Alpha: return "a";
    case PreKind::Beta: return "b";
    case PreKind::Rc: return "rc";
  }
  return "";
}

Version::Version() {
  m_release_size = 1;
  finish();
}

Expected<Version, ParseError> Version::parse(std::string_view text) {
  std::size_t pos = 0, end = 0;
  detail::strip_space(text, &pos, &end);
  std::string_view s = text.substr(0, end);
  Version v;
  v.m_release_size = 0;
  auto number = [&](uint64_t* out) { return detail::parse_number(s, &pos, out); };
  constexpr std::string_view k_too_large = "version number too large";

  if (pos < end && lower(s[pos]) == 'v') ++pos;
  if (pos >= end || !is_digit(s[pos])) return unexpected(invalid(text, pos));
  uint64_t n = 0;
  std::size_t number_start = pos;
  if (!number(&n)) return unexpected(invalid(text, number_start, k_too_large));
  if (pos < end && s[pos] == '!') {
    v.m_epoch = n;
    ++pos;
    if (pos >= end || !is_digit(s[pos])) return unexpected(invalid(text, pos));
    number_start = pos;
    if (!number(&n)) return unexpected(invalid(text, number_start, k_too_large));
  }
  // Release: N ("." N)*, kept inline up to four parts.
  auto push_release = [&](uint64_t part) {
    if (v.m_release_size < 4) {
      v.m_small[v.m_release_size] = part;
    } else {
      if (v.m_release_size == 4) v.m_large.assign(v.m_small.begin(), v.m_small.end());
      v.m_large.push_back(part);
    }
    ++v.m_release_size;
  };
  push_release(n);
  while (pos + 1 < end && s[pos] == '.' && is_digit(s[pos + 1])) {
    ++pos;
    number_start = pos;
    if (!number(&n)) return unexpected(invalid(text, number_start, k_too_large));
    push_release(n);
  }

  // An optional [-_.] then digits: the number after a suffix letter. The
  // separator is taken even without digits, as the regex does greedily.
  auto suffix_number = [&](uint64_t* out) -> bool {
    std::size_t p = pos;
    if (p < end && is_separator(s[p])) ++p;
    pos = p;
    *out = 0;
    if (p < end && is_digit(s[p])) return number(out);
    return true;
  };

  // Pre-release.
  {
    std::size_t p = pos;
    if (p < end && is_separator(s[p])) ++p;
    for (const PreSpelling& spelling : k_pre_spellings) {
      if (detail::starts_with_ci(s, p, spelling.text)) {
        pos = p + spelling.text.size();
        v.m_pre_kind = static_cast<uint8_t>(spelling.kind);
        number_start = pos;
        if (!suffix_number(&v.m_pre)) return unexpected(invalid(text, number_start, k_too_large));
        break;
      }
    }
  }
  // Post-release: "-N" or [-_.]? (post|rev|r) [-_.]? N?
  if (pos + 1 < end && s[pos] == '-' && is_digit(s[pos + 1])) {
    ++pos;
    number_start = pos;
    v.m_has_post = true;
    if (!number(&v.m_post)) return unexpected(invalid(text, number_start, k_too_large));
  } else {
    std::size_t p = pos;
    if (p < end && is_separator(s[p])) ++p;
    for (std::string_view spelling : k_post_spellings) {
      if (detail::starts_with_ci(s, p, spelling)) {
        pos = p + spelling.size();
        v.m_has_post = true;
        number_start = pos;
        if (!suffix_number(&v.m_post)) return unexpected(invalid(text, number_start, k_too_large));
        break;
      }
    }
  }
  // Development release.
  {
    std::size_t p = pos;
    if (p < end && is_separator(s[p])) ++p;
    if (detail::starts_with_ci(s, p, "dev")) {
      pos = p + 3;
      v.m_has_dev = true;
      number_start = pos;
      if (!suffix_number(&v.m_dev)) return unexpected(invalid(text, number_start, k_too_large));
    }
  }
  // Local label: lowercased, separators unified to ".", numeric segments
  // without leading zeros.
  if (pos < end && s[pos] == '+') {
    ++pos;
    while (true) {
      std::size_t seg = pos;
      while (pos < end && is_alnum(s[pos])) ++pos;
      if (pos == seg) return unexpected(invalid(text, pos));
      std::string_view part = s.substr(seg, pos - seg);
      if (!v.m_local.empty()) v.m_local += '.';
      if (std::all_of(part.begin(), part.end(), is_digit)) {
        std::size_t nz = part.find_first_not_of('0');
        v.m_local += nz == std::string_view::npos ? std::string_view("0") : part.substr(nz);
      } else {
        for (char c : part) v.m_local += lower(c);
      }
      if (pos + 1 < end && is_separator(s[pos]) && is_alnum(s[pos + 1])) {
        ++pos;
        continue;
      }
      break;
    }
  }
  if (pos != end) return unexpected(invalid(text, pos));
  v.finish();
  return v;
}

Version Version::from_parts(uint64_t epoch, std::span<const uint64_t> release,
                            std::optional<std::pair<PreKind, uint64_t>> pre, std::optional<uint64_t> post,
                            std::optional<uint64_t> dev, std::string_view local) {
  Version v;
  v.m_epoch = epoch;
  v.m_release_size = static_cast<uint32_t>(release.size());
  if (release.size() <= 4) {
    v.m_small = {};
    std::copy(release.begin(), release.end(), v.m_small.begin());
  } else {
    v.m_large.assign(release.begin(), release.end());
  }
  if (pre) {
    v.m_pre_kind = static_cast<uint8_t>(pre->first);
    v.m_pre = pre->second;
  }
  v.m_has_post = post.has_value();
  v.m_post = post.value_or(0);
  v.m_has_dev = dev.has_value();
  v.m_dev = dev.value_or(0);
  v.m_local = std::string(local);
  v.finish();
  return v;
}

void Version::finish() {
  m_is_packed = false;
  if (m_epoch != 0 || m_release_size > 4) return;
  uint64_t hi = 0;
  for (uint32_t i = 0; i < m_release_size; ++i) {
    if (m_small[i] >= k_release_limit) return;
    hi |= m_small[i] << (48 - 16 * i);
  }
  if (m_pre >= k_pre_post_limit || m_post >= k_pre_post_limit || m_dev >= k_dev_limit) return;
  uint64_t pre_rank = (m_pre_kind == 0 && !m_has_post && m_has_dev) ? 0 : m_pre_kind == 0 ? 4 : m_pre_kind;
  uint64_t pre_number = m_pre_kind != 0 ? m_pre : 0;
  m_packed_hi = hi;
  m_packed_lo = pre_rank << 61 | pre_number << 45 | uint64_t{m_has_post} << 44 | (m_has_post ? m_post : 0) << 28 |
                uint64_t{!m_has_dev} << 27 | (m_has_dev ? m_dev : 0);
  m_is_packed = true;
}

std::span<const uint64_t> Version::release() const {
  if (m_release_size <= 4) return {m_small.data(), m_release_size};
  return {m_large.data(), m_large.size()};
}

std::span<const uint64_t> Version::trimmed_release() const {
  std::span<const uint64_t> r = release();
  std::size_t n = r.size();
  while (n > 1 && r[n - 1] == 0) --n;
  return r.first(n);
}

std::optional<std::pair<PreKind, uint64_t>> Version::pre() const {
  if (m_pre_kind == 0) return std::nullopt;
  return std::pair{static_cast<PreKind>(m_pre_kind), m_pre};
}
std::optional<uint64_t> Version::post() const {
  return m_has_post ? std::optional<uint64_t>(m_post) : std::nullopt;
}
std::optional<uint64_t> Version::dev() const {
  return m_has_dev ? std::optional<uint64_t>(m_dev) : std::nullopt;
}

std::string Version::str() const {
  std::string out;
  out.reserve(16 + m_local.size());
  if (m_epoch != 0) {
    out += std::to_string(m_epoch);
    out += '!';
  }
  bool first = true;
  for (uint64_t part : release()) {
    if (!first) out += '.';
    out += std::to_string(part);
    first = false;
  }
  if (m_pre_kind != 0) {
    out += to_string(static_cast<PreKind>(m_pre_kind));
    out += std::to_string(m_pre);
  }
  if (m_has_post) {
    out += ".post";
    out += std::to_string(m_post);
  }
  if (m_has_dev) {
    out += ".dev";
    out += std::to_string(m_dev);
  }
  if (!m_local.empty()) {
    out += '+';
    out += m_local;
  }
  return out;
}

Version Version::public_version() const {
  Version v = *this;
  v.m_local.clear();
  v.finish();
  return v;
}

Version Version::base_version() const { return from_parts(m_epoch, release()); }

std::strong_ordering Version::operator<=>(const Version& other) const {
  if (m_is_packed && other.m_is_packed) {
    if (m_packed_hi != other.m_packed_hi) return m_packed_hi <=> other.m_packed_hi;
    if (m_packed_lo != other.m_packed_lo) return m_packed_lo <=> other.m_packed_lo;
    if (m_local.empty() || other.m_local.empty()) return !m_local.empty() <=> !other.m_local.empty();
    return compare_local(m_local, other.m_local);
  }
  return compare_slow(other);
}

bool Version::operator==(const Version& other) const {
  if (m_is_packed && other.m_is_packed) {
    return m_packed_hi == other.m_packed_hi && m_packed_lo == other.m_packed_lo &&
           (m_local == other.m_local || compare_local(m_local, other.m_local) == 0);
  }
  return compare_slow(other) == 0;
}

std::vector<std::size_t> Version::sort_order(std::span<const Version> versions) {
  // Local labels are ranked once among the distinct labels present, so that
  // packed versions then order by four integers and never touch their text.
  std::unordered_map<std::string_view, uint32_t> rank;
  for (const Version& v : versions) {
    if (v.m_is_packed && !v.m_local.empty()) rank.emplace(v.m_local, 0);
  }
  std::vector<std::string_view> labels;
  labels.reserve(rank.size());
  for (const auto& [label, unused] : rank) labels.push_back(label);
  std::sort(labels.begin(), labels.end(), [](std::string_view a, std::string_view b) { return compare_local(a, b) < 0; });
  for (std::size_t i = 0; i < labels.size(); ++i) rank[labels[i]] = static_cast<uint32_t>(i + 1);

  struct Entry {
    uint64_t hi, lo;
    uint32_t local_rank;  // 0: no local label
    uint32_t index;
    bool packed;
  };
  std::vector<Entry> entries(versions.size());
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const Version& v = versions[i];
    uint32_t local = v.m_is_packed && !v.m_local.empty() ? rank[v.m_local] : 0;
    entries[i] = {v.m_packed_hi, v.m_packed_lo, local, static_cast<uint32_t>(i), v.m_is_packed};
  }
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.packed && b.packed) {
      if (a.hi != b.hi) return a.hi < b.hi;
      if (a.lo != b.lo) return a.lo < b.lo;
      if (a.local_rank != b.local_rank) return a.local_rank < b.local_rank;
      return a.index < b.index;
    }
    auto order = versions[a.index] <=> versions[b.index];
    return order != 0 ? order < 0 : a.index < b.index;
  });
  std::vector<std::size_t> out(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) out[i] = entries[i].index;
  return out;
}

std::strong_ordering Version::compare_public(const Version& other) const {
  if (m_is_packed && other.m_is_packed) {
    if (m_packed_hi != other.m_packed_hi) return m_packed_hi <=> other.m_packed_hi;
    return m_packed_lo <=> other.m_packed_lo;
  }
  if (auto c = m_epoch <=> other.m_epoch; c != 0) return c;
  std::span<const uint64_t> a = release(), b = other.release();
  for (std::size_t i = 0, n = std::max(a.size(), b.size()); i < n; ++i) {
    uint64_t x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (auto c = x <=> y; c != 0) return c;
  }
  // Pre-release rank: a bare .devN sorts below every pre-release; no
  // pre-release sorts above them all.
  auto pre_rank = [](const Version& v) -> std::pair<int, uint64_t> {
    if (v.m_pre_kind == 0 && !v.m_has_post && v.m_has_dev) return {0, 0};
    if (v.m_pre_kind == 0) return {4, 0};
    return {v.m_pre_kind, v.m_pre};
  };
  if (auto c = pre_rank(*this) <=> pre_rank(other); c != 0) return c;
  auto post_rank = [](const Version& v) { return std::pair<int, uint64_t>{v.m_has_post, v.m_post}; };
  if (auto c = post_rank(*this) <=> post_rank(other); c != 0) return c;
  auto dev_rank = [](const Version& v) { return std::pair<int, uint64_t>{!v.m_has_dev, v.m_dev}; };
  return dev_rank(*this) <=> dev_rank(other);
}

std::strong_ordering Version::compare_slow(const Version& other) const {
  if (auto c = compare_public(other); c != 0) return c;
  if (m_local.empty() || other.m_local.empty()) return !m_local.empty() <=> !other.m_local.empty();
  return compare_local(m_local, other.m_local);
}

std::string canonicalize_version(const Version& version, bool strip_trailing_zero) {
  if (!strip_trailing_zero) return version.str();
  std::span<const uint64_t> trimmed = version.trimmed_release();
  return Version::from_parts(version.epoch(), trimmed, version.pre(), version.post(), version.dev(),
                             version.local_view())
      .str();
}

std::string canonicalize_version(std::string_view text, bool strip_trailing_zero) {
  auto parsed = Version::parse(text);
  if (!parsed) return std::string(text);
  return canonicalize_version(*parsed, strip_trailing_zero);
}

}  // namespace mlstack::pep
