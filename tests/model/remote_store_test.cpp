// SPDX-License-Identifier: MIT
// The remote store over src/index's RemoteFiles and its FakeTransport: the
// same model read remotely gives the same figures as read locally, reading
// only the JSON files and each shard's length field and header.
#include "model/remote_store.h"

#include <gtest/gtest.h>

#include "index/fake_transport.h"
#include "model/fit.h"
#include "model/model_files.h"
#include "model/safetensors_writer.h"

namespace mlstack::model {
namespace {

using testing::TensorSpec;

std::string base(std::string_view url) { return model_location(url).base_url; }

TEST(RemoteStoreTest, HuggingFaceUrlsBecomeResolveUrls) {
  EXPECT_EQ(base("https://huggingface.co/Qwen/Qwen-Image"), "https://huggingface.co/Qwen/Qwen-Image/resolve/main/");
  EXPECT_EQ(base("https://huggingface.co/Qwen/Qwen-Image/"), "https://huggingface.co/Qwen/Qwen-Image/resolve/main/");
  EXPECT_EQ(base("https://huggingface.co/Qwen/Qwen-Image/tree/75e0b4be04f60ec59a75f475837eced720f823b6"),
            "https://huggingface.co/Qwen/Qwen-Image/resolve/75e0b4be04f60ec59a75f475837eced720f823b6/");
  EXPECT_EQ(base("https://huggingface.co/org/m/tree/v1.0/transformer"),
            "https://huggingface.co/org/m/resolve/v1.0/transformer/");
  EXPECT_EQ(base("https://example.org/models/tiny"), "https://example.org/models/tiny/");
  EXPECT_EQ(base("https://example.org/models/tiny/?x=1#top"), "https://example.org/models/tiny/");
  EXPECT_EQ(base("https://huggingface.co/datasets/x/y"), "https://huggingface.co/datasets/x/y/");
  // Credentials stay for the caller to hand to the client's credential store.
  EXPECT_EQ(base("https://u:p@example.org/m"), "https://u:p@example.org/m/");
}

TEST(RemoteStoreTest, AUrlEndingInSafetensorsNamesOneFile) {
  auto hf = model_location("https://huggingface.co/org/m/blob/main/vae/diffusion_pytorch_model.safetensors?download=true");
  EXPECT_EQ(hf.base_url, "https://huggingface.co/org/m/resolve/main/vae/");
  EXPECT_EQ(hf.file, "diffusion_pytorch_model.safetensors");
  auto plain = model_location("http://127.0.0.1:8080/big/tiny-llama/my%20model.safetensors");
  EXPECT_EQ(plain.base_url, "http://127.0.0.1:8080/big/tiny-llama/");
  EXPECT_EQ(plain.file, "my model.safetensors");
  EXPECT_FALSE(model_location("https://example.org/models/tiny").file.has_value());
}

class RemoteModel : public ::testing::Test {
 protected:
  static constexpr const char* k_base = "https://models.example/tiny/";

  void serve(const std::string& relative, const std::string& bytes) {
    index::FakeReply reply;
    reply.status = 200;
    reply.headers = {{"content-length", std::to_string(bytes.size())}, {"etag", "\"" + relative + "\""}};
    reply.body = bytes;
    transport.route(std::string(k_base) + relative, reply);
    served[relative] = bytes;
  }

  index::FakeTransport transport;
  index::IndexConfig config;
  index::RemoteFiles files{config, transport, nullptr, false, nullptr};
  std::map<std::string, std::string> served;
};

TEST_F(RemoteModel, ShardedModelReadsTheSameAsLocallyAndOnlyHeaders) {
  std::vector<TensorSpec> a = {{"embed", "BF16", {512, 64}}, {"l0", "BF16", {64, 64}}};
  std::vector<TensorSpec> b = {{"l1", "BF16", {64, 64}}, {"norm", "F32", {64}}};
  serve("model-00001-of-00002.safetensors", testing::safetensors_bytes(a));
  serve("model-00002-of-00002.safetensors", testing::safetensors_bytes(b));
  serve("model.safetensors.index.json", R"({"metadata": {"total_size": 82176}, "weight_map": {
      "embed": "model-00001-of-00002.safetensors", "l0": "model-00001-of-00002.safetensors",
      "l1": "model-00002-of-00002.safetensors", "norm": "model-00002-of-00002.safetensors"}})");
  serve("config.json", R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2, "hidden_size": 64,
      "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 256, "torch_dtype": "bfloat16"})");

