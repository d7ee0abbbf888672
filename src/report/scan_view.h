// SPDX-License-Identifier: MIT
// The Document of `mlstack scan`: sources read, declared dependencies per
// source and group (the seed tables' "Package | Constraint in repo"),
// build-time requirements, install commands in scripts and docs, index
// configuration, alternative stacks, disagreements and suggested bounds. Its
// JSON payload (docs/scan.md) carries every declaration with its origin.
#pragma once

#include "project/scan.h"
#include "report/document.h"

namespace mlstack::report {

Document scan_document(const project::ScanResult& result);

// The JSON payload alone.
nlohmann::json scan_payload(const project::ScanResult& result);

}  // namespace mlstack::report
