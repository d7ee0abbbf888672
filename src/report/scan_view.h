// SPDX-License-Identifier: MIT
// The Document of `mlstack scan`: sources read, declared dependencies per
// source and group (the seed tables' "Package | Constraint in repo"),
// build-time requirements, install commands in scripts and docs, index
// configuration, alternative stacks, disagreements and suggested bounds. Its
// JSON payload (docs/scan.md) carries every declaration with its origin.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "project/scan.h"
#include "report/document.h"

namespace mlstack::report {

// What a scan Document shows. Text is short by default: a summary and the
// findings grouped by rule; the tables of what was read (most of which
// checked out fine) come only when asked for by name or all at once.
struct ScanViewOptions {
  std::vector<std::string> show;  // section ids (scan_sections()) to render as tables
  bool every_section = false;     // --verbose, and Markdown (a document, not a terminal): every table
  bool all = false;               // --all: no list cut short (text findings; JSON site and file lists)
};

// The section ids --show accepts, with a few words on each, in display order.
struct ScanSection {
  const char* id;
  const char* what;
};
const std::vector<ScanSection>& scan_sections();

// Whether `options` asks for section `id`.
bool shows(const ScanViewOptions& options, std::string_view id);

Document scan_document(const project::ScanResult& result, const ScanViewOptions& options = {});

// The JSON payload alone.
nlohmann::json scan_payload(const project::ScanResult& result);

}  // namespace mlstack::report
