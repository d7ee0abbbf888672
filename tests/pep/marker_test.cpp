// SPDX-License-Identifier: MIT
#include "pep/marker.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;

const json& vectors() {
  return load_vectors("pep508_markers.json");
}

// A vector environment: strings, and {"__set__": [...]} for set values.
MarkerEnvironment environment_from(const json& object) {
  MarkerEnvironment env;
  for (const auto& [key, value] : object.items()) {
    if (value.is_object()) {
      env.sets[key] = value["__set__"].get<std::set<std::string>>();
    } else if (!value.is_null()) {
      env.values[key] = value.get<std::string>();
    }
  }
  return env;
}

Marker must_parse(const std::string& text) {
  auto marker = Marker::parse(text);
  if (!marker) throw std::runtime_error(render(marker.error()));
  return *marker;
}

VECTOR_TEST(MarkerVectors, ValidAllCases) {
  ASSERT_EQ(vectors()["valid"].size(), testing::expected_count(vectors(), "valid", 2267u));
  for (const auto& c : vectors()["valid"]) {
    std::string input = c["input"];
    auto marker = Marker::parse(input);
    ASSERT_TRUE(marker) << input << "\n" << render(marker.error());
    EXPECT_EQ(marker->str(), c["normalized"].get<std::string>()) << input;
    // The normalised form is a fixed point.
    EXPECT_EQ(must_parse(marker->str()).str(), marker->str());
  }
}

VECTOR_TEST(MarkerVectors, InvalidAllCasesWithSpans) {
  ASSERT_EQ(vectors()["invalid"].size(), testing::expected_count(vectors(), "invalid", 11u));
  for (const auto& c : vectors()["invalid"]) {
    std::string input = c["input"];
    auto marker = Marker::parse(input);
    ASSERT_FALSE(marker) << input;
    EXPECT_EQ(marker.error().message, c["error"].get<std::string>()) << input;
    std::size_t start = c["span"][0], end = c["span"][1];
    EXPECT_EQ(marker.error().start, start) << input;
    EXPECT_EQ(marker.error().len, end - start) << input;
  }
}

// Every evaluate() call of packaging's suite, with its whole environment.
VECTOR_TEST(MarkerVectors, EvaluationsAllCases) {
  ASSERT_EQ(vectors()["evaluations"].size(), testing::expected_count(vectors(), "evaluations", 82u));
  for (const auto& c : vectors()["evaluations"]) {
    SCOPED_TRACE(c.dump());
    // Markers built with & / | have no input string; their printed form parses.
    Marker marker = must_parse(c["marker_input"].is_null() ? c["marker"] : c["marker_input"]);
    EXPECT_EQ(marker.str(), c["marker"].get<std::string>());
    auto result = marker.evaluate_checked(environment_from(c["environment"]));
    if (c["error"].is_null()) {
      ASSERT_TRUE(result) << result.error();
      EXPECT_EQ(*result, c["expected"].get<bool>());
    } else {
      ASSERT_FALSE(result);
      EXPECT_EQ(result.error().substr(0, result.error().find(':')), c["error"].get<std::string>());
    }
  }
}

// 2,267 markers x 3 reference environments, evaluated by packaging.
VECTOR_TEST(MarkerVectors, GeneratedEvaluationsAllCases) {
  std::map<std::string, MarkerEnvironment> environments;
  for (const auto& [name, env] : vectors()["reference_environments"].items()) {
    environments[name] = environment_from(env);
  }
  ASSERT_EQ(environments.size(), 3u);
  std::size_t failures = 0, cases = 0;
  for (const auto& c : vectors()["generated_evaluations"]) {
    Marker marker = must_parse(c["marker"]);
    for (const auto& [name, expected] : c["results"].items()) {
      ++cases;
      auto result = marker.evaluate_checked(environments.at(name));
      bool ok = expected.is_boolean() ? (result && *result == expected.get<bool>())
                                      : (!result && expected.dump().find(result.error().substr(0, result.error().find(':'))) != std::string::npos);
      if (!ok && ++failures <= 20) {
        ADD_FAILURE() << c["marker"] << " in " << name << ": expected " << expected.dump() << ", got "
                      << (result ? (*result ? "true" : "false") : result.error());
      }
    }
  }
  EXPECT_EQ(cases, testing::expected_count(vectors(), "generated_evaluations", 2267u) * 3);
  EXPECT_EQ(failures, 0u);
}

