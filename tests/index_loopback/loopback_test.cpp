// SPDX-License-Identifier: MIT
// The real client (libcurl) against the real server (nginx) on loopback,
// over HTTP/1.1, HTTP/2 with TLS, and file:// — and every fault the issue
// lists, each ending with a message naming the URL while the rest goes on.
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "index/fake_transport.h"
#include "index/index_client.h"
#include "index_loopback/loopback_index.h"
#include "index/simple_page.h"
#include "index/temp_dir.h"
#include "index/url.h"

namespace mlstack::index {
namespace {

using testing::LoopbackIndex;

HttpRequest get(std::string url, std::string accept) {
  HttpRequest request;
  request.url = std::move(url);
  request.headers.emplace_back("Accept", std::move(accept));
  return request;
}

ClientOptions page_limit(std::size_t bytes) {
  ClientOptions options;
  options.max_page_bytes = bytes;
  return options;
}

TransportOptions quick(const LoopbackIndex& server) {
  TransportOptions options;
  options.ca_file = server.ca_file();
  options.connect_timeout_ms = 2000;
  options.stall_timeout_ms = 2000;
  options.max_retries = 2;
  options.backoff_ms = 20;
  return options;
}

IndexConfig config(std::vector<std::string> extra, std::string index_url) {
  IndexOptions options;
  options.extra_index_urls = std::move(extra);
  options.index_url = std::move(index_url);
  return build_index_config(options, {}, "/").value();
}

struct Facts {
  std::vector<std::string> versions;
  std::size_t files = 0;
  std::string upload;
  std::vector<std::string> requires_dist;
};

// What the client reads of transformers 4.56.2 through one index URL.
Facts transformers_facts(Transport& transport, const std::string& index_url) {
  IndexClient client(config({}, index_url), transport, nullptr);
  const Project& project = client.project("transformers");
  EXPECT_EQ(project.status, Lookup::Found) << index_url << (project.problems.empty() ? "" : project.problems[0].message);
  Facts facts;
  for (const auto& v : project.versions) facts.versions.push_back(v.str());
  facts.files = project.files.size();
  auto version = pep::Version::parse("4.56.2").value();
  for (const DistFile* f : project.files_of(version)) {
    if (f->kind != FileKind::Wheel) continue;
    facts.upload = f->upload_time;
    const Dependencies& deps = client.dependencies(*f);
    EXPECT_EQ(deps.state, Dependencies::State::Known) << deps.reason;
    facts.requires_dist = deps.requires_dist_text;
  }
  return facts;
}

TEST(LoopbackTest, SameFactsOverHttp1Http2FileAndTheFake) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  Facts http = transformers_facts(*transport, server.http_url() + "/pypi/simple/");
  EXPECT_GT(http.versions.size(), 50u);
  EXPECT_FALSE(http.upload.empty());
  EXPECT_FALSE(http.requires_dist.empty());
  Facts https = transformers_facts(*transport, server.https_url() + "/pypi/simple/");
  Facts file = transformers_facts(*transport, "file://" + server.data_dir() + "/pypi/simple/");
  FakeTransport fake;
  fake.serve_tree("https://fake.example/simple/", server.data_dir() + "/pypi/simple");
  fake.serve_tree("https://fake.example/files/", server.data_dir() + "/pypi/files");
  Facts faked = transformers_facts(fake, "https://fake.example/simple/");
  for (const Facts* other : {&https, &file, &faked}) {
    EXPECT_EQ(other->versions, http.versions);
    EXPECT_EQ(other->files, http.files);
    EXPECT_EQ(other->upload, http.upload);
    EXPECT_EQ(other->requires_dist, http.requires_dist);
  }
}

TEST(LoopbackTest, AcceptHeaderChoosesJsonOrHtmlAndTlsSpeaksHttp2) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  HttpRequest json = get(server.https_url() + "/pypi/simple/torch/", std::string(k_accept_header));
  HttpRequest html = get(server.http_url() + "/pypi/simple/torch/", "text/html");
  HttpRequest both[] = {json, html};
  auto responses = transport->perform(both);
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].header("content-type"), "application/vnd.pypi.simple.v1+json");
  EXPECT_EQ(responses[0].http_version, 2);
  EXPECT_EQ(responses[1].header("content-type"), "text/html");
  EXPECT_EQ(responses[1].http_version, 1);
}

TEST(LoopbackTest, ManyPagesShareOneHttp2Connection) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  IndexClient client(config({}, server.https_url() + "/revalidate/pypi/simple/"), *transport, nullptr);
  std::vector<std::string> names = {"torch", "torchvision", "torchaudio", "triton", "transformers", "trl", "accelerate",
                                    "peft", "datasets", "bitsandbytes", "numpy", "tokenizers"};
  client.prefetch(names);
  for (const auto& name : names) EXPECT_EQ(client.project(name).status, Lookup::Found) << name;
  std::set<std::string> connections;
  for (const auto& line : server.log_for("/revalidate/pypi/simple/", names.size())) {
    std::istringstream fields(line);
    std::string uri, status, protocol, connection;
    fields >> uri >> status >> protocol >> connection;
    EXPECT_EQ(protocol, "HTTP/2.0");
    connections.insert(connection);
  }
  EXPECT_EQ(connections.size(), 1u);  // multiplexed, not one connection per page
}

