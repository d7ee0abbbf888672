// SPDX-License-Identifier: MIT
#include "project/python/import_names.h"

namespace mlstack::project::python {

namespace {

constexpr ImportNameRow k_rows[] = {
#include "project/python/import_names.inc"
};

bool is_module_or_parent(std::string_view parent, std::string_view module) {
  return module == parent ||
         (module.size() > parent.size() && module.substr(0, parent.size()) == parent &&
          module[parent.size()] == '.');
}

}  // namespace

std::span<const ImportNameRow> import_name_rows() { return k_rows; }

DistributionGuess distribution_for_import(std::string_view module) {
  const ImportNameRow* best = nullptr;
  for (const ImportNameRow& row : k_rows)
    if (is_module_or_parent(row.import_name, module) &&
        (!best || row.import_name.size() > best->import_name.size()))
      best = &row;
  if (best) return DistributionGuess{std::string(best->distribution), best, {}, {}};
  return DistributionGuess{std::string(module.substr(0, module.find('.'))), nullptr, {}, {}};
}

}  // namespace mlstack::project::python
