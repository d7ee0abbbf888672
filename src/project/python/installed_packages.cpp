// SPDX-License-Identifier: MIT
#include "project/python/installed_packages.h"

#include <algorithm>

namespace mlstack::project::python {

InstalledPackages::InstalledPackages(std::string description, std::vector<InstalledDistribution> distributions)
    : m_description(std::move(description)), m_distributions(std::move(distributions)) {
  std::stable_sort(m_distributions.begin(), m_distributions.end(),
                   [](const auto& a, const auto& b) { return a.canonical_name < b.canonical_name; });
  for (std::size_t i = 0; i < m_distributions.size(); ++i)
    for (const std::string& name : m_distributions[i].import_names) {
      auto& indices = m_by_import[name];
      if (std::find(indices.begin(), indices.end(), i) == indices.end()) indices.push_back(i);
    }
}

const InstalledDistribution* InstalledPackages::find(std::string_view canonical_name) const {
  auto it = std::lower_bound(m_distributions.begin(), m_distributions.end(), canonical_name,
                             [](const InstalledDistribution& d, std::string_view name) { return d.canonical_name < name; });
  return it != m_distributions.end() && it->canonical_name == canonical_name ? &*it : nullptr;
}

InstalledPackages::Providers InstalledPackages::providers(std::string_view module) const {
  Providers out;
  std::string_view candidate = module;
  while (!candidate.empty()) {
    if (auto it = m_by_import.find(candidate); it != m_by_import.end()) {
      out.import_name = std::string(candidate);
      for (std::size_t i : it->second) out.distributions.push_back(&m_distributions[i]);
      return out;
    }
    std::size_t dot = candidate.rfind('.');
    if (dot == std::string_view::npos) break;
    candidate = candidate.substr(0, dot);
  }
  return out;
}

}  // namespace mlstack::project::python
