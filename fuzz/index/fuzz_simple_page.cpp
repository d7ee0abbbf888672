// SPDX-License-Identifier: MIT
// Both project-page parsers over the same bytes (PEP 691 JSON and PEP 503
// HTML, as a project page and as a find-links page), then the cache codec
// round trip of whatever parsed: never a crash, an error offset inside the
// body, and decode(encode(page)) equal to the page. The bytes are also read
// as a cached page (decode_page) first.
#include <cstdlib>
#include <string_view>

#include "index/page_codec.h"
#include "index/simple_page.h"

namespace {

void check(const mlstack::index::ProjectPage& page) {
  std::string bytes = mlstack::index::encode_page(page);
  auto back = mlstack::index::decode_page(bytes);
  if (!back || back->files.size() != page.files.size() || back->versions != page.versions) std::abort();
  for (std::size_t i = 0; i < page.files.size(); ++i) {
    const auto& a = page.files[i];
    const auto& b = back->files[i];
    if (a.filename != b.filename || a.url != b.url || a.hashes != b.hashes || a.yanked != b.yanked ||
        a.size != b.size || a.core_metadata != b.core_metadata || a.kind != b.kind || a.name != b.name ||
        a.version != b.version || (a.version && a.version->str() != b.version->str()) || a.tags != b.tags ||
        a.requires_python != b.requires_python || a.upload_time != b.upload_time) {
      std::abort();
    }
  }
  // A cut-off entry is refused, never half-read.
  if (bytes.size() > 8 && mlstack::index::decode_page(std::string_view(bytes).substr(0, bytes.size() - 1))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  // The bytes as a cache entry: refused or read, never a crash; what reads
  // encodes and reads back the same.
  if (auto cached = mlstack::index::decode_page(body)) check(*cached);
  const char* url = "https://example.com/simple/torch/";
  for (auto format : {mlstack::index::PageFormat::Json, mlstack::index::PageFormat::Html}) {
    for (std::string_view project : {std::string_view("torch"), std::string_view()}) {
      auto page = mlstack::index::parse_page(format, body, url, project);
      if (!page) {
        if (page.error().offset > body.size()) std::abort();
        (void)mlstack::index::describe(page.error(), body);
        continue;
      }
      check(*page);
    }
  }
  return 0;
}
