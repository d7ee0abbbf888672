// SPDX-License-Identifier: MIT
// What `mlstack fit` and `mlstack report --model` share: the GPUs a model is
// judged against and the fit itself, for a local folder or file or a remote
// repository URL.
//
// run_fit is the one function to call: it returns the FitReport (render it
// with report::fit_document, or embed it with report::add_fit_sections).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/expected.h"
#include "kb/knowledge_base.h"
#include "model/fit.h"
#include "pep/platform.h"

namespace mlstack::cli {

struct FitRequest {
  std::string model;                     // a folder, a .safetensors file or an http(s) URL
  std::vector<std::string> gpus;         // --gpu NAME or NAME=SIZE
  std::optional<pep::Platform> target;   // --target: the kb's GPUs of its compute capabilities
  std::string env_file;                  // --env-file: the saved machine's nvidia-smi
  // With no --gpu, --target or --env-file: the live machine's GPUs (`mlstack
  // fit`), or none (`mlstack report` reads this machine only with --env).
  bool read_machine = true;
  // dtype, kv_dtype, context and batch; run_fit fills gpus and overheads.
  model::FitOptions options;
};

// The GPUs come from --gpu, --target and --env-file together, else (none of
// them given) the live machine's nvidia-smi when read_machine. A remote model is read through
// src/index's client (remote_model.h). Fails only on mlstack's own bad input
// (an unknown --gpu, an unreadable --env-file, no such model, a remote model
// while offline); a malformed model file is a finding in the report.
Expected<model::FitReport, std::string> run_fit(const FitRequest& request, const kb::KnowledgeBase& kb);

// --dtype / --kv-dtype as given ("" for none): the dtype, or the usage error
// naming the flag and the accepted values.
Expected<std::optional<model::TargetDtype>, std::string> dtype_flag(std::string_view flag, const std::string& text);

}  // namespace mlstack::cli