TEST(LoopbackTest, CacheAnswersWithinMaxAgeAndRevalidatesWithNoCache) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  testing::TempDir dir;
  HttpCache cache(dir.path());
  auto transport = make_curl_transport(quick(server));
  // /pypi/ answers with Cache-Control: max-age=600. (Other tests of this process may ask too: count from here.)
  std::size_t before = server.requests_for("/pypi/simple/bitsandbytes/");
  for (int i = 0; i < 2; ++i) {
    IndexClient client(config({}, server.http_url() + "/pypi/simple/"), *transport, &cache);
    EXPECT_EQ(client.project("bitsandbytes").freshness, i == 0 ? Freshness::Network : Freshness::Cached);
  }
  EXPECT_EQ(server.requests_for("/pypi/simple/bitsandbytes/", before + 1), before + 1);
  // (xformers: a page no other test of this process asks /revalidate/ for.)
  // /revalidate/ answers with Cache-Control: no-cache: every use asks, with the ETag, and gets 304.
  for (int i = 0; i < 2; ++i) {
    IndexClient client(config({}, server.http_url() + "/revalidate/pypi/simple/"), *transport, &cache);
    EXPECT_EQ(client.project("xformers").freshness, i == 0 ? Freshness::Network : Freshness::Revalidated);
  }
  auto lines = server.log_for("/revalidate/pypi/simple/xformers/", 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find(" 304 "), std::string::npos) << lines[1];
}

TEST(LoopbackTest, NotOnThisIndexIsA404AndTheNextIndexAnswers) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  IndexClient client(config({server.http_url() + "/pytorch/whl/cu128/"}, server.http_url() + "/pypi/simple/"), *transport,
                     nullptr);
  std::vector<std::string> names = {"transformers", "torch"};
  client.prefetch(names);
  EXPECT_EQ(client.project("transformers").source, std::optional<std::size_t>(1));  // not on cu128: PyPI's
  EXPECT_EQ(client.project("torch").source, std::optional<std::size_t>(0));          // cu128 first
  // Every index consulted answers 404: not found, and no problem to report.
  IndexClient cu128(config({}, server.http_url() + "/pytorch/whl/cu128/"), *transport, nullptr);
  EXPECT_EQ(cu128.project("no-such-package").status, Lookup::NotFound);
  EXPECT_TRUE(cu128.project("no-such-package").problems.empty());
}

// Each fault: the faulty index is consulted first, the fixture's PyPI second,
// so the message names the faulty URL and the package still resolves.
struct FaultCase {
  const char* name;
  std::string index_path;  // under the HTTP server (or a full URL for TLS)
  const char* package;
  const char* message_part;
};

void expect_fault(const LoopbackIndex& server, TransportOptions options, ClientOptions client_options,
                  const std::string& fault_index, const char* package, const std::string& expected) {
  auto transport = make_curl_transport(options);
  IndexClient client(config({fault_index}, server.http_url() + "/pypi/simple/"), *transport, nullptr, client_options);
  std::vector<std::string> names = {package, "peft"};
  client.prefetch(names);
  const Project& project = client.project(package);
  ASSERT_FALSE(project.problems.empty()) << fault_index;
  const std::string& message = project.problems.front().message;
  EXPECT_NE(message.find(fault_index), std::string::npos) << message;
  EXPECT_NE(message.find(expected), std::string::npos) << message;
  EXPECT_EQ(client.project("peft").status, Lookup::Found);  // the rest goes on
}

TEST(LoopbackFaultTest, ServerErrorThenSuccessIsRetried) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  IndexClient client(config({}, server.http_url() + "/fault/flaky/"), *transport, nullptr);
  const Project& project = client.project("accelerate");
  EXPECT_EQ(project.status, Lookup::Found);
  EXPECT_TRUE(project.problems.empty());
  auto lines = server.log_for("/fault/flaky/accelerate/", 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(" 503 "), std::string::npos);
  EXPECT_NE(lines[1].find(" 200 "), std::string::npos);
}

TEST(LoopbackFaultTest, PersistentServerErrorStopsAfterBoundedRetries) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  expect_fault(server, quick(server), {}, server.http_url() + "/fault/error500/", "torch", "HTTP 500 (server error), after 3 tries");
  EXPECT_EQ(server.requests_for("/fault/error500/torch/", 3), 3u);
}

TEST(LoopbackFaultTest, ConnectionCutMidBody) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  TransportOptions options = quick(server);
  options.max_retries = 1;
  expect_fault(server, options, {}, server.http_url() + "/fault/cut/", "torch", "connection closed mid-body");
}

