// SPDX-License-Identifier: MIT
// PEP 503 HTML project pages and --find-links pages. Not a general HTML
// parser: it reads the tags an index page is made of (<a>, <base>, <meta>),
// skips comments, scripts and everything else, and decodes character
// references in attribute values and link text, as html5lib does for pip.
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "index/detail/page_builder.h"
#include "index/simple_page.h"
#include "index/url.h"

namespace mlstack::index {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Character references: the named ones index pages use, and numeric ones.
std::string decode_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  static constexpr std::pair<std::string_view, std::string_view> k_named[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += '&';
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    bool done = false;
    if (name.starts_with('#') && name.size() > 1) {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      unsigned long code = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
      if (ec == std::errc() && ptr == digits.data() + digits.size() && !digits.empty()) {
        append_utf8(out, code);
        done = true;
      }
    } else {
      for (auto [key, value] : k_named) {
        if (name == key) {
          out += value;
          done = true;
          break;
        }
      }
    }
    if (done) i = semi;
    else out += '&';
  }
  return out;
}

struct Attribute {
  std::string name;  // lowercased
  std::string value;  // entities decoded
  bool has_value = false;
};

struct Tag {
  std::string name;  // lowercased; "/a" for an end tag
  std::vector<Attribute> attributes;

  const Attribute* find(std::string_view key) const {
    for (const auto& a : attributes)
      if (a.name == key) return &a;
    return nullptr;
  }
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_text(text) {}

  // The next tag at or after the cursor; text before it goes to `text`.
  // nullopt at the end; an error when the document ends inside markup.
  Expected<std::optional<Tag>, PageError> next(std::string* text) {
    while (true) {
      std::size_t lt = m_text.find('<', m_pos);
      if (text) text->append(m_text.substr(m_pos, lt == std::string_view::npos ? std::string_view::npos : lt - m_pos));
      if (lt == std::string_view::npos) {
        m_pos = m_text.size();
        return std::optional<Tag>();
      }
      m_pos = lt;
      std::string_view rest = m_text.substr(lt);
      if (rest.starts_with("<!--")) {
        std::size_t end = m_text.find("-->", lt + 4);
        if (end == std::string_view::npos) return unexpected(PageError{"invalid HTML: unterminated comment", lt});
        m_pos = end + 3;
        continue;
      }
      if (rest.starts_with("<!") || rest.starts_with("<?")) {
        std::size_t end = m_text.find('>', lt);
        if (end == std::string_view::npos) return unexpected(PageError{"invalid HTML: unterminated declaration", lt});
        m_pos = end + 1;
        continue;
      }
      std::size_t i = lt + 1;
      bool end_tag = i < m_text.size() && m_text[i] == '/';
      if (end_tag) ++i;
      std::size_t name_start = i;
      while (i < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[i])) || m_text[i] == '-')) ++i;
      if (i == name_start) {
        // A lone '<' is text, as in a browser.
        if (text) *text += '<';
        m_pos = lt + 1;
        continue;
      }
      Tag tag;
      for (char c : m_text.substr(name_start, i - name_start)) tag.name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (end_tag) tag.name = "/" + tag.name;
      auto closed = read_attributes(i, tag);
      if (!closed) return unexpected(closed.error());
      // Raw text elements hold no tags.
      if (tag.name == "script" || tag.name == "style") {
        std::size_t end = find_ci(m_text, "</" + tag.name, m_pos);
        if (end == std::string_view::npos) return unexpected(PageError{"invalid HTML: unterminated <" + tag.name + ">", lt});
        m_pos = end;
        continue;
      }
      return std::optional<Tag>(std::move(tag));
    }
  }

 private:
  static std::size_t find_ci(std::string_view text, std::string_view needle, std::size_t from) {
    for (std::size_t i = from; i + needle.size() <= text.size(); ++i)
      if (iequals(text.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
  }

  Expected<bool, PageError> read_attributes(std::size_t i, Tag& tag) {
    std::size_t start = m_pos;
    auto space = [&] {
      while (i < m_text.size() && (std::isspace(static_cast<unsigned char>(m_text[i])) || m_text[i] == '/')) ++i;
    };
    while (true) {
      space();
      if (i >= m_text.size()) return unexpected(PageError{"invalid HTML: the page ends inside a tag", start});
      if (m_text[i] == '>') {
        m_pos = i + 1;
        return true;
      }
      Attribute attribute;
      while (i < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[i])) && m_text[i] != '=' &&
             m_text[i] != '>' && m_text[i] != '/') {
        attribute.name += static_cast<char>(std::tolower(static_cast<unsigned char>(m_text[i])));
        ++i;
      }
      while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i]))) ++i;
      if (i < m_text.size() && m_text[i] == '=') {
        ++i;
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i]))) ++i;
        if (i >= m_text.size()) return unexpected(PageError{"invalid HTML: the page ends inside a tag", start});
        attribute.has_value = true;
        if (m_text[i] == '"' || m_text[i] == '\'') {
          char quote = m_text[i];
          std::size_t close = m_text.find(quote, i + 1);
          if (close == std::string_view::npos) {
            return unexpected(PageError{"invalid HTML: unterminated attribute value", i});
          }
          attribute.value = decode_entities(m_text.substr(i + 1, close - i - 1));
          i = close + 1;
        } else {
          std::size_t value_start = i;
          while (i < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[i])) && m_text[i] != '>') ++i;
          attribute.value = decode_entities(m_text.substr(value_start, i - value_start));
        }
      }
      if (!attribute.name.empty() && !tag.find(attribute.name)) tag.attributes.push_back(std::move(attribute));
      else if (attribute.name.empty()) ++i;
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

