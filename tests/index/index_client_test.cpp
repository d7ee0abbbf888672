// SPDX-License-Identifier: MIT
// The client against FakeTransport: batching, the first-index rule, the
// cache's HTTP rules, offline, core metadata and credentials, without sockets.
#include "index/index_client.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "index/fake_transport.h"
#include "index/sha256.h"
#include "index/temp_dir.h"

namespace mlstack::index {
namespace {

const char* k_metadata = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Python: >=3.8\n"
                         "Requires-Dist: numpy>=1.20\nRequires-Dist: rich; extra == \"cli\"\nProvides-Extra: cli\n";

// A PEP 691 page with one wheel per version.
FakeReply json_page(std::string_view name, const std::vector<std::string>& versions, std::string metadata = "true",
                    std::vector<std::pair<std::string, std::string>> extra_headers = {}) {
  std::string files;
  std::string escaped(name);  // wheel names spell '-' as '_'
  for (char& c : escaped)
    if (c == '-') c = '_';
  for (const auto& v : versions) {
    if (!files.empty()) files += ",";
    files += fmt::format(R"({{"filename": "{0}-{1}-py3-none-any.whl", "url": "/files/{0}-{1}-py3-none-any.whl",
        "hashes": {{"sha256": "00"}}, "core-metadata": {2}, "upload-time": "2024-0{3}-01T00:00:00Z"}})",
                         escaped, v, metadata, 1 + files.size() % 8);
  }
  FakeReply reply;
  reply.headers = {{"content-type", "application/vnd.pypi.simple.v1+json"}, {"etag", "\"v1\""}};
  for (auto& h : extra_headers) reply.headers.push_back(h);
  reply.body = fmt::format(R"({{"meta": {{"api-version": "1.1"}}, "name": "{}", "files": [{}]}})", name, files);
  return reply;
}

IndexConfig config_with(std::vector<std::string> extra, std::string index_url = {}) {
  IndexOptions options;
  options.extra_index_urls = std::move(extra);
  options.index_url = std::move(index_url);
  return build_index_config(options, {}, "/").value();
}

ClientOptions options_at(std::function<std::int64_t()> now, bool refresh = false, bool offline = false) {
  ClientOptions options;
  options.now = std::move(now);
  options.refresh = refresh;
  options.offline = offline;
  return options;
}

struct Clock {
  std::int64_t now = 1'000'000;
  std::function<std::int64_t()> fn() {
    return [this] { return now; };
  }
};

TEST(IndexClientTest, PrefetchAsksEveryIndexForEveryNameInOneBatch) {
  FakeTransport net;
  net.route("https://extra.example/simple/internal-tool/", json_page("internal-tool", {"1.0"}));
  net.route("https://pypi.org/simple/internal-tool/", json_page("internal-tool", {"9.9"}));
  net.route("https://pypi.org/simple/numpy/", json_page("numpy", {"1.26.4", "2.0.0"}));
  IndexClient client(config_with({"https://extra.example/simple/"}), net, nullptr);
  std::vector<std::string> names = {"internal_tool", "numpy", "absent"};
  client.prefetch(names);
  EXPECT_EQ(net.batches(), 1u);
  EXPECT_EQ(net.requests().size(), 6u);
  // The first index that has a name wins; PyPI's 9.9 is never merged in.
  const Project& tool = client.project("Internal.Tool");
  EXPECT_EQ(tool.status, Lookup::Found);
  ASSERT_EQ(tool.versions.size(), 1u);
  EXPECT_EQ(tool.versions[0].str(), "1.0");
  EXPECT_EQ(tool.source, std::optional<std::size_t>(0));
  EXPECT_EQ(tool.also_on, std::vector<std::size_t>{1});
  EXPECT_EQ(tool.files[0].url, "https://extra.example/files/internal_tool-1.0-py3-none-any.whl");
  EXPECT_EQ(client.project("numpy").source, std::optional<std::size_t>(1));
  EXPECT_EQ(client.project("absent").status, Lookup::NotFound);
  EXPECT_EQ(net.batches(), 1u);  // all memory lookups now
  // The Accept header asks for JSON first.
  EXPECT_EQ(net.requests()[0].headers[0].first, "Accept");
  EXPECT_EQ(net.requests()[0].headers[0].second.substr(0, 35), "application/vnd.pypi.simple.v1+json");
}

