// SPDX-License-Identifier: MIT
// A model repository on a web server, read through src/index's RemoteFiles:
// the same transport, credentials (URL userinfo, ~/.netrc), mirrors and HTTP
// cache as package indexes, so fit never opens a connection of its own.
//
// A file's size comes from a HEAD request (Content-Length, after redirects);
// its bytes from range requests, which the index cache keeps and revalidates.
// A 404 is "no such file", which is how layouts are probed: a web server
// cannot list a folder.
//
// Hugging Face repository URLs are turned into their file URLs the way
// huggingface_hub builds them (constants.py HUGGINGFACE_CO_URL_TEMPLATE,
// "{endpoint}/{repo_id}/resolve/{revision}/{filename}"):
//   https://huggingface.co/Qwen/Qwen-Image             -> .../Qwen/Qwen-Image/resolve/main/
//   https://huggingface.co/Qwen/Qwen-Image/tree/abc123  -> .../Qwen/Qwen-Image/resolve/abc123/
//   .../blob/main/vae/x.safetensors                     -> .../resolve/main/vae/ and the file x.safetensors
// Any other URL is a folder whose files are URL + name, or, ending in
// ".safetensors", that one file. Query and fragment are dropped: file URLs
// are built by appending names to the folder's path.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "index/remote_files.h"
#include "model/byte_source.h"

namespace mlstack::model {

struct RemoteLocation {
  std::string base_url;              // the folder files are read under, ending in '/'
  std::optional<std::string> file;   // the .safetensors file the URL named, relative to base_url
};

// Where a model URL's files are. Credentials in the URL stay in base_url
// (the caller hands them to the client's credential store).
RemoteLocation model_location(std::string_view url);

class RemoteModelStore : public ModelStore {
 public:
  RemoteModelStore(std::string base_url, index::RemoteFiles& files);

  std::string display(std::string_view relative) const override;
  Expected<std::unique_ptr<ByteSource>, std::string> open(std::string_view relative) override;
  std::optional<std::vector<std::string>> list(std::string_view) const override { return std::nullopt; }
  std::optional<bool> has_folder(std::string_view) const override { return std::nullopt; }
  const ReadMeter& meter() const override { return m_meter; }
  // HEADs the files, reads their 8-byte header lengths, then their headers:
  // three batches of parallel requests, so that a sharded model costs three
  // round trips however many shards it has, and no byte more than reading
  // the files one by one.
  void prefetch(std::span<const std::string> relative) override;

 private:
  struct Known {
    int status = 0;
    std::uint64_t size = 0;
    std::string error;
    std::string prefix;  // the first bytes (length, header), when prefetched
  };
  Expected<Known, std::string> head(const std::string& relative);

  std::string m_base;
  index::RemoteFiles& m_files;
  ReadMeter m_meter;
  std::map<std::string, Known> m_known;
};

}  // namespace mlstack::model
