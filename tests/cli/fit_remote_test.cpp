// SPDX-License-Identifier: MIT
// `mlstack fit URL` against nginx on loopback (the index tests' server,
// tests/index_loopback/loopback_index.h): the model folders of
// tests/data/model, copied under the server's /big/ location with a sparse
// tensor of megabytes to gigabytes appended to every file, so that only a server honouring
// Range can answer the client's reads (each bounded to the bytes it asks for). The remote figures
// must equal the local ones, and the bytes read must be exactly the JSON
// files and each shard's 8-byte length and header.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"
#include "index_loopback/loopback_index.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;
const std::string k_models = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/model";

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

void write_all(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A copy of `from` at `to` whose every .safetensors file ends with one more
// tensor, "padding.<file name>", of `extra` U8 bytes, kept sparse on disk;
// index files map the new tensors and count them in total_size.
void copy_grown(const fs::path& from, const fs::path& to, std::uint64_t extra) {
  fs::remove_all(to);
  fs::create_directories(to.parent_path());
  fs::copy(from, to, fs::copy_options::recursive);
  for (const auto& entry : fs::recursive_directory_iterator(to)) {
    if (entry.path().extension() != ".safetensors") continue;
    std::string bytes = read_all(entry.path());
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    auto header = nlohmann::json::parse(bytes.substr(8, n));
    std::uint64_t data = bytes.size() - 8 - n;
    header["padding." + entry.path().filename().string()] = {
        {"dtype", "U8"}, {"shape", {extra}}, {"data_offsets", {data, data + extra}}};
    std::string text = header.dump();
    while (text.size() % 8) text += ' ';
    std::string out;
    for (int i = 0; i < 8; ++i) out += static_cast<char>((text.size() >> (8 * i)) & 0xff);
    write_all(entry.path(), out + text + bytes.substr(8 + n));
    fs::resize_file(entry.path(), out.size() + text.size() + data + extra);  // sparse: never read
  }
  for (const auto& entry : fs::recursive_directory_iterator(to)) {
    if (!entry.path().string().ends_with(".safetensors.index.json")) continue;
    auto index = nlohmann::json::parse(read_all(entry.path()));
    std::set<std::string> shards;
    for (const auto& [tensor, shard] : index["weight_map"].items()) shards.insert(shard.get<std::string>());
    for (const std::string& shard : shards) index["weight_map"]["padding." + shard] = shard;
    index["metadata"]["total_size"] = index["metadata"]["total_size"].get<std::uint64_t>() + extra * shards.size();
    write_all(entry.path(), index.dump(2));
  }
}

std::vector<std::string> online(const std::string& cache) { return {"MLSTACK_OFFLINE=0", "MLSTACK_CACHE_DIR=" + cache}; }

TEST(RemoteFitTest, ShardedModelOverHttpEqualsTheLocalCopyAndReadsOnlyHeaders) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  fs::path folder = fs::path(server.temp_dir()) / "big" / "tiny-sharded";
  // 3 GiB per shard, as real shards are: past 2^31 and past the transport's
  // body limit, which a HEAD's Content-Length must not trip.
  constexpr std::uint64_t k_extra = 3ull << 30;
  copy_grown(k_models + "/tiny-sharded", folder, k_extra);
  std::string cache = server.temp_dir() + "/fit-cache";

  auto local = run_mlstack({"fit", folder.string(), "--gpu", "RTX 4090", "--format", "json"});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  std::string url = server.http_url() + "/big/tiny-sharded";
  auto remote = run_mlstack({"fit", url, "--gpu", "RTX 4090", "--format", "json"}, {}, online(cache));
  ASSERT_EQ(remote.exit_code, 0) << remote.err << remote.out;
  auto l = nlohmann::json::parse(local.out);
  auto r = nlohmann::json::parse(remote.out);
  EXPECT_EQ(r["model"]["layout"], "sharded");
  EXPECT_EQ(r["model"]["parameters"], l["model"]["parameters"]);
  EXPECT_EQ(r["model"]["bytes"], l["model"]["bytes"]);
  EXPECT_EQ(r["model"]["file_bytes"], l["model"]["file_bytes"]);
  EXPECT_EQ(r["kv_cache"], l["kv_cache"]);
  EXPECT_EQ(r["gpus"][0]["margin"], l["gpus"][0]["margin"]);
  EXPECT_TRUE(r["findings"].empty()) << r["findings"].dump();

  // Exactly the JSON files and 8 + N bytes of each shard: the same count the
  // local read reports, and far below the 6 GiB of (sparse) weights.
  std::uint64_t expected = fs::file_size(folder / "model.safetensors.index.json") + fs::file_size(folder / "config.json");
  for (const auto& file : r["model"]["components"][0]["files"]) expected += 8 + file["header_size"].get<std::uint64_t>();
  EXPECT_EQ(r["model"]["read"]["bytes"], expected);
  EXPECT_EQ(l["model"]["read"]["bytes"], expected);
  EXPECT_GT(r["model"]["file_bytes"].get<std::uint64_t>(), 2 * k_extra);

  // nginx saw HEADs/GETs of the files the layout needs and 404s for the probes.
  auto log = server.log_for("/big/tiny-sharded/");
  std::size_t not_found = 0;
  for (const auto& line : log) not_found += line.find(" 404 ") != std::string::npos;
  EXPECT_GE(not_found, 1u);  // model_index.json
  EXPECT_GE(server.requests_for("/big/tiny-sharded/model-00001-of-00002.safetensors", 3), 3u);  // HEAD, 8 bytes, header

  // A second run answers the range reads from the cache, revalidated by ETag.
  auto again = run_mlstack({"fit", url, "--gpu", "RTX 4090", "--format", "json"}, {}, online(cache));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["model"]["parameters"], l["model"]["parameters"]);
  bool revalidated = false;
  for (const auto& line : server.log_for("/big/tiny-sharded/model-00002-of-00002.safetensors"))
    if (line.find(" 304 ") != std::string::npos) revalidated = true;
  EXPECT_TRUE(revalidated);
}