TEST(Marker, RendersParseErrorWithCaret) {
  auto marker = Marker::parse("python_version >= '3.8' and (os_name == 'nt'");
  ASSERT_FALSE(marker);
  EXPECT_EQ(render(marker.error()),
            "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression\n"
            "python_version >= '3.8' and (os_name == 'nt'\n"
            "                            ^^^^^^^^^^^^^^^^");
}

TEST(Marker, ExtraMatchesAnyRequestedExtraNormalised) {
  Marker marker = must_parse("extra == 'Foo_Bar' and python_version >= '3.9'");
  EXPECT_EQ(marker.str(), "extra == \"foo-bar\" and python_version >= \"3.9\"");
  Platform platform;
  platform.python_version = *Version::parse("3.11.7");
  MarkerEnvironment env = marker_environment(platform);
  EXPECT_FALSE(marker.evaluate(env));
  env.extras = {"docs", "foo.bar"};
  EXPECT_TRUE(marker.evaluate(env));
}

TEST(Marker, EnvironmentOfPlatforms) {
  Platform linux_host;
  linux_host.python_version = *Version::parse("3.11.7");
  MarkerEnvironment env = marker_environment(linux_host);
  EXPECT_EQ(env.values.at("python_version"), "3.11");
  EXPECT_EQ(env.values.at("python_full_version"), "3.11.7");
  EXPECT_EQ(env.values.at("sys_platform"), "linux");
  EXPECT_EQ(env.values.at("platform_machine"), "x86_64");
  EXPECT_TRUE(must_parse("platform_system == 'Linux' and implementation_name == 'cpython'").evaluate(env));

  Platform windows;
  windows.os = "windows";
  windows.python_version = *Version::parse("3.8.10");
  env = marker_environment(windows);
  EXPECT_EQ(env.values.at("os_name"), "nt");
  EXPECT_EQ(env.values.at("sys_platform"), "win32");
  EXPECT_EQ(env.values.at("platform_machine"), "AMD64");
  EXPECT_TRUE(must_parse("python_version < '3.9' and sys_platform == 'win32'").evaluate(env));

  Platform mac;
  mac.os = "macos";
  mac.arch = "arm64";
  mac.python_version = *Version::parse("3.12.1");
  env = marker_environment(mac);
  EXPECT_EQ(env.values.at("sys_platform"), "darwin");
  EXPECT_EQ(env.values.at("platform_system"), "Darwin");
  EXPECT_TRUE(must_parse("platform_machine == 'arm64' and python_full_version >= '3.12'").evaluate(env));
}

TEST(Marker, MissingVariableIsAnError) {
  Marker marker = must_parse("python_version >= '3.8'");
  auto result = marker.evaluate_checked(MarkerEnvironment{});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "UndefinedEnvironmentName: 'python_version'");
  EXPECT_FALSE(marker.evaluate(MarkerEnvironment{}));
}

// Unknown escapes keep their backslash (as ast.literal_eval does); the
// printed marker then holds "\x" and, exactly as with packaging, does not
// parse back. Found by fuzz_marker (crash-7ad51a8b).
TEST(Marker, BackslashValuePrintsAsPackagingAndDoesNotReparse) {
  auto marker = Marker::parse("extra == '\\XS_M'");
  ASSERT_TRUE(marker);
  EXPECT_EQ(marker->str(), "extra == \"\\xs-m\"");
  auto again = Marker::parse(marker->str());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "Invalid quoted string");
}

// Found by fuzz_marker (crash-0f315bc0, a stack overflow): nesting is bounded.
TEST(Marker, DeepNestingIsAnErrorNotACrash) {
  std::string deep = std::string(100, '(') + "os_name == 'nt'" + std::string(100, ')');
  EXPECT_TRUE(Marker::parse(deep));
  std::string deeper = std::string(5000, '(') + "os_name == 'nt'";
  auto marker = Marker::parse(deeper);
  ASSERT_FALSE(marker);
  EXPECT_EQ(marker.error().message, "Too many nested parentheses (more than 100)");
  EXPECT_EQ(marker.error().start, 100u);
}

}  // namespace
}  // namespace mlstack::pep
