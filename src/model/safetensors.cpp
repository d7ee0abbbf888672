// SPDX-License-Identifier: MIT
#include "model/safetensors.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace mlstack::model {

namespace {

using json = nlohmann::json;

std::string backticked(std::string_view name) { return fmt::format("`{}`", name); }

// A JSON number that is a non-negative integer, as serde's usize accepts it.
bool as_u64(const json& value, std::uint64_t& out) {
  if (value.is_number_unsigned()) {
    out = value.get<std::uint64_t>();
    return true;
  }
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    out = static_cast<std::uint64_t>(value.get<std::int64_t>());
    return true;
  }
  return false;
}

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

Expected<TensorInfo, std::string> read_tensor(const std::string& name, const json& entry, std::uint64_t data_size) {
  TensorInfo tensor;
  tensor.name = name;
  if (!entry.is_object())
    return unexpected(fmt::format("tensor {}: expected an object with dtype, shape and data_offsets", backticked(name)));
  auto dtype_it = entry.find("dtype");
  auto shape_it = entry.find("shape");
  auto offsets_it = entry.find("data_offsets");
  if (dtype_it == entry.end() || !dtype_it->is_string())
    return unexpected(fmt::format("tensor {}: `dtype` is missing or not a string", backticked(name)));
  auto dtype = parse_dtype(dtype_it->get<std::string>());
  if (!dtype)
    return unexpected(fmt::format("tensor {}: unknown dtype `{}` (safetensors defines BOOL, U8, I8, F8_E5M2, F8_E4M3, "
                                  "F8_E8M0, I16, U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64, F4, F6_E2M3, F6_E3M2)",
                                  backticked(name), dtype_it->get<std::string>()));
  tensor.dtype = *dtype;
  if (shape_it == entry.end() || !shape_it->is_array())
    return unexpected(fmt::format("tensor {}: `shape` is missing or not an array", backticked(name)));
  tensor.elements = 1;
  for (const json& dim : *shape_it) {
    std::uint64_t value = 0;
    if (!as_u64(dim, value))
      return unexpected(fmt::format("tensor {}: `shape` must hold non-negative integers, not {}", backticked(name), dim.dump()));
    tensor.shape.push_back(value);
    if (__builtin_mul_overflow(tensor.elements, value, &tensor.elements))
      return unexpected(fmt::format("tensor {}: shape {} has more elements than 2^64", backticked(name), shape_it->dump()));
  }
  std::uint64_t total_bits = 0;
  if (__builtin_mul_overflow(tensor.elements, static_cast<std::uint64_t>(bits(tensor.dtype)), &total_bits))
    return unexpected(fmt::format("tensor {}: shape {} of {} overflows a 64-bit byte count", backticked(name),
                                  shape_text(tensor.shape), to_string(tensor.dtype)));
  if (total_bits % 8 != 0)
    return unexpected(fmt::format("tensor {}: {} elements of {} ({} bits each) do not fill whole bytes", backticked(name),
                                  tensor.elements, to_string(tensor.dtype), bits(tensor.dtype)));
  if (offsets_it == entry.end() || !offsets_it->is_array() || offsets_it->size() != 2 ||
      !as_u64((*offsets_it)[0], tensor.begin) || !as_u64((*offsets_it)[1], tensor.end))
    return unexpected(fmt::format("tensor {}: `data_offsets` must be two non-negative integers [begin, end]", backticked(name)));
  if (tensor.end < tensor.begin)
    return unexpected(fmt::format("tensor {}: data_offsets [{}, {}] end before they begin", backticked(name), tensor.begin,
                                  tensor.end));
  std::uint64_t needed = total_bits / 8;
  if (tensor.end - tensor.begin != needed)
    return unexpected(fmt::format("tensor {}: data_offsets [{}, {}] hold {} bytes, but shape {} of {} needs {}",
                                  backticked(name), tensor.begin, tensor.end, tensor.end - tensor.begin,
                                  shape_text(tensor.shape), to_string(tensor.dtype), needed));
  if (tensor.end > data_size)
    return unexpected(fmt::format("tensor {}: data_offsets [{}, {}] end past the data section ({} bytes)", backticked(name),
                                  tensor.begin, tensor.end, data_size));
  for (const auto& [key, value] : entry.items()) {
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      return unexpected(fmt::format("tensor {}: unknown field `{}`", backticked(name), key));
  }
  return tensor;
}

