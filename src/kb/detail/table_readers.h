// SPDX-License-Identifier: MIT
// One reader per kb table: turns a validated row into its struct and appends
// it to the KnowledgeBase. Internal to src/kb.
#pragma once

#include <string_view>
#include <vector>

#include "core/finding.h"
#include "kb/detail/row_reader.h"
#include "kb/knowledge_base.h"

namespace mlstack::kb::detail {

using TableReader = void (*)(RowReader& row, KnowledgeBase& kb);

// The reader for table `table` of file `file` ("torch.toml", "release"), or
// nullptr when that file has no such table.
TableReader table_reader(std::string_view file, std::string_view table);

// Checks across rows once everything is read: duplicate fact ids, and values
// that must name another row (a torch release's PyPI variant is one of its
// variants). Problems become `input.kb-row` findings.
void check_references(const KnowledgeBase& kb, std::vector<Finding>& findings);

}  // namespace mlstack::kb::detail