std::string trim(std::string_view text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  return std::string(text.substr(a, b - a));
}

CoreMetadataRef metadata_attribute(const Attribute& attribute) {
  CoreMetadataRef ref;
  if (!attribute.has_value || iequals(attribute.value, "true")) {
    ref.available = true;
  } else if (iequals(attribute.value, "false")) {
    ref.available = false;
  } else {
    Hash hash;
    ref.available = true;
    if (detail::parse_hash_pair(attribute.value, hash)) ref.hashes.push_back(std::move(hash));
  }
  return ref;
}

}  // namespace

Expected<ProjectPage, PageError> parse_html_page(std::string_view body, std::string_view page_url,
                                                 std::string_view project) {
  std::size_t first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string_view::npos && body.find('<') == std::string_view::npos) {
    return unexpected(PageError{"invalid HTML: the page has no markup", first});
  }
  ProjectPage page;
  page.url = std::string(page_url);
  page.name = std::string(project);
  std::string base(page_url);
  Lexer lexer(body);
  std::size_t link = 0;
  std::optional<Tag> pending;  // an <a> that ended the previous link's text
  FileClassifier classifier;
  while (true) {
    Tag tag;
    if (pending) {
      tag = std::move(*pending);
      pending.reset();
    } else {
      auto next = lexer.next(nullptr);
      if (!next) return unexpected(next.error());
      if (!*next) break;
      tag = std::move(**next);
    }
    if (tag.name == "base") {
      if (const Attribute* href = tag.find("href"); href && !href->value.empty()) base = resolve_url(page_url, href->value);
    } else if (tag.name == "meta") {
      const Attribute* name = tag.find("name");
      const Attribute* content = tag.find("content");
      if (name && content && iequals(name->value, "pypi:repository-version")) {
        page.api_version = content->value;
        auto major = detail::api_major(page.api_version);
        if (!major || *major != 1) {
          return unexpected(PageError{
              fmt::format("unsupported repository API version {} (PEP 629: only 1.x is read)", page.api_version), 0});
        }
      }
    } else if (tag.name == "a") {
      ++link;
      // The link text, up to </a> (or the next tag that is not inline).
      std::string text;
      while (true) {
        auto inner = lexer.next(&text);
        if (!inner) return unexpected(inner.error());
        if (!*inner || (*inner)->name == "/a") break;
        if ((*inner)->name == "a") {
          pending = std::move(**inner);
          break;
        }
      }
      const Attribute* href = tag.find("href");
      if (!href) continue;  // an anchor, not a link
      DistFile file;
      if (const Attribute* rp = tag.find("data-requires-python")) file.requires_python = rp->value;
      if (const Attribute* yanked = tag.find("data-yanked")) file.yanked = yanked->value;
      if (const Attribute* core = tag.find("data-core-metadata")) file.core_metadata = metadata_attribute(*core);
      else if (const Attribute* dist_info = tag.find("data-dist-info-metadata")) file.core_metadata = metadata_attribute(*dist_info);
      std::string name = decode_entities(trim(text));
      detail::add_file(page, classifier, std::move(file), href->value, base, project, name, fmt::format("link {}", link));
    }
  }
  return page;
}

}  // namespace mlstack::index
