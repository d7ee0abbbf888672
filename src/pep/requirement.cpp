// SPDX-License-Identifier: MIT
#include "pep/requirement.h"

#include <algorithm>

#include "pep/detail/cursor.h"
#include "pep/name.h"

namespace mlstack::pep {

namespace {

using detail::Cursor;
using detail::Token;

// extras = "[" WS? (IDENTIFIER (WS? "," WS? IDENTIFIER)*)? WS? "]"
void parse_extras(Cursor& cursor, std::vector<std::string>* extras) {
  if (!cursor.check(Token::LeftBracket)) return;
  std::size_t open = cursor.position();
  cursor.consume(Token::LeftBracket);
  cursor.consume(Token::Whitespace);
  std::string_view name;
  if (cursor.consume(Token::Identifier, &name)) {
    extras->emplace_back(name);
    while (!cursor.failed()) {
      cursor.consume(Token::Whitespace);
      if (cursor.check(Token::Identifier)) {
        cursor.fail_here("Expected comma between extra names");
        break;
      }
      if (!cursor.consume(Token::Comma)) break;
      cursor.consume(Token::Whitespace);
      if (!cursor.expect(Token::Identifier, "extra name after comma", &name)) break;
      extras->emplace_back(name);
    }
  }
  cursor.consume(Token::Whitespace);
  if (!cursor.failed() && !cursor.consume(Token::RightBracket)) {
    cursor.fail("Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras", open, cursor.position());
  }
}

// version_many = (SPECIFIER (WS? "," WS? SPECIFIER)*)?, with the errors
// packaging gives for ".*" and "+local" where they are not allowed.
std::string parse_version_many(Cursor& cursor) {
  std::string specifiers;
  std::string_view text;
  while (!cursor.failed() && cursor.check(Token::Specifier)) {
    std::size_t start = cursor.position();
    cursor.consume(Token::Specifier, &text);
    specifiers += text;
    if (cursor.check(Token::VersionPrefixTrail)) {
      bool equality = text.substr(0, 2) == "==" || text.substr(0, 2) == "!=";
      cursor.fail(equality ? ".* suffix cannot be used with pre-release, post-release, dev or local versions"
                           : ".* suffix can only be used with `==` or `!=` operators",
                  start, cursor.position() + 1);
      break;
    }
    if (cursor.check(Token::VersionLocalLabelTrail)) {
      cursor.fail("Local version label can only be used with `==` or `!=` operators", start, cursor.position());
      break;
    }
    cursor.consume(Token::Whitespace);
    if (!cursor.consume(Token::Comma, &text)) break;
    specifiers += text;
    cursor.consume(Token::Whitespace);
  }
  return specifiers;
}

// specifier = "(" WS? version_many WS? ")" | WS? version_many WS?
std::string parse_specifier(Cursor& cursor) {
  std::optional<std::size_t> open;
  if (cursor.check(Token::LeftParenthesis)) {
    open = cursor.position();
    cursor.consume(Token::LeftParenthesis);
  }
  cursor.consume(Token::Whitespace);
  std::string specifiers = parse_version_many(cursor);
  cursor.consume(Token::Whitespace);
  if (open && !cursor.failed() && !cursor.consume(Token::RightParenthesis)) {
    cursor.fail("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier", *open,
                cursor.position());
  }
  return specifiers;
}

// requirement_marker = ";" marker WS?
std::optional<Marker> parse_requirement_marker(Cursor& cursor, std::size_t span_start, std::string_view expected) {
  if (!cursor.consume(Token::Semicolon)) {
    cursor.fail("Expected " + std::string(expected) + " or end", span_start, cursor.position());
    return std::nullopt;
  }
  Marker marker = detail::parse_marker_at(cursor);
  cursor.consume(Token::Whitespace);
  return marker;
}

}  // namespace

Expected<Requirement, ParseError> Requirement::parse(std::string_view text) {
  Cursor cursor(text);
  Requirement req;
  std::string specifier_text;
  std::size_t specifier_start = 0;
  cursor.consume(Token::Whitespace);
  std::string_view name;
  if (cursor.expect(Token::Identifier, "package name at the start of dependency specifier", &name)) {
    req.name = std::string(name);
    cursor.consume(Token::Whitespace);
    parse_extras(cursor, &req.extras);
    cursor.consume(Token::Whitespace);
  }
  if (!cursor.failed() && cursor.consume(Token::At)) {
    cursor.consume(Token::Whitespace);
    std::size_t url_start = cursor.position();
    std::string_view url;
    if (cursor.expect(Token::Url, "URL after @", &url)) {
      req.url = std::string(url);
      if (!cursor.check(Token::End)) {
        cursor.expect(Token::Whitespace, "whitespace after URL");
        if (!cursor.failed() && !cursor.check(Token::End)) {
          req.marker = parse_requirement_marker(cursor, url_start, "semicolon (after URL and whitespace)");
        }
      }
    }
  } else if (!cursor.failed()) {
    specifier_start = cursor.position();
    specifier_text = parse_specifier(cursor);
    cursor.consume(Token::Whitespace);
    if (!cursor.failed() && !cursor.check(Token::End)) {
      req.marker = parse_requirement_marker(
          cursor, specifier_start,
          specifier_text.empty() ? "semicolon (after name with no version specifier)"
                                 : "comma (within version specifier), semicolon (after version specifier)");
    }
  }
  cursor.expect(Token::End, "end of dependency specifier");
  if (cursor.failed()) return unexpected(cursor.error());

  // The tokenizer lets "===" swallow commas ("===x,y"); the set parser then
  // judges each clause, as packaging's SpecifierSet does.
  auto set = SpecifierSet::parse(specifier_text);
  if (!set) return unexpected(set.error().rebased(text, specifier_start));
  req.specifier = std::move(*set);
  std::sort(req.extras.begin(), req.extras.end());
  req.extras.erase(std::unique(req.extras.begin(), req.extras.end()), req.extras.end());
  return req;
}

std::string Requirement::str() const {
  std::string out = name;
  if (!extras.empty()) {
    out += '[';
    for (std::size_t i = 0; i < extras.size(); ++i) {
      if (i > 0) out += ',';
      out += extras[i];
    }
    out += ']';
  }
  if (!specifier.empty()) out += specifier.str();
  if (url) {
    out += " @ ";
    out += *url;
    if (marker) out += ' ';
  }
  if (marker) {
    out += "; ";
    out += marker->str();
  }
  return out;
}

std::string Requirement::canonical_name() const { return canonicalize_name(name); }

bool Requirement::operator==(const Requirement& other) const {
  auto canonical_extras = [](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const std::string& extra : names) out.push_back(canonicalize_extra(extra));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  return canonical_name() == other.canonical_name() && canonical_extras(extras) == canonical_extras(other.extras) &&
         specifier == other.specifier && url == other.url && marker == other.marker;
}

}  // namespace mlstack::pep
