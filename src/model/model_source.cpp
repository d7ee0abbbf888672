// SPDX-License-Identifier: MIT
#include "model/model_source.h"

#include <filesystem>

#include <fmt/format.h>

#include "index/url.h"
#include "model/remote_store.h"

namespace mlstack::model {

namespace fs = std::filesystem;

Expected<OpenedModel, std::string> open_model(std::string_view model, index::RemoteFiles* remote) {
  if (model.starts_with("http://") || model.starts_with("https://")) {
    if (!remote) return unexpected(fmt::format("{}: no HTTP client to read a remote model with", index::redact(model)));
    // Credentials in the URL are the client's business (IndexConfig's
    // credential store); the store itself only sees the URL without them.
    RemoteLocation location = model_location(index::split_credentials(model).url);
    OpenedModel opened;
    opened.store = std::make_unique<RemoteModelStore>(location.base_url, *remote);
    opened.file = location.file;
    return opened;
  }
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

Expected<FitReport, std::string> fit_model(std::string_view model, const FitOptions& options,
                                           index::RemoteFiles* remote) {
  auto opened = open_model(model, remote);
  if (!opened) return unexpected(opened.error());
  auto files = read_model_files(*opened->store, index::redact(model), opened->file);
  if (!files) return unexpected(files.error());
  return compute_fit(std::move(*files), options);
}

}  // namespace mlstack::model
