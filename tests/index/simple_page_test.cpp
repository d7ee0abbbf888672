// SPDX-License-Identifier: MIT
#include "index/simple_page.h"

#include <gtest/gtest.h>

namespace mlstack::index {
namespace {

// One page in both forms (PEP 691's own example, extended with PEP 700 and
// PEP 714 fields and the three yanked states): both parse to the same facts.
const char* k_json = R"({
  "meta": {"api-version": "1.1"},
  "name": "Holygrail",
  "versions": ["1.0", "1.1", "2.0"],
  "files": [
    {"filename": "holygrail-1.0.tar.gz", "url": "https://example.com/files/holygrail-1.0.tar.gz",
     "hashes": {"sha256": "AB12"}, "requires-python": ">=3.7", "yanked": "Had a vulnerability",
     "size": 1024, "upload-time": "2020-01-02T03:04:05.678Z"},
    {"filename": "holygrail-1.0-py3-none-any.whl", "url": "../../files/holygrail-1.0-py3-none-any.whl",
     "hashes": {"sha256": "cd34"}, "requires-python": ">=3.7", "yanked": true, "core-metadata": {"sha256": "ef56"},
     "size": 2048, "upload-time": "2020-01-02T03:04:06Z"},
    {"filename": "holygrail-1.1-py3-none-any.whl", "url": "https://example.com/files/holygrail-1.1-py3-none-any.whl",
     "hashes": {}, "dist-info-metadata": true, "yanked": false}
  ]
})";

const char* k_html = R"(<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.1"><title>Links for holygrail</title></head>
<body>
<!-- a comment <a href="nope">nope</a> -->
<a href="https://example.com/files/holygrail-1.0.tar.gz#sha256=ab12" data-requires-python="&gt;=3.7"
   data-yanked="Had a vulnerability">holygrail-1.0.tar.gz</a><br/>
<a href='../../files/holygrail-1.0-py3-none-any.whl#sha256=CD34' data-requires-python="&gt;=3.7" data-yanked
   data-core-metadata="sha256=ef56">holygrail-1.0-py3-none-any.whl</a>
<a href=https://example.com/files/holygrail-1.1-py3-none-any.whl data-dist-info-metadata="true">holygrail-1.1-py3-none-any.whl</a>
</body></html>
)";

void expect_holygrail(const ProjectPage& page) {
  EXPECT_EQ(page.name, "holygrail");
  EXPECT_EQ(page.api_version, "1.1");
  ASSERT_EQ(page.files.size(), 3u);
  const DistFile& sdist = page.files[0];
  EXPECT_EQ(sdist.kind, FileKind::Sdist);
  EXPECT_EQ(sdist.version->str(), "1.0");
  EXPECT_EQ(sdist.requires_python, ">=3.7");
  EXPECT_EQ(sdist.yanked, std::optional<std::string>("Had a vulnerability"));
  ASSERT_NE(sdist.find_hash("sha256"), nullptr);
  EXPECT_EQ(sdist.find_hash("sha256")->hex, "ab12");
  EXPECT_FALSE(sdist.core_metadata.available);
  const DistFile& wheel = page.files[1];
  EXPECT_EQ(wheel.url, "https://example.com/files/holygrail-1.0-py3-none-any.whl");
  EXPECT_EQ(wheel.kind, FileKind::Wheel);
  EXPECT_EQ(wheel.yanked, std::optional<std::string>(""));  // yanked, no reason
  EXPECT_EQ(wheel.find_hash("sha256")->hex, "cd34");
  EXPECT_TRUE(wheel.core_metadata.available);
  ASSERT_EQ(wheel.core_metadata.hashes.size(), 1u);
  EXPECT_EQ(wheel.core_metadata.hashes[0].hex, "ef56");
  ASSERT_EQ(wheel.tags.size(), 1u);
  EXPECT_EQ(wheel.tags[0].str(), "py3-none-any");
  const DistFile& newer = page.files[2];
  EXPECT_FALSE(newer.is_yanked());
  EXPECT_TRUE(newer.core_metadata.available);
  EXPECT_TRUE(newer.core_metadata.hashes.empty());
}

TEST(SimplePageTest, JsonAndHtmlGiveTheSameFacts) {
  auto json = parse_json_page(k_json, "https://example.com/simple/holygrail/", "holygrail");
  ASSERT_TRUE(json) << json.error().message;
  expect_holygrail(*json);
  EXPECT_EQ(json->versions, (std::vector<std::string>{"1.0", "1.1", "2.0"}));
  EXPECT_EQ(json->files[0].size, std::optional<std::uint64_t>(1024));
  EXPECT_EQ(json->files[0].upload_date(), "2020-01-02");
  auto html = parse_html_page(k_html, "https://example.com/simple/holygrail/", "holygrail");
  ASSERT_TRUE(html) << html.error().message;
  expect_holygrail(*html);
  EXPECT_TRUE(html->problems.empty());
}