// The tensors must tile the data section: sorted by offset, each begins
// where the previous ended, and the last ends where the file ends.
Expected<bool, std::string> check_tiling(const std::vector<TensorInfo>& tensors, std::uint64_t data_size) {
  std::uint64_t covered = 0;
  const TensorInfo* previous = nullptr;
  for (const TensorInfo& tensor : tensors) {
    if (tensor.begin < covered) {
      return unexpected(fmt::format("tensors {} [{}, {}] and {} [{}, {}] overlap", backticked(previous->name),
                                    previous->begin, previous->end, backticked(tensor.name), tensor.begin, tensor.end));
    }
    if (tensor.begin > covered)
      return unexpected(fmt::format("bytes [{}, {}) of the data section belong to no tensor (the next is {})", covered,
                                    tensor.begin, backticked(tensor.name)));
    covered = tensor.end;
    previous = &tensor;
  }
  if (covered != data_size)
    return unexpected(fmt::format("the data section has {} bytes but the tensors cover {}: bytes [{}, {}) belong to no "
                                  "tensor",
                                  data_size, covered, covered, data_size));
  return true;
}

}  // namespace

Expected<SafetensorsHeader, std::string> parse_safetensors_header(std::string_view text, std::uint64_t file_size) {
  SafetensorsHeader header;
  header.file_size = file_size;
  header.header_size = text.size();
  if (file_size < 8 || file_size - 8 < text.size())
    return unexpected(fmt::format("header length {} runs past the end of the file ({} bytes)", text.size(), file_size));
  header.data_size = file_size - 8 - text.size();

  // Names at the top level, to catch a tensor listed twice (a JSON map would
  // keep only the last).
  std::unordered_set<std::string> seen;
  std::string duplicate;
  auto on_event = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key && depth == 1 && parsed.is_string()) {
      std::string key = parsed.get<std::string>();
      if (!seen.insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  json document;
  try {
    document = json::parse(text.begin(), text.end(), on_event);
  } catch (const json::exception& error) {
    std::string what = error.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 3: ..." -> the part after the id.
    auto bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    return unexpected(fmt::format("the header is not valid JSON: {}", what));
  }
  if (!document.is_object()) return unexpected(std::string("the header is not a JSON object"));
  if (!duplicate.empty()) return unexpected(fmt::format("tensor {} is listed twice in the header", backticked(duplicate)));

  for (const auto& [key, value] : document.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) return unexpected(std::string("`__metadata__` must be an object of strings"));
      for (const auto& [meta_key, meta_value] : value.items()) {
        if (!meta_value.is_string())
          return unexpected(fmt::format("`__metadata__` value of `{}` must be a string, not {}", meta_key,
                                        meta_value.dump()));
        header.metadata.emplace_back(meta_key, meta_value.get<std::string>());
      }
      continue;
    }
    auto tensor = read_tensor(key, value, header.data_size);
    if (!tensor) return unexpected(tensor.error());
    header.tensors.push_back(std::move(*tensor));
  }
  std::sort(header.tensors.begin(), header.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  auto tiled = check_tiling(header.tensors, header.data_size);
  if (!tiled) return unexpected(tiled.error());
  return header;
}

Expected<SafetensorsHeader, std::string> read_safetensors(ByteSource& source) {
  const std::uint64_t size = source.size();
  if (size < 8)
    return unexpected(fmt::format("{}: truncated: {} bytes, fewer than the 8-byte header length", source.name(), size));
  auto length = source.read(0, 8);
  if (!length) return unexpected(length.error());
  if (length->size() < 8)
    return unexpected(fmt::format("{}: truncated: could read only {} bytes", source.name(), length->size()));
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>((*length)[static_cast<std::size_t>(i)]);
  if (n > k_max_header_size)
    return unexpected(fmt::format("{}: header length {} exceeds safetensors' limit of {} bytes", source.name(), n,
                                  k_max_header_size));
  if (n > size - 8)
    return unexpected(fmt::format("{}: header length {} runs past the end of the file ({} bytes)", source.name(), n,
                                  size));
  std::string text;
  if (n > 0) {
    auto read = source.read(8, static_cast<std::size_t>(n));
    if (!read) return unexpected(read.error());
    text = std::move(*read);
  }
  if (text.size() != n)
    return unexpected(fmt::format("{}: truncated: the header should have {} bytes, {} could be read", source.name(), n,
                                  text.size()));
  auto header = parse_safetensors_header(text, size);
  if (!header) return unexpected(fmt::format("{}: {}", source.name(), header.error()));
  return header;
}

}  // namespace mlstack::model