TEST(IndexClientTest, AFailedIndexMakesAbsenceUnknown) {
  FakeTransport net;
  FakeReply timeout;
  timeout.error = TransportError::Timeout;
  net.route("https://extra.example/simple/foo/", timeout);
  IndexClient client(config_with({"https://extra.example/simple/"}), net, nullptr);
  const Project& foo = client.project("foo");
  EXPECT_EQ(foo.status, Lookup::Unknown);
  ASSERT_EQ(foo.problems.size(), 1u);
  EXPECT_EQ(foo.problems[0].message, "https://extra.example/simple/foo/: timeout");
}

TEST(IndexClientTest, ServerErrorsAndInvalidPagesNameTheUrl) {
  FakeTransport net;
  net.route("https://pypi.org/simple/a/", FakeReply{500, {}, "oops"});
  net.route("https://pypi.org/simple/b/", FakeReply{200, {{"content-type", "application/vnd.pypi.simple.v1+json"}}, "{nope"});
  net.route("https://pypi.org/simple/c/", json_page("c", {"1.0"}));
  IndexClient client(config_with({}), net, nullptr);
  std::vector<std::string> names = {"a", "b", "c"};
  client.prefetch(names);
  EXPECT_EQ(client.project("a").problems.at(0).message, "https://pypi.org/simple/a/: HTTP 500 (server error)");
  EXPECT_EQ(client.project("b").problems.at(0).message.substr(0, 45), "https://pypi.org/simple/b/: 1:3: invalid JSON");
  EXPECT_EQ(client.project("b").status, Lookup::Unknown);
  EXPECT_EQ(client.project("c").status, Lookup::Found);  // the rest goes on
}

TEST(IndexClientTest, CacheHonoursMaxAgeThenRevalidatesWithTheEtag) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  Clock clock;
  FakeTransport net;
  net.route("https://pypi.org/simple/torch/", json_page("torch", {"2.3.1"}, "true", {{"cache-control", "max-age=600"}}));
  {
    IndexClient client(config_with({}), net, &cache, options_at(clock.fn()));
    EXPECT_EQ(client.project("torch").freshness, Freshness::Network);
  }
  clock.now += 100;
  {
    IndexClient client(config_with({}), net, &cache, options_at(clock.fn()));
    EXPECT_EQ(client.project("torch").freshness, Freshness::Cached);
    EXPECT_EQ(net.count("https://pypi.org/simple/torch/"), 1u);  // no request within max-age
  }
  clock.now += 1000;
  {
    IndexClient client(config_with({}), net, &cache, options_at(clock.fn()));
    const Project& torch = client.project("torch");
    EXPECT_EQ(torch.freshness, Freshness::Revalidated);
    EXPECT_EQ(torch.versions.at(0).str(), "2.3.1");
    const HttpRequest& last = net.requests().back();
    EXPECT_EQ(last.headers.back(), (std::pair<std::string, std::string>{"If-None-Match", "\"v1\""}));
  }
  {
    ClientOptions options = options_at(clock.fn(), /*refresh=*/true);
    IndexClient client(config_with({}), net, &cache, options);
    EXPECT_EQ(client.project("torch").freshness, Freshness::Revalidated);  // --refresh asks even when fresh
    EXPECT_EQ(net.count("https://pypi.org/simple/torch/"), 3u);
  }
}