TEST(RemoteFitTest, DiffusersPipelineOverHttp) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  fs::path folder = fs::path(server.temp_dir()) / "big" / "tiny-pipeline";
  copy_grown(k_models + "/tiny-pipeline", folder, 1u << 20);
  auto local = run_mlstack({"fit", folder.string(), "--gpu", "small=2MiB", "--format", "json"});
  auto remote = run_mlstack({"fit", server.http_url() + "/big/tiny-pipeline", "--gpu", "small=2MiB", "--format", "json"},
                            {}, online(server.temp_dir() + "/fit-cache-2"));
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  auto l = nlohmann::json::parse(local.out);
  auto r = nlohmann::json::parse(remote.out);
  EXPECT_EQ(r["model"]["layout"], "diffusers");
  ASSERT_EQ(r["model"]["components"].size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r["model"]["components"][i]["name"], l["model"]["components"][i]["name"]);
    EXPECT_EQ(r["model"]["components"][i]["parameters"], l["model"]["components"][i]["parameters"]);
    EXPECT_EQ(r["model"]["components"][i]["bytes"], l["model"]["components"][i]["bytes"]);
  }
  EXPECT_EQ(r["model"]["no_weights"], l["model"]["no_weights"]);
  EXPECT_EQ(r["gpus"][0]["alternatives"], l["gpus"][0]["alternatives"]);
}

// HF_TOKEN goes to the Hub's origin (HF_ENDPOINT: here the loopback server
// as 127.0.0.1) as a bearer token and nowhere else: the same server named
// `localhost` is another origin and gets none, nor does the Hub without
// HF_TOKEN. The token is never printed, --verbose included.
TEST(RemoteFitTest, HfTokenGoesToTheHubOnly) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  const std::string token = "hf_loopbackTestToken42";
  const std::string hub = server.http_url();
  const std::string prefix = "http://127.0.0.1:";
  ASSERT_EQ(hub.rfind(prefix, 0), 0u) << hub;
  const std::string elsewhere = "http://localhost:" + hub.substr(prefix.size());
  for (const char* name : {"hub-token", "hub-other-host", "hub-no-token"})
    copy_grown(k_models + "/tiny-llama", fs::path(server.temp_dir()) / "big" / name, 1024);
  auto run = [&](const std::string& base, const char* name, bool with_token) {
    std::vector<std::string> env = online(server.temp_dir() + "/fit-cache-" + name);
    env.push_back("HF_ENDPOINT=" + hub);
    if (with_token) env.push_back("HF_TOKEN=" + token);
    auto r = run_mlstack({"fit", base + "/big/" + name, "--gpu", "g=1GiB", "--verbose"}, {}, env);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out.find(token), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(token), std::string::npos) << r.err;
    auto lines = server.log_for(std::string("/big/") + name + "/", 3);
    EXPECT_GE(lines.size(), 3u) << name;  // HEADs and range reads of config.json and the shard
    return lines;
  };
  for (const auto& line : run(hub, "hub-token", true))
    EXPECT_TRUE(line.ends_with("\"Bearer " + token + "\"")) << line;
  for (const auto& line : run(elsewhere, "hub-other-host", true)) EXPECT_TRUE(line.ends_with(" \"-\"")) << line;
  for (const auto& line : run(hub, "hub-no-token", false)) EXPECT_TRUE(line.ends_with(" \"-\"")) << line;
}

TEST(RemoteFitTest, MissingRepositoryAndOffline) {
  auto& server = LoopbackIndex::get();
  MLSTACK_NEED_NGINX(server);
  auto missing = run_mlstack({"fit", server.http_url() + "/big/no-such-model", "--gpu", "g=1GiB"}, {},
                             online(server.temp_dir() + "/fit-cache-3"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no safetensors weights found"), std::string::npos) << missing.err;
  auto offline = run_mlstack({"fit", server.http_url() + "/big/tiny-sharded", "--gpu", "g=1GiB"}, {},
                             {"MLSTACK_OFFLINE=1"});
  EXPECT_EQ(offline.exit_code, 2);
  EXPECT_NE(offline.err.find("which offline (MLSTACK_OFFLINE) does not make"), std::string::npos) << offline.err;
}

}  // namespace
}  // namespace mlstack::testing
