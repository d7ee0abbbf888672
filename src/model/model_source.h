// SPDX-License-Identifier: MIT
// MODEL as a user gives it, opened as a ModelStore: a local folder, a local
// .safetensors file (its folder is the store, the file the model), or a
// remote repository URL. fit_model is the whole of `mlstack fit` below the
// CLI, for any verb that shows a fit (`mlstack report --model`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "model/byte_source.h"
#include "index/remote_files.h"
#include "model/fit.h"

namespace mlstack::model {

struct OpenedModel {
  std::unique_ptr<ModelStore> store;
  std::optional<std::string> file;  // the .safetensors file MODEL named, relative to the store
};

// Opens a local folder or file, or an http(s) URL read through `remote`
// (nullptr: URLs are refused). Fails with "MODEL: no such file or folder".
Expected<OpenedModel, std::string> open_model(std::string_view model, index::RemoteFiles* remote = nullptr);

// Reads MODEL's headers and computes the fit. Fails only on mlstack's own bad
// input (no such model, no weights in any layout); malformed files of the
// model are findings in the report.
Expected<FitReport, std::string> fit_model(std::string_view model, const FitOptions& options,
                                           index::RemoteFiles* remote = nullptr);

}  // namespace mlstack::model