TEST(IndexClientTest, OfflineUsesTheCacheAndNeverGuesses) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  FakeTransport net;
  net.route("https://pypi.org/simple/torch/", json_page("torch", {"2.3.1"}));
  {
    IndexClient warm(config_with({}), net, &cache);
    warm.project("torch");
    warm.project("not-there");
  }
  net.clear_requests();
  IndexClient offline(config_with({}), net, &cache, options_at({}, false, /*offline=*/true));
  EXPECT_EQ(offline.project("torch").status, Lookup::Found);
  EXPECT_EQ(offline.project("torch").freshness, Freshness::Stale);
  EXPECT_EQ(offline.project("not-there").status, Lookup::NotFound);  // the 404 was kept
  const Project& never = offline.project("never-fetched");
  EXPECT_EQ(never.status, Lookup::Unknown);
  EXPECT_EQ(never.problems.at(0).message,
            "https://pypi.org/simple/never-fetched/: not in the cache, and offline mode (--offline or MLSTACK_OFFLINE) forbids fetching it");
  EXPECT_TRUE(net.requests().empty());
}

// A 404 is kept as "not found". Without Cache-Control it is stale at once:
// asked again each run, but not rewritten when nothing changed (a warm plan
// meets dozens of absent variant pages). With max-age it is fresh, as a 200
// would be (RFC 9111 lets a 404 be cached; uv#17619 asks uv for the same).
TEST(IndexClientTest, A404IsAskedAgainUnlessFreshAndNotRewrittenWhenUnchanged) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  Clock clock;
  FakeTransport net;
  FakeReply gone;
  gone.status = 404;
  net.route("https://pypi.org/simple/absent/", gone);
  FakeReply gone_fresh = gone;
  gone_fresh.headers = {{"cache-control", "max-age=600"}};
  net.route("https://pypi.org/simple/absent-fresh/", gone_fresh);
  auto bytes = [&](std::string_view name) {
    std::ifstream in(cache.path_for(fmt::format("page\nhttps://pypi.org/simple/{}/", name)), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  {
    IndexClient client(config_with({}), net, &cache, options_at(clock.fn()));
    EXPECT_EQ(client.project("absent").status, Lookup::NotFound);
    EXPECT_EQ(client.project("absent-fresh").status, Lookup::NotFound);
  }
  std::string stored = bytes("absent"), stored_fresh = bytes("absent-fresh");
  ASSERT_FALSE(stored.empty());
  ASSERT_FALSE(stored_fresh.empty());
  clock.now += 100;
  {
    IndexClient client(config_with({}), net, &cache, options_at(clock.fn()));
    EXPECT_EQ(client.project("absent").status, Lookup::NotFound);
    EXPECT_EQ(client.project("absent-fresh").status, Lookup::NotFound);
  }
  EXPECT_EQ(net.count("https://pypi.org/simple/absent/"), 2u);        // stale: asked again
  EXPECT_EQ(net.count("https://pypi.org/simple/absent-fresh/"), 1u);  // fresh: not asked
  EXPECT_EQ(bytes("absent"), stored);                                 // the same answer: not rewritten
  clock.now += 1000;
  {
    IndexClient client(config_with({}), net, &cache, options_at(clock.fn()));
    EXPECT_EQ(client.project("absent-fresh").status, Lookup::NotFound);
  }
  EXPECT_EQ(net.count("https://pypi.org/simple/absent-fresh/"), 2u);  // expired: asked, and stored again
  EXPECT_NE(bytes("absent-fresh"), stored_fresh);
  // Offline, the kept 404 still answers.
  IndexClient offline(config_with({}), net, &cache, options_at(clock.fn(), false, /*offline=*/true));
  EXPECT_EQ(offline.project("absent").status, Lookup::NotFound);
}

// A project's files in version order, then by name, files without a
// version last; its versions those of the files and of the page's PEP 700
// list, sorted and without repeats, whatever order the page gives.
TEST(IndexClientTest, FilesAndVersionsComeSortedWhateverThePageOrder) {
  FakeTransport net;
  FakeReply page;
  page.headers = {{"content-type", "application/vnd.pypi.simple.v1+json"}};
  auto file = [](std::string name) {
    return fmt::format(R"({{"filename": "{0}", "url": "/files/{0}", "hashes": {{}}}})", name);
  };
  page.body = fmt::format(
      R"({{"meta": {{"api-version": "1.1"}}, "name": "demo", "versions": ["10.0", "0.9", "1.0", "1.0rc1", "2.0"],
          "files": [{}, {}, {}, {}, {}, {}, {}]}})",
      file("demo-2.0-py3-none-any.whl"), file("notes.txt"), file("demo-1.0.tar.gz"), file("demo-10.0-py3-none-any.whl"),
      file("demo-1.0-py3-none-any.whl"), file("demo-1.0rc1-py3-none-any.whl"), file("demo-2.0.tar.gz"));
  net.route("https://pypi.org/simple/demo/", page);
  IndexClient client(config_with({}), net, nullptr);
  const Project& demo = client.project("demo");
  std::vector<std::string> versions, files;
  for (const auto& v : demo.versions) versions.push_back(v.str());
  for (const auto& f : demo.files) files.push_back(f.filename);
  EXPECT_EQ(versions, (std::vector<std::string>{"0.9", "1.0rc1", "1.0", "2.0", "10.0"}));
  EXPECT_EQ(files, (std::vector<std::string>{"demo-1.0rc1-py3-none-any.whl", "demo-1.0-py3-none-any.whl",
                                             "demo-1.0.tar.gz", "demo-2.0-py3-none-any.whl", "demo-2.0.tar.gz",
                                             "demo-10.0-py3-none-any.whl", "notes.txt"}));
}

