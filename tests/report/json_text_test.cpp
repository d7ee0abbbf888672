// SPDX-License-Identifier: MIT
// dump_json must write exactly what nlohmann's dump writes, for every value:
// hand-picked edge cases, then thousands of random documents whose strings
// are random bytes (controls, quotes, backslashes, valid and invalid UTF-8).
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/json_text.h"

namespace mlstack::report {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

template <typename Json>
std::string reference(const Json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

template <typename Json>
void expect_same(const Json& value) {
  for (int indent : {-1, 0, 1, 2, 4}) {
    EXPECT_EQ(dump_json(value, indent), reference(value, indent)) << "indent " << indent;
  }
}

TEST(JsonTextTest, ScalarsAsNlohmannWritesThem) {
  expect_same(json(nullptr));
  expect_same(json(true));
  expect_same(json(false));
  expect_same(json(0));
  expect_same(json(-1));
  expect_same(json(std::numeric_limits<std::int64_t>::min()));
  expect_same(json(std::numeric_limits<std::int64_t>::max()));
  expect_same(json(std::numeric_limits<std::uint64_t>::max()));
  for (double d : {0.0, -0.0, 1.0, 0.1, 1e300, -2.5e-308, 3.141592653589793, 1e21, 123456789.0})
    expect_same(json(d));
  expect_same(json(std::nan("")));
  expect_same(json(std::numeric_limits<double>::infinity()));
  expect_same(json(""));
  expect_same(json("torch-2.3.1+cu121-cp311-cp311-linux_x86_64.whl"));
}

TEST(JsonTextTest, EscapesAsNlohmannDoes) {
  // Every ASCII byte, alone and inside text.
  for (int c = 0; c < 0x80; ++c) {
    expect_same(json(std::string(1, static_cast<char>(c))));
    expect_same(json("a" + std::string(1, static_cast<char>(c)) + "b"));
  }
  expect_same(json(std::string("nul\0inside", 10)));
  expect_same(json("quote \" backslash \\ slash / tab \t cr \r lf \n ff \f bs \b esc \x1b del \x7f"));
  // UTF-8, valid and not: nlohmann replaces what does not decode.
  expect_same(json("naïve café ✓ 𝄞"));
  expect_same(json("\xff"));
  expect_same(json("ok \xc3\x28 cut"));
  expect_same(json("\xe2\x82"));
  expect_same(json("overlong \xc0\xaf and surrogate \xed\xa0\x80"));
  expect_same(json("ends in a lead byte \xf0"));
  expect_same(json("\x1b[31mred\x1b[0m \xc2\x9b"));
}

TEST(JsonTextTest, ContainersAndKeys) {
  expect_same(json::object());
  expect_same(json::array());
  expect_same(json{{"a", json::object()}, {"b", json::array()}, {"c", {1, 2, 3}}});
  expect_same(json{{"k\"ey\n", 1}, {"ké\xff", {{"x", nullptr}}}, {"", json::array({json::array(), json::object()})}});
  // Forty levels of objects and arrays inside each other.
  json deep = 1;
  for (int i = 0; i < 40; ++i) deep = i % 2 ? json{{"level", std::move(deep)}, {"i", i}} : json::array({i, std::move(deep)});
  expect_same(deep);
  ordered_json ordered;
  ordered["zeta"] = 1;
  ordered["alpha"] = {{"b", 2}, {"a", 1}};
  expect_same(ordered);
  expect_same(json::binary({1, 2, 255}));
  expect_same(json::binary({}, 7));
  expect_same(json{{"blob", json::binary({0, 9}, 42)}, {"empty", json::binary({})}});
  expect_same(json(json::value_t::discarded));
}

TEST(JsonTextTest, AppendsAtALevelAndWritesMembersAlone) {
  json value = {{"a", {1, 2}}, {"b", "x"}};
  std::string out = "prefix ";
  append_json(out, value, 2, 1);
  EXPECT_EQ(out, "prefix {\n    \"a\": [\n      1,\n      2\n    ],\n    \"b\": \"x\"\n  }");
  std::string members;
  append_json_members(members, value, 2, 1);
  EXPECT_EQ(members, "  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"x\"");
  std::string none;
  append_json_members(none, json::object(), 2, 1);
  append_json_members(none, json::array({1}), 2, 1);
  append_json_members(none, value, -1, 0);
  EXPECT_EQ(none, "");
}

// Random documents: every branch of the writer, with strings of random bytes.
class RandomJson {
 public:
  explicit RandomJson(std::uint32_t seed) : m_rng(seed) {}

  json value(int depth) {
    switch (pick(depth > 4 ? 6 : 9)) {
      case 0: return nullptr;
      case 1: return pick(2) == 1;
      case 2: return static_cast<std::int64_t>(m_rng()) - (std::int64_t{1} << 31);
      case 3: return static_cast<std::uint64_t>(m_rng()) << 32 | m_rng();
      case 4: return std::ldexp(static_cast<double>(m_rng()) - 2e9, static_cast<int>(pick(200)) - 100);
      case 5: return text();
      case 6: {
        json out = json::array();
        for (std::uint32_t n = pick(5); n > 0; --n) out.push_back(value(depth + 1));
        return out;
      }
      default: {
        json out = json::object();
        for (std::uint32_t n = pick(5); n > 0; --n) out[text()] = value(depth + 1);
        return out;
      }
    }
  }

 private:
  std::uint32_t pick(std::uint32_t n) { return m_rng() % n; }
  std::string text() {
    static const std::string k_alphabet = std::string("aZ09 -_./:+\"\\\t\n\x01\x1f\x7f") + "\xc3\xa9\xe2\x9c\x93\xff\xc0\xed\xa0\x80\xf0\x9f";
    std::string out;
    for (std::uint32_t n = pick(12); n > 0; --n) {
      // Mostly plain ASCII, as real output is; now and then any byte.
      out += pick(8) == 0 ? static_cast<char>(pick(256)) : k_alphabet[pick(static_cast<std::uint32_t>(k_alphabet.size()))];
    }
    return out;
  }
  std::mt19937 m_rng;
};

TEST(JsonTextTest, RandomDocumentsAsNlohmannWritesThem) {
  RandomJson random(20261207);
  for (int i = 0; i < 3000; ++i) {
    json value = random.value(0);
    for (int indent : {-1, 2}) {
      ASSERT_EQ(dump_json(value, indent), reference(value, indent)) << "document " << i << ", indent " << indent;
    }
  }
}

}  // namespace
}  // namespace mlstack::report
