// SPDX-License-Identifier: MIT
// The Document of `mlstack env`: machine, Python, torch build, CUDA wheels,
// distributions and dependency problems; its JSON payload is the saved
// environment format of docs/env-schema.md.
#pragma once

#include "env/inspect.h"
#include "report/document.h"

namespace mlstack::report {

// `with_payload`: fill Document::data (the JSON payload); text and Markdown
// do not need it, and for thousands of distributions it is most of the work.
Document env_document(const env::EnvReport& report, bool with_payload = true);

// The JSON payload alone (machine, environment, platform, markers, problems).
nlohmann::json env_payload(const env::EnvReport& report);

}  // namespace mlstack::report
