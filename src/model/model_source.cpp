// SPDX-License-Identifier: MIT
#include "model/model_source.h"

#include <filesystem>

#include <fmt/format.h>

namespace mlstack::model {

namespace fs = std::filesystem;

Expected<OpenedModel, std::string> open_model(std::string_view model) {
  if (model.starts_with("http://") || model.starts_with("https://"))
    return unexpected(fmt::format("{}: remote models are read through the package-index HTTP client, which this build "
                                  "does not have yet; download config.json, the index and the .safetensors headers, "
                                  "or give a local folder",
                                  model));
  std::string path(model);
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return unexpected(fmt::format("{}: no such file or folder", model));
  OpenedModel opened;
  if (fs::is_directory(status)) {
    opened.store = std::make_unique<LocalModelStore>(path);
    return opened;
  }
  fs::path file(path);
  std::string folder = file.has_parent_path() ? file.parent_path().string() : std::string(".");
  opened.store = std::make_unique<LocalModelStore>(folder);
  opened.file = file.filename().string();
  return opened;
}

Expected<FitReport, std::string> fit_model(std::string_view model, const FitOptions& options) {
  auto opened = open_model(model);
  if (!opened) return unexpected(opened.error());
  auto files = read_model_files(*opened->store, std::string(model), opened->file);
  if (!files) return unexpected(files.error());
  return compute_fit(std::move(*files), options);
}

}  // namespace mlstack::model
