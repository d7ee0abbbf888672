// SPDX-License-Identifier: MIT
#include "index/url.h"

#include <gtest/gtest.h>

namespace mlstack::index {
namespace {

TEST(UrlTest, ResolvesRfc3986NormalExamples) {
  // RFC 3986 section 5.4.1, base "http://a/b/c/d;p?q".
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},         {"./g", "http://a/b/c/g"},          {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},            {"//g", "http://g"},                {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},     {"#s", "http://a/b/c/d;p?q#s"},     {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},          {"g;x", "http://a/b/c/g;x"},
      {"", "http://a/b/c/d;p?q"},      {".", "http://a/b/c/"},             {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},           {"../", "http://a/b/"},             {"../g", "http://a/b/g"},
      {"../..", "http://a/"},          {"../../", "http://a/"},            {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},    {"/./g", "http://a/g"},             {"g.", "http://a/b/c/g."},
      {"g/../h", "http://a/b/c/h"},    {"g;x=1/../y", "http://a/b/c/y"},   {"g:h", "g:h"},
  };
  for (auto [reference, expected] : cases) EXPECT_EQ(resolve_url(base, reference), expected) << reference;
}

TEST(UrlTest, ResolvesIndexLinks) {
  EXPECT_EQ(resolve_url("https://pypi.org/simple/torch/", "../../packages/ab/torch-2.3.1-cp311-cp311-linux_x86_64.whl#sha256=00"),
            "https://pypi.org/packages/ab/torch-2.3.1-cp311-cp311-linux_x86_64.whl#sha256=00");
  EXPECT_EQ(resolve_url("https://download.pytorch.org/whl/cu121/torch/", "/whl/cu121/torch-2.3.1%2Bcu121-cp311-cp311-linux_x86_64.whl"),
            "https://download.pytorch.org/whl/cu121/torch-2.3.1%2Bcu121-cp311-cp311-linux_x86_64.whl");
}

TEST(UrlTest, SplitsAndRedactsCredentials) {
  auto split = split_credentials("https://user:s%40cret@host.example:8443/simple/");
  EXPECT_TRUE(split.has_credentials);
  EXPECT_EQ(split.url, "https://host.example:8443/simple/");
  EXPECT_EQ(split.username, "user");
  EXPECT_EQ(split.password, "s@cret");
  EXPECT_EQ(redact("https://user:secret@host/simple/"), "https://user:****@host/simple/");
  EXPECT_EQ(redact("https://token@host/simple/"), "https://****@host/simple/");
  EXPECT_EQ(redact("https://host/simple/"), "https://host/simple/");
  EXPECT_EQ(realm("https://u:p@Host.Example:443/a/b"), "https://host.example");
  EXPECT_EQ(realm("http://127.0.0.1:8080/x"), "http://127.0.0.1:8080");
}

TEST(UrlTest, DecodesLastSegment) {
  EXPECT_EQ(last_segment("https://x/whl/torch-2.3.1%2Bcu121-cp311-cp311-linux_x86_64.whl#sha256=ab"),
            "torch-2.3.1+cu121-cp311-cp311-linux_x86_64.whl");
  EXPECT_EQ(last_segment("https://x/a/"), "");
}

TEST(UrlTest, FileUrls) {
  EXPECT_EQ(file_url_to_path("file:///srv/wheels%20here/"), "/srv/wheels here/");
  EXPECT_EQ(file_url_to_path("file://localhost/srv"), "/srv");
  EXPECT_FALSE(file_url_to_path("file://otherhost/srv"));
  EXPECT_EQ(path_to_file_url("wheels/../dist", "/home/me/project"), "file:///home/me/project/dist");
  EXPECT_EQ(path_to_file_url("/srv/a b", "/x"), "file:///srv/a%20b");
  EXPECT_TRUE(is_file_url("FILE:///x"));
  EXPECT_TRUE(is_http_url("HTTPS://x"));
}

}  // namespace
}  // namespace mlstack::index
