// SPDX-License-Identifier: MIT
// Writes safetensors files for tests, as the reference serializer lays them
// out: 8-byte little-endian header length, the JSON header padded with
// spaces to a multiple of 8 bytes, then the tensors' bytes back to back
// (huggingface/safetensors safetensors/src/tensor.rs, prepare/serialize).
// Data bytes are a pattern, not real weights: only the header is read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace mlstack::model::testing {

struct TensorSpec {
  std::string name;
  std::string dtype;  // "BF16"
  std::vector<std::uint64_t> shape;
};

inline std::uint64_t spec_bits(const std::string& dtype) {
  if (dtype == "F4") return 4;
  if (dtype == "F6_E2M3" || dtype == "F6_E3M2") return 6;
  if (dtype == "BOOL" || dtype == "U8" || dtype == "I8" || dtype.starts_with("F8")) return 8;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 16;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 32;
  return 64;
}

inline std::uint64_t spec_bytes(const TensorSpec& spec) {
  std::uint64_t elements = 1;
  for (auto d : spec.shape) elements *= d;
  return elements * spec_bits(spec.dtype) / 8;
}

// The JSON header of `tensors` laid out in order, with optional metadata.
inline nlohmann::json header_json(const std::vector<TensorSpec>& tensors,
                                  const nlohmann::json& metadata = nlohmann::json()) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.is_null()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& spec : tensors) {
    std::uint64_t bytes = spec_bytes(spec);
    header[spec.name] = {{"dtype", spec.dtype}, {"shape", spec.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  return header;
}

inline std::uint64_t data_size(const std::vector<TensorSpec>& tensors) {
  std::uint64_t total = 0;
  for (const auto& spec : tensors) total += spec_bytes(spec);
  return total;
}

// A whole file from a header text and a data section of `data_bytes` bytes.
inline std::string file_bytes(std::string header_text, std::uint64_t data_bytes) {
  while (header_text.size() % 8 != 0) header_text += ' ';
  std::string out;
  std::uint64_t n = header_text.size();
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  out += header_text;
  for (std::uint64_t i = 0; i < data_bytes; ++i) out += static_cast<char>(i * 31 % 251);
  return out;
}

inline std::string safetensors_bytes(const std::vector<TensorSpec>& tensors,
                                     const nlohmann::json& metadata = nlohmann::json()) {
  return file_bytes(header_json(tensors, metadata).dump(), data_size(tensors));
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh empty folder under the system temp folder, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    m_path = std::filesystem::temp_directory_path() /
             ("mlstack-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace mlstack::model::testing