TEST(IndexClientTest, UsesTheCachedCopyWhenTheServerFails) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  FakeTransport net;
  net.route("https://pypi.org/simple/torch/", std::vector<FakeReply>{json_page("torch", {"2.3.1"}), FakeReply{503, {}, ""}});
  IndexClient(config_with({}), net, &cache).project("torch");
  IndexClient later(config_with({}), net, &cache);
  const Project& torch = later.project("torch");
  EXPECT_EQ(torch.status, Lookup::Found);
  EXPECT_EQ(torch.freshness, Freshness::Stale);
  EXPECT_EQ(torch.problems.at(0).message,
            "https://pypi.org/simple/torch/: HTTP 503 (service unavailable); using the cached copy");
}

TEST(IndexClientTest, DependenciesComeFromHashCheckedMetadata) {
  FakeTransport net;
  std::string hash = sha256_hex(k_metadata);
  net.route("https://pypi.org/simple/demo/", json_page("demo", {"1.0"}, fmt::format(R"({{"sha256": "{}"}})", hash)));
  net.route("https://pypi.org/files/demo-1.0-py3-none-any.whl.metadata", FakeReply{200, {}, k_metadata});
  net.route("https://pypi.org/simple/bad/", json_page("bad", {"1.0"}, R"({"sha256": "0000"})"));
  net.route("https://pypi.org/files/bad-1.0-py3-none-any.whl.metadata", FakeReply{200, {}, k_metadata});
  net.route("https://pypi.org/simple/none/", json_page("none", {"1.0"}, "false"));
  IndexClient client(config_with({}), net, nullptr);
  std::vector<std::string> names = {"demo", "bad", "none"};
  client.prefetch(names);
  const DistFile* files[] = {&client.project("demo").files.at(0), &client.project("bad").files.at(0),
                             &client.project("none").files.at(0)};
  net.clear_requests();
  client.prefetch_dependencies(files);
  EXPECT_EQ(net.batches(), 1u);
  EXPECT_EQ(net.requests().size(), 2u);  // "none" offers no metadata file: nothing to ask
  const Dependencies& demo = client.dependencies(*files[0]);
  EXPECT_EQ(demo.state, Dependencies::State::Known);
  EXPECT_EQ(demo.requires_dist_text, (std::vector<std::string>{"numpy>=1.20", "rich; extra == \"cli\""}));
  EXPECT_EQ(demo.requires_python, ">=3.8");
  const Dependencies& bad = client.dependencies(*files[1]);
  EXPECT_EQ(bad.state, Dependencies::State::Failed);
  EXPECT_EQ(bad.reason, fmt::format("https://pypi.org/files/bad-1.0-py3-none-any.whl.metadata: rejected: its sha256 is {}, "
                                    "the index page says 0000",
                                    hash));
  const Dependencies& none = client.dependencies(*files[2]);
  EXPECT_EQ(none.state, Dependencies::State::Unknown);
  EXPECT_EQ(none.reason, "https://pypi.org/simple/: the index offers no metadata file for none-1.0-py3-none-any.whl, so "
                         "its dependencies are unknown");
}

