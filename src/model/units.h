// SPDX-License-Identifier: MIT
// Byte sizes for people: binary units (GiB = 2^30 bytes), the unit nvidia-smi
// (MiB) and PyTorch ("GiB total capacity") report memory in. Parsing accepts
// both binary (GiB) and decimal (GB) units, since vendors market in GB.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlstack::model {

// 43871552000 -> "40.86 GiB"; below 1 MiB: "512.0 KiB" / "17 B".
std::string format_bytes(std::uint64_t bytes);
// Signed: "-1.20 GiB".
std::string format_signed_bytes(std::int64_t bytes);
// 20430401088 -> "20,430,401,088".
std::string format_count(std::uint64_t value);

// "24GiB", "24 GiB", "80GB", "81559MiB", "1.5TiB", "1000000" (bytes) -> bytes.
std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace mlstack::model
