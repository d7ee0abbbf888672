// SPDX-License-Identifier: MIT
#include "index/page_codec.h"

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mlstack::index {
namespace {

constexpr std::string_view k_magic = "MLSP";
// v2: each file's classification (kind, name, version, tags) is stored as an
// index into tables of the page's distinct heads and tag sets, parsed once
// per page when read. A change to how filenames are classified must bump
// this and the cache layout (http_cache.cpp), or old entries keep the old answer.
constexpr std::uint32_t k_version = 2;
constexpr std::uint32_t k_none = 0xffffffff;

class Writer {
 public:
  void u8(std::uint8_t v) { m_out += static_cast<char>(v); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    m_out.append(s);
  }
  void hashes(const std::vector<Hash>& hashes) {
    u32(static_cast<std::uint32_t>(hashes.size()));
    for (const auto& h : hashes) {
      str(h.algorithm);
      str(h.hex);
    }
  }
  std::string take() { return std::move(m_out); }

 private:
  void raw(const void* p, std::size_t n) { m_out.append(static_cast<const char*>(p), n); }
  std::string m_out;
};

// Every read is bounds-checked; a short or corrupt entry fails as a whole.
class Reader {
 public:
  explicit Reader(std::string_view in) : m_in(in) {}
  bool ok() const { return m_ok; }
  std::uint8_t u8() {
    std::uint8_t v = 0;
    raw(&v, 1);
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  std::string str() {
    std::uint32_t n = u32();
    if (!m_ok || n > m_in.size() - m_pos) {
      m_ok = false;
      return {};
    }
    std::string s(m_in.substr(m_pos, n));
    m_pos += n;
    return s;
  }
  // A count that cannot exceed what is left (each element takes at least `min_bytes`).
  std::uint32_t count(std::size_t min_bytes) {
    std::uint32_t n = u32();
    if (!m_ok || n > (m_in.size() - m_pos) / min_bytes) m_ok = false;
    return m_ok ? n : 0;
  }
  std::vector<Hash> hashes() {
    std::vector<Hash> out(count(8));
    for (auto& h : out) {
      h.algorithm = str();
      h.hex = str();
    }
    return out;
  }
  bool at_end() const { return m_pos == m_in.size(); }

 private:
  void raw(void* p, std::size_t n) {
    if (!m_ok || n > m_in.size() - m_pos) {
      m_ok = false;
      return;
    }
    std::memcpy(p, m_in.data() + m_pos, n);
    m_pos += n;
  }
  std::string_view m_in;
  std::size_t m_pos = 0;
  bool m_ok = true;
};

}  // namespace

std::string encode_page(const ProjectPage& page) {
  // The distinct (name, version) heads and tag sets of the page's files.
  std::map<std::pair<std::string, std::string>, std::uint32_t> head_index;
  std::map<std::string, std::uint32_t> tag_index;  // by the tags' components, each length-prefixed
  std::vector<const TagList*> tag_sets;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> refs;
  refs.reserve(page.files.size());
  for (const DistFile& f : page.files) {
    std::uint32_t head = k_none, tags = k_none;
    if (!f.name.empty() || f.version) {
      std::pair key(f.name, f.version ? f.version->str() : std::string());
      head = head_index.emplace(std::move(key), static_cast<std::uint32_t>(head_index.size())).first->second;
    }
    if (!f.tags.empty()) {
      std::string key;
      for (const pep::Tag& t : f.tags) {
        for (const std::string* part : {&t.interpreter, &t.abi, &t.platform}) key += std::to_string(part->size()) + ":" + *part;
      }
      auto [it, added] = tag_index.emplace(std::move(key), static_cast<std::uint32_t>(tag_sets.size()));
      if (added) tag_sets.push_back(&f.tags);
      tags = it->second;
    }
    refs.emplace_back(head, tags);
  }
  Writer w;
  w.str(k_magic);
  w.u32(k_version);
  w.str(page.name);
  w.str(page.url);
  w.str(page.api_version);
  w.u32(static_cast<std::uint32_t>(page.versions.size()));
  for (const auto& v : page.versions) w.str(v);
  w.u32(static_cast<std::uint32_t>(page.problems.size()));
  for (const auto& p : page.problems) w.str(p);
  std::vector<const std::pair<const std::pair<std::string, std::string>, std::uint32_t>*> heads(head_index.size());
  for (const auto& entry : head_index) heads[entry.second] = &entry;
  w.u32(static_cast<std::uint32_t>(heads.size()));
  for (const auto* entry : heads) {
    w.str(entry->first.first);
    w.str(entry->first.second);
  }
  w.u32(static_cast<std::uint32_t>(tag_sets.size()));
  for (const TagList* tags : tag_sets) {
    w.u32(static_cast<std::uint32_t>(tags->size()));
    for (const pep::Tag& t : *tags) {
      w.str(t.interpreter);
      w.str(t.abi);
      w.str(t.platform);
    }
  }
  w.u32(static_cast<std::uint32_t>(page.files.size()));
  for (std::size_t i = 0; i < page.files.size(); ++i) {
    const DistFile& f = page.files[i];
    w.str(f.filename);
    w.str(f.url);
    w.hashes(f.hashes);
    w.str(f.requires_python);
    w.u8(f.yanked ? 1 : 0);
    w.str(f.yanked ? *f.yanked : std::string());
    w.u8(f.size ? 1 : 0);
    w.u64(f.size.value_or(0));
    w.str(f.upload_time);
    w.u8(f.core_metadata.available ? 1 : 0);
    w.hashes(f.core_metadata.hashes);
    w.u8(static_cast<std::uint8_t>(f.kind));
    w.u32(refs[i].first);
    w.u32(refs[i].second);
  }
  return w.take();
}

std::optional<ProjectPage> decode_page(std::string_view bytes) {
  Reader r(bytes);
  if (r.str() != k_magic || r.u32() != k_version || !r.ok()) return std::nullopt;
  ProjectPage page;
  page.name = r.str();
  page.url = r.str();
  page.api_version = r.str();
  page.versions.resize(r.count(4));
  for (auto& v : page.versions) v = r.str();
  page.problems.resize(r.count(4));
  for (auto& p : page.problems) p = r.str();
  struct Head {
    std::string name;
    std::optional<pep::Version> version;
  };
  std::vector<Head> heads(r.count(8));
  for (Head& head : heads) {
    head.name = r.str();
    std::string text = r.str();
    if (!r.ok()) return std::nullopt;
    if (text.empty()) continue;
    auto version = pep::Version::parse(text);
    if (!version) return std::nullopt;
    head.version = std::move(*version);
  }
  std::vector<TagList> tag_sets(r.count(4));
  for (TagList& tags : tag_sets) {
    std::vector<pep::Tag> list(r.count(12));
    for (pep::Tag& t : list) {
      t.interpreter = r.str();
      t.abi = r.str();
      t.platform = r.str();
    }
    tags = std::move(list);
  }
  std::uint32_t files = r.count(48);
  page.files.resize(files);
  for (DistFile& f : page.files) {
    f.filename = r.str();
    f.url = r.str();
    f.hashes = r.hashes();
    f.requires_python = r.str();
    bool yanked = r.u8() != 0;
    std::string reason = r.str();
    if (yanked) f.yanked = std::move(reason);
    bool has_size = r.u8() != 0;
    std::uint64_t size = r.u64();
    if (has_size) f.size = size;
    f.upload_time = r.str();
    f.core_metadata.available = r.u8() != 0;
    f.core_metadata.hashes = r.hashes();
    std::uint8_t kind = r.u8();
    std::uint32_t head = r.u32(), tags = r.u32();
    if (!r.ok()) return std::nullopt;
    if (kind > static_cast<std::uint8_t>(FileKind::Other)) return std::nullopt;
    if ((head != k_none && head >= heads.size()) || (tags != k_none && tags >= tag_sets.size())) return std::nullopt;
    f.kind = static_cast<FileKind>(kind);
    if (head != k_none) {
      f.name = heads[head].name;
      f.version = heads[head].version;
    }
    if (tags != k_none) f.tags = tag_sets[tags];
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return page;
}

}  // namespace mlstack::index