TEST(LoopbackFaultTest, StalledServerTimesOut) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  TransportOptions options = quick(server);
  options.stall_timeout_ms = 300;
  options.max_retries = 1;
  expect_fault(server, options, {}, server.http_url() + "/fault/stall/", "torch", "timeout (no data for 300 ms), after 2 tries");
}

TEST(LoopbackFaultTest, InvalidJsonAndHtmlPages) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  std::string faults = server.http_url() + "/faults/simple/";
  expect_fault(server, quick(server), {}, faults, "badjson", "2:66: invalid JSON");
  // An HTML-only client view of the same kind of fault.
  auto transport = make_curl_transport(quick(server));
  HttpRequest request = get(faults + "badhtml/", "text/html");
  HttpResponse response = transport->perform_one(request);
  auto page = parse_html_page(response.body, request.url, "badhtml");
  ASSERT_FALSE(page);
  EXPECT_EQ(describe(page.error(), response.body), "3:9: invalid HTML: unterminated attribute value");
  expect_fault(server, quick(server), {}, faults, "badhtml", "invalid HTML: unterminated attribute value");
}

TEST(LoopbackFaultTest, MetadataWhoseHashDoesNotMatchIsRejected) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  IndexClient client(config({}, server.http_url() + "/faults/simple/"), *transport, nullptr);
  const Project& project = client.project("badmeta");
  ASSERT_EQ(project.files.size(), 1u);
  const Dependencies& deps = client.dependencies(project.files[0]);
  EXPECT_EQ(deps.state, Dependencies::State::Failed);
  EXPECT_NE(deps.reason.find(server.http_url() + "/faults/files/badmeta-1.0-py3-none-any.whl.metadata: rejected: its sha256 is "),
            std::string::npos)
      << deps.reason;
  EXPECT_TRUE(deps.requires_dist.empty());  // nothing of a rejected file is used
}

TEST(LoopbackFaultTest, RedirectLoop) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  TransportOptions options = quick(server);
  options.max_redirects = 5;
  expect_fault(server, options, {}, server.http_url() + "/fault/loop/", "torch", "too many redirects");
}

TEST(LoopbackFaultTest, OversizedPageIsBounded) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  expect_fault(server, quick(server), page_limit(1 << 20), server.http_url() + "/big/", "huge",
               "response too large (more than 1048576 bytes)");
}

TEST(LoopbackFaultTest, ExpiredCertificateIsRefused) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  expect_fault(server, quick(server), {}, server.expired_url() + "/pypi/simple/", "torch", "TLS verification failed");
}

TEST(LoopbackFaultTest, AnUntrustedCaIsRefusedWithoutCert) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  TransportOptions options = quick(server);
  options.ca_file.clear();  // the system store does not know the test CA
  expect_fault(server, options, {}, server.https_url() + "/pypi/simple/", "torch", "TLS verification failed");
}

TEST(LoopbackTest, CredentialsFromTheUrlAreSentAndNeverPrinted) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  std::string base = server.http_url();
  std::string with_password = "http://alice:wonderland@" + base.substr(7) + "/private/simple/";
  IndexClient good(config({}, with_password), *transport, nullptr);
  EXPECT_EQ(good.project("peft").status, Lookup::Found) << good.project("peft").problems.at(0).message;
  std::string wrong = "http://alice:not-the-password@" + base.substr(7) + "/private/simple/";
  IndexClient bad(config({}, wrong), *transport, nullptr);
  const Project& refused = bad.project("peft");
  EXPECT_EQ(refused.status, Lookup::Unknown);
  ASSERT_FALSE(refused.problems.empty());
  EXPECT_EQ(refused.problems[0].message, base + "/private/simple/peft/: HTTP 401 (credentials missing or refused)");
}

TEST(LoopbackTest, NetrcCredentials) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  IndexConfig c = config({}, server.http_url() + "/private/simple/");
  c.credentials.set_netrc(parse_netrc("machine 127.0.0.1 login alice password wonderland\n"));
  IndexClient client(std::move(c), *transport, nullptr);
  EXPECT_EQ(client.project("peft").status, Lookup::Found) << client.project("peft").problems.at(0).message;
}

TEST(LoopbackTest, RangeReadsAndHead) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto transport = make_curl_transport(quick(server));
  IndexClient client(config({}, server.http_url() + "/pypi/simple/"), *transport, nullptr);
  std::string url = server.http_url() + "/pypi/simple/torch/index.json";
  auto head = client.remote_files().head(std::vector<std::string>{url, server.http_url() + "/nothing-here"});
  ASSERT_TRUE(head[0]);
  EXPECT_TRUE(head[0]->exists());
  EXPECT_GT(head[0]->size.value_or(0), 100u);
  ASSERT_TRUE(head[1]);
  EXPECT_EQ(head[1]->status, 404);
  auto bytes = client.remote_files().read(url, ByteRange{0, 12});
  ASSERT_TRUE(bytes) << bytes.error();
  EXPECT_EQ(*bytes, R"({"files":[{")");
}

}  // namespace
}  // namespace mlstack::index