  RemoteModelStore store(k_base, files);
  auto model = read_model_files(store, k_base);
  ASSERT_TRUE(model.has_value()) << model.error();
  EXPECT_EQ(model->layout, Layout::Sharded);
  EXPECT_TRUE(model->findings.empty()) << model->findings[0].message;
  const Component& c = model->components[0];
  EXPECT_EQ(c.elements, 512u * 64 + 64 * 64 + 64 * 64 + 64);
  EXPECT_EQ(c.data_bytes, testing::data_size(a) + testing::data_size(b));
  ASSERT_TRUE(c.config.has_value());

  // Bytes: the two JSON files whole, and 8 + N of each shard.
  std::uint64_t expected = served["model.safetensors.index.json"].size() + served["config.json"].size();
  for (const auto& file : c.files) expected += 8 + file.header->header_size;
  EXPECT_EQ(model->read.bytes, expected);
  EXPECT_LT(model->read.bytes, model->file_bytes / 10);
  // Every GET of a shard was a range request; none asked for the weights.
  for (const auto& request : transport.requests()) {
    if (request.method != index::Method::Get || !request.url.ends_with(".safetensors")) continue;
    ASSERT_TRUE(request.range.has_value()) << request.url;
    EXPECT_LE(request.range->offset + request.range->length, 8 + c.files[0].header->header_size + 8 +
                                                                 c.files[1].header->header_size)
        << request.url;
  }
  // Five sequential probes and reads (HEAD model_index.json: 404; HEAD and GET
  // of the index; HEAD and GET of config.json), then the shards' HEADs, their
  // 8-byte lengths and their headers in one batch each, whatever their number.
  EXPECT_EQ(transport.batches(), 8u);

  FitOptions options;
  options.context = 256;
  FitReport report = compute_fit(std::move(*model), options);
  EXPECT_EQ(report.kv->total, 2u * 2 * 16 * 2 * 2 * 256);
}

TEST_F(RemoteModel, DiffusersComponentsAreProbedByName) {
  serve("model_index.json", R"({"transformer": ["diffusers", "T"], "scheduler": ["diffusers", "S"]})");
  serve("transformer/diffusion_pytorch_model.safetensors", testing::safetensors_bytes({{"w", "BF16", {32, 32}}}));
  RemoteModelStore store(k_base, files);
  auto model = read_model_files(store, k_base);
  ASSERT_TRUE(model.has_value()) << model.error();
  ASSERT_EQ(model->components.size(), 1u);
  EXPECT_EQ(model->components[0].name, "transformer");
  EXPECT_EQ(model->components[0].elements, 1024u);
  EXPECT_EQ(model->no_weights, std::vector<std::string>{"scheduler (S)"});
}

TEST_F(RemoteModel, CredentialsTravelInRequestsNeverInMessages) {
  index::FakeReply denied;
  denied.status = 401;
  transport.route("https://models.example/private/model_index.json", denied);
  std::string base = config.credentials.take_from_url("https://alice:secret@models.example/private/");
  RemoteModelStore store(base, files);
  auto model = read_model_files(store, base);
  ASSERT_TRUE(model.has_value());
  ASSERT_FALSE(model->findings.empty());
  EXPECT_EQ(model->findings[0].rule, "model.unreadable");
  EXPECT_EQ(model->findings[0].message,
            "https://models.example/private/model_index.json: HTTP 401 (credentials come from the URL or ~/.netrc, "
            "as for package indexes)");
  for (const auto& f : model->findings) EXPECT_EQ(f.message.find("secret"), std::string::npos) << f.message;
  ASSERT_FALSE(transport.requests().empty());
  ASSERT_TRUE(transport.requests()[0].credentials.has_value());
  EXPECT_EQ(transport.requests()[0].credentials->username, "alice");
  EXPECT_EQ(transport.requests()[0].url.find("secret"), std::string::npos);
}

TEST_F(RemoteModel, AServerWithoutContentLengthIsAnError) {
  index::FakeReply reply;
  reply.status = 200;
  reply.body = "x";
  transport.route(std::string(k_base) + "model_index.json", reply);
  RemoteModelStore store(k_base, files);
  auto source = store.open("model_index.json");
  ASSERT_FALSE(source.has_value());
  EXPECT_EQ(source.error(), std::string(k_base) +
                                "model_index.json: the server gives no Content-Length, so the file's size is unknown");
}

}  // namespace
}  // namespace mlstack::model