TEST(SimplePageTest, SkipsFilesOfAnotherProject) {
  const char* page = R"(<a href="/f/other-1.0.tar.gz">other-1.0.tar.gz</a><a href="/f/torch-2.0.0.tar.gz">t</a>)";
  auto parsed = parse_html_page(page, "https://x/simple/torch/", "torch");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->files.size(), 1u);
  EXPECT_EQ(parsed->files[0].filename, "torch-2.0.0.tar.gz");
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_EQ(parsed->problems[0], "link 1: 'other-1.0.tar.gz' is a file of other, not torch");
  // A find-links page keeps every project.
  auto links = parse_html_page(page, "https://x/links/");
  ASSERT_TRUE(links);
  EXPECT_EQ(links->files.size(), 2u);
}

TEST(SimplePageTest, HonoursBaseHrefAndEntities) {
  const char* page = R"(<html><head><base href="https://mirror.example/pkgs/"></head>
<a href="torch-2.3.1%2Bcu121-cp311-cp311-linux_x86_64.whl" data-requires-python="&gt;=3.8&#44;&lt;4">x</a>)";
  auto parsed = parse_html_page(page, "https://x/simple/torch/", "torch");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->files.size(), 1u);
  EXPECT_EQ(parsed->files[0].url, "https://mirror.example/pkgs/torch-2.3.1%2Bcu121-cp311-cp311-linux_x86_64.whl");
  EXPECT_EQ(parsed->files[0].filename, "torch-2.3.1+cu121-cp311-cp311-linux_x86_64.whl");
  EXPECT_EQ(parsed->files[0].version->str(), "2.3.1+cu121");
  EXPECT_EQ(parsed->files[0].requires_python, ">=3.8,<4");
}

TEST(SimplePageTest, UnclosedAnchorsStillCount) {
  auto parsed = parse_html_page("<a href=a-1.0.tar.gz>a-1.0.tar.gz<a href=a-2.0.tar.gz>a-2.0.tar.gz", "https://x/simple/a/", "a");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->files.size(), 2u);
}

TEST(SimplePageTest, RejectsInvalidJsonWithItsPosition) {
  std::string body = "{\"files\": [\n  {\"filename\": \"a-1.0.tar.gz\",, }\n]}";
  auto parsed = parse_json_page(body, "https://x/simple/a/", "a");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(describe(parsed.error(), body).substr(0, 20), "2:31: invalid JSON: ");
}

// Found by fuzz_simple_page: nlohmann reports a number too large for a
// double as out_of_range, not as a parse error; it was not caught and ended
// the process. It is an invalid page like any other, with its position.
TEST(SimplePageTest, RejectsANumberBeyondADoubleWithItsPosition) {
  std::string body = "{\"files\": [\n  {\"filename\": \"a-1.0.tar.gz\", \"url\": \"a\", \"size\": 1e643}]}";
  auto parsed = parse_json_page(body, "https://example.com/simple/a/", "a");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message, "invalid JSON: number overflow parsing '1e643'");
  EXPECT_EQ(parsed.error().offset, body.find("1e643"));
  EXPECT_EQ(describe(parsed.error(), body).substr(0, 5), "2:52:");
}

TEST(SimplePageTest, RejectsJsonOfTheWrongShape) {
  EXPECT_EQ(parse_json_page("[]", "u", "a").error().message, "invalid project page: the JSON document is not an object");
  EXPECT_EQ(parse_json_page("{\"name\": \"a\"}", "u", "a").error().message, "invalid project page: no \"files\" array");
  EXPECT_EQ(parse_json_page(R"({"meta": {"api-version": "2.0"}, "files": []})", "u", "a").error().message,
            "unsupported repository API version 2.0 (PEP 629: only 1.x is read)");
}

TEST(SimplePageTest, NotesBadEntriesAndGoesOn) {
  auto parsed = parse_json_page(R"({"files": [{"url": "x"}, 7, {"filename": "a-1.0.tar.gz", "url": "a-1.0.tar.gz", "hashes": {}}]})",
                                "https://x/simple/a/", "a");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->files.size(), 1u);
  EXPECT_EQ(parsed->problems, (std::vector<std::string>{"files[0]: missing string \"filename\"",
                                                        "files[1]: expected an object, found number"}));
}

TEST(SimplePageTest, RejectsHtmlThatEndsInsideATag) {
  std::string body = "<html><body>\n<a href=\"a-1.0.tar.gz";
  auto parsed = parse_html_page(body, "https://x/simple/a/", "a");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(describe(parsed.error(), body), "2:9: invalid HTML: unterminated attribute value");
  EXPECT_FALSE(parse_html_page("just text, no markup", "u", "a"));
  EXPECT_FALSE(parse_html_page("<!-- open", "u", "a"));
}

TEST(SimplePageTest, FormatFromContentTypeOrBody) {
  EXPECT_EQ(page_format("application/vnd.pypi.simple.v1+json", ""), PageFormat::Json);
  EXPECT_EQ(page_format("text/html; charset=utf-8", ""), PageFormat::Html);
  EXPECT_EQ(page_format("", "  {\"files\": []}"), PageFormat::Json);
  EXPECT_EQ(page_format("application/octet-stream", "<html>"), PageFormat::Html);
  EXPECT_EQ(page_format("image/png", "\x89PNG"), std::nullopt);
}

}  // namespace
}  // namespace mlstack::index
