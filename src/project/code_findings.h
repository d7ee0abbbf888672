// SPDX-License-Identifier: MIT
// What the code says against what the manifests say, as findings (the rules
// listed in code_scan.h). Each is meant to be one a project's maintainers
// would accept as a bug report:
//   - an import is undeclared only when no declared distribution provides it
//     (exactly, through the import-name table or an environment's RECORD, or
//     by a variant of its name: mmcv-full for mmcv, opencv-python-headless
//     for cv2); a hard dependency (imported unconditionally at module level)
//     is a warning, an optional one (try/except, `if is_x_available():`, a
//     flag, a function body) is a note that names its guard;
//   - a fix names a distribution only when the mapping is known; otherwise it
//     asks for "the distribution that provides `x`";
//   - a standard-library module is judged against the requires-python of the
//     (sub-)project holding the file, once per module;
//   - a documented script is missing only when no folder it may run from has it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "project/python/analysis.h"
#include "project/scan.h"

namespace mlstack::project {

// Sub-project folders whose children are top-level modules: ScanResult::projects
// (a pyproject.toml, setup.py, setup.cfg, requirements or environment file;
// for a `requirements/` folder, the folder above it), less the root.
std::vector<std::string> project_roots(const ScanResult& scan);

// The lowest Python each project folder's requires-python admits (main stack only).
std::vector<python::ProjectPython> project_pythons(const ScanResult& scan);

// scan.undeclared-import, scan.optional-import-undeclared, scan.transitive-only,
// scan.optional-import-unguarded, scan.unused-dependency.
void import_findings(const ScanResult& scan, const python::PythonAnalysis& analysis,
                     const python::InstalledPackages* installed, std::vector<Finding>& out);

// scan.doc-missing-target, scan.doc-undefined-flag, scan.doc-abbreviated-flag, scan.unread-flag.
void doc_findings(const python::PythonAnalysis& analysis, std::vector<Finding>& out);

// scan.stdlib-missing.
void stdlib_findings(const ScanResult& scan, const python::PythonAnalysis& analysis, std::vector<Finding>& out);

// True when the declared distribution `dist` (canonical name) plausibly
// provides the import `module` (its top-level name or the table's
// distribution for it): the same canonical name, or a variant of it with a
// build or packaging word before or after (mmcv-full, faiss-gpu,
// opencv-python-headless, python-levenshtein, hydra-core).
bool plausibly_provides(std::string_view dist, std::string_view name);

}  // namespace mlstack::project
