// SPDX-License-Identifier: MIT
// Fuzzes the safetensors header reader on whole files: any bytes must give a
// header or an error message, never a crash. A header that is accepted must
// hold the invariants the fit arithmetic relies on: the tensors tile the data
// section exactly and each holds shape × dtype bytes. The same bytes also go
// through the config.json reader.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "model/config.h"
#include "model/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::model;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  MemoryByteSource source("fuzz.safetensors", bytes);
  auto header = read_safetensors(source);
  if (header) {
    std::uint64_t covered = 0;
    for (const TensorInfo& tensor : header->tensors) {
      if (tensor.begin != covered) std::abort();
      if (tensor.bytes() != bytes_for(tensor.elements, bits(tensor.dtype))) std::abort();
      covered = tensor.end;
    }
    if (covered != header->data_size || 8 + header->header_size + header->data_size != size) std::abort();
  }
  (void)parse_model_config(bytes, "config.json");
  return 0;
}
