// SPDX-License-Identifier: MIT
#include "cli/output.h"

#include <algorithm>
#include <filesystem>

namespace mlstack::cli {

std::string project_root(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path folder = fs::is_directory(path, ec) ? fs::path(path) : fs::path(path).parent_path();
  fs::path absolute = fs::absolute(folder.empty() ? fs::path(".") : folder, ec);
  return ec ? folder.string() : absolute.lexically_normal().string();
}

ExitStatus finish(Context& context, const report::Document& document) {
  std::string text;
  switch (context.options.format) {
    case Format::Json: text = report::render_json(document); break;
    case Format::Markdown: text = report::render_markdown(document); break;
    case Format::Html: text = report::render_html(document); break;
    case Format::Sarif: text = report::render_sarif(document); break;
    case Format::Text:
    case Format::Dot:  // verbs with a graph handle dot themselves
      text = report::render_text(document, {context.terminal_width(), context.use_color()});
      break;
  }
  std::string error;
  if (!context.write_output(text, &error)) {
    context.error(error);
    context.status = ExitStatus::Usage;
    return context.status;
  }
  bool input_error = std::any_of(document.findings.begin(), document.findings.end(), is_input_error);
  auto max = max_severity(document.findings);
  if (input_error) {
    context.status = ExitStatus::Usage;
  } else if (max && *max >= context.options.fail_on) {
    context.status = ExitStatus::Findings;
  } else {
    context.status = ExitStatus::Success;
  }
  return context.status;
}

}  // namespace mlstack::cli