TEST(IndexClientTest, CredentialsTravelInRequestsNeverInUrlsOrTheCache) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  FakeTransport net;
  net.route("https://private.example/simple/tool/", json_page("tool", {"1.0"}, "true", {{"cache-control", "max-age=60"}}));
  IndexClient client(config_with({"https://alice:s3cret-token@private.example/simple/"}), net, &cache);
  EXPECT_EQ(client.project("tool").status, Lookup::Found);
  EXPECT_EQ(client.sources()[0].url, "https://private.example/simple/");
  ASSERT_FALSE(net.requests().empty());
  for (const auto& r : net.requests()) {
    EXPECT_EQ(r.url.find("s3cret"), std::string::npos);
    if (r.url.starts_with("https://private.example/")) {
      ASSERT_TRUE(r.credentials);
      EXPECT_EQ(r.credentials->password, "s3cret-token");
    } else {
      EXPECT_FALSE(r.credentials) << r.url;  // PyPI never sees them
    }
  }
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().find("s3cret"), std::string::npos) << f.path();
  }
}

TEST(IndexClientTest, FindLinksFilesJoinTheIndexFiles) {
  FakeTransport net;
  net.route("https://pypi.org/simple/flash-attn/",
            FakeReply{200, {{"content-type", "text/html"}}, R"(<a href="/f/flash_attn-2.5.8.tar.gz">x</a>)"});
  net.route("https://wheels.example/",
            FakeReply{200, {{"content-type", "text/html"}},
                      R"(<a href="flash_attn-2.5.8%2Bcu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl">w</a>
                         <a href="other-1.0-py3-none-any.whl">o</a>)"});
  IndexOptions options;
  options.find_links = {"https://wheels.example/"};
  IndexClient client(build_index_config(options, {}, "/").value(), net, nullptr);
  const Project& fa = client.project("flash-attn");
  ASSERT_EQ(fa.files.size(), 2u);
  EXPECT_EQ(fa.versions.size(), 2u);  // 2.5.8 and 2.5.8+cu122torch2.3cxx11abifalse
  EXPECT_EQ(fa.files_of(pep::Version::parse("2.5.8").value()).size(), 2u);
  EXPECT_EQ(client.project("other").status, Lookup::Found);
  EXPECT_EQ(net.count("https://wheels.example/"), 1u);  // the links page is read once
}

TEST(IndexClientTest, MirrorsAreFetchedButTheConfiguredUrlIsNamed) {
  FakeTransport net;
  IndexOptions options;
  options.mirrors = {"https://pypi.org/simple/=http://127.0.0.1:1/pypi/"};
  IndexClient client(build_index_config(options, {}, "/").value(), net, nullptr);
  net.route("http://127.0.0.1:1/pypi/x/", FakeReply{500, {}, ""});
  EXPECT_EQ(client.project("x").problems.at(0).message,
            "https://pypi.org/simple/x/ (via http://127.0.0.1:1/pypi/x/): HTTP 500 (server error)");
}

}  // namespace
}  // namespace mlstack::index
