// SPDX-License-Identifier: MIT
// The context-sensitive tokenizer behind PEP 508 requirements and markers,
// mirroring packaging's _tokenizer.py rule by rule so that errors name the
// same thing at the same byte. Not part of the public API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/parse_error.h"

namespace mlstack::pep::detail {

enum class Token {
  LeftParenthesis,
  RightParenthesis,
  LeftBracket,
  RightBracket,
  Semicolon,
  Comma,
  QuotedString,
  Op,
  BoolOp,
  In,
  Not,
  Variable,
  Specifier,
  At,
  Url,
  Identifier,
  VersionPrefixTrail,
  VersionLocalLabelTrail,
  Whitespace,
  End,
};

// The name packaging prints for a token in "Expected matching ..." messages.
std::string_view token_name(Token token);

class Cursor {
 public:
  explicit Cursor(std::string_view source) : m_source(source) {}

  // Length of the token at the current position, or 0 when it does not match
  // (End matches with length 0; check() tells them apart).
  bool check(Token token, std::size_t* length = nullptr) const;
  // Moves past the token if it is next; returns its text.
  bool consume(Token token, std::string_view* text = nullptr);
  // consume(), or an error "Expected <expected>" at the current position.
  bool expect(Token token, std::string_view expected, std::string_view* text = nullptr);

  std::size_t position() const { return m_position; }
  std::string_view source() const { return m_source; }

  // Records the first error (span [start, end)); parsing stops at it.
  void fail(std::string message, std::size_t start, std::size_t end);
  void fail_here(std::string message) { fail(std::move(message), m_position, m_position); }
  bool failed() const { return m_failed; }
  ParseError error() const { return m_error; }

 private:
  std::string_view m_source;
  std::size_t m_position = 0;
  bool m_failed = false;
  ParseError m_error;
};

}  // namespace mlstack::pep::detail
