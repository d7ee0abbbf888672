// SPDX-License-Identifier: MIT
#include "report/fit_view.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/units.h"

namespace mlstack::report {
namespace {

using model::format_bytes;
using model::format_count;
using model::format_signed_bytes;

std::string bytes_exact(std::uint64_t bytes) { return fmt::format("{} ({} bytes)", format_bytes(bytes), format_count(bytes)); }

// "BF16 6,291,456; F32 4,096" in the order of all_dtypes().
std::string dtype_counts(const model::Component& c) {
  std::vector<std::string> parts;
  for (const auto& row : c.by_dtype) parts.push_back(fmt::format("{} {}", model::to_string(row.dtype), format_count(row.elements)));
  return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, "; "));
}

// Dtypes by bytes, largest first: "BF16, F32".
std::string dtype_names(const model::Component& c) {
  std::vector<model::DtypeTotal> rows = c.by_dtype;
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  std::vector<std::string> names;
  for (const auto& row : rows) names.emplace_back(model::to_string(row.dtype));
  return names.empty() ? "-" : fmt::format("{}", fmt::join(names, ", "));
}

std::string parameters_text(const model::Component& c) {
  std::string text = format_count(c.elements);
  if (!c.complete) text += " (incomplete)";
  if (c.packing.packed) {
    if (c.packing.unpacked_weights)
      text += fmt::format(" stored, packed ({}: {} {}-bit weights in {} elements)", c.packing.scheme,
                          format_count(*c.packing.unpacked_weights), *c.packing.bits,
                          format_count(c.packing.packed_elements));
    else
      text += fmt::format(" stored, packed ({}; weights per element unknown)", c.packing.scheme);
  }
  return text;
}

std::string layout_text(const model::ModelFiles& files) {
  const auto& cs = files.components;
  switch (files.layout) {
    case model::Layout::Diffusers:
      return fmt::format("diffusers pipeline (model_index.json), {} component(s) with weights", cs.size());
    case model::Layout::Sharded:
      return fmt::format("sharded: {} files listed by {}", cs[0].files.size(), cs[0].index_file);
    case model::Layout::Single: return fmt::format("single file ({})", cs[0].files[0].path);
    case model::Layout::Loose: return fmt::format("{} .safetensors file(s) without an index, each counted", cs[0].files.size());
    case model::Layout::File: return fmt::format("one file ({})", cs[0].files[0].path);
  }
  return "";
}

std::string architecture_text(const model::Component& c) {
  if (!c.config) return "unknown (no config.json)";
  const auto& config = *c.config;
  std::string name = !config.architectures.empty() ? config.architectures[0]
                     : !config.class_name.empty()  ? config.class_name
                     : !config.model_type.empty()  ? config.model_type
                                                   : std::string("not named");
  return fmt::format("{} ({})", name, config.path);
}

Section model_section(const model::FitReport& report, const FitViewOptions& options) {
  const model::ModelFiles& files = report.files;
  Section section{"Model", {}, {}};
  KeyValues facts;
  facts.items.push_back({"Layout", layout_text(files)});
  if (files.components.size() == 1) {
    const model::Component& c = files.components[0];
    facts.items.push_back({"Architecture", architecture_text(c)});
    facts.items.push_back({"Parameters", parameters_text(c)});
    facts.items.push_back({"By dtype", dtype_counts(c)});
  } else {
    facts.items.push_back({"Parameters", format_count(files.elements()) + (files.complete() ? "" : " (incomplete)")});
  }
  std::string weights = bytes_exact(report.weights_stored) + " as stored";
  if (report.dtype) weights += fmt::format("; {} at {}", bytes_exact(report.weights_needed), model::to_string(*report.dtype));
  facts.items.push_back({"Weights", weights});
  facts.items.push_back({"Read", fmt::format("{} of {} in {} reads (headers and JSON only)", format_bytes(files.read.bytes),
                                             format_bytes(files.file_bytes), files.read.reads)});
  section.blocks.push_back(std::move(facts));

  if (files.components.size() > 1) {
    std::vector<Column> columns = {{"Component"}, {"Class"}, {"Parameters", Align::Right}, {"Dtypes"},
                                   {"Stored", Align::Right}};
    if (report.dtype) columns.push_back({fmt::format("At {}", model::to_string(*report.dtype)), Align::Right});
    Table table{columns, {}};
    for (std::size_t i = 0; i < files.components.size(); ++i) {
      const model::Component& c = files.components[i];
      std::vector<std::string> row = {c.name, c.class_name.empty() ? "-" : c.class_name, parameters_text(c),
                                      dtype_names(c), format_bytes(report.weights[i].stored)};
      if (report.dtype)
        row.push_back(report.weights[i].at_dtype ? format_bytes(*report.weights[i].at_dtype) : "as stored (packed)");
      table.rows.push_back(std::move(row));
    }
    std::vector<std::string> total = {"total", "", format_count(files.elements()), "", format_bytes(report.weights_stored)};
    if (report.dtype) total.push_back(format_bytes(report.weights_needed));
    table.rows.push_back(std::move(total));
    section.subsections.push_back({"Components", {std::move(table)}, {}});
    if (!files.no_weights.empty())
      section.subsections.back().blocks.push_back(
          Paragraph{fmt::format("Without weights: {}.", fmt::join(files.no_weights, ", "))});
  }
  std::vector<std::string> skipped;
  for (const model::Component& c : files.components)
    for (const std::string& name : c.not_counted) skipped.push_back(model::join_path(c.folder, name));
  if (!skipped.empty())
    section.blocks.push_back(Paragraph{fmt::format("Not counted (not part of the layout's weights): {}.", fmt::join(skipped, ", "))});

  if (options.verbose) {
    Table dtypes{{{"Component"}, {"Dtype", Align::Left, true}, {"Tensors", Align::Right}, {"Parameters", Align::Right},
                  {"Bytes", Align::Right}},
                 {}};
    for (const model::Component& c : files.components)
      for (const auto& row : c.by_dtype)
        dtypes.rows.push_back({c.name, std::string(model::to_string(row.dtype)), format_count(row.tensors),
                               format_count(row.elements), format_count(row.bytes)});
    section.subsections.push_back({"Parameters by dtype", {std::move(dtypes)}, {}});
    Table table{{{"File"}, {"Size", Align::Right}, {"Header", Align::Right}, {"Data section", Align::Right},
                 {"Tensors", Align::Right}},
                {}};
    for (const model::Component& c : files.components)
      for (const model::WeightFile& f : c.files) {
        if (!f.header) {
          table.rows.push_back({f.path, "unreadable", "", "", ""});
          continue;
        }
        table.rows.push_back({f.path, format_count(f.header->file_size), format_count(f.header->header_size),
                              format_count(f.header->data_size), format_count(f.header->tensors.size())});
      }
    section.subsections.push_back({"Files", {std::move(table)}, {}});
  }
  return section;
}

Section kv_section(const model::KvCache& kv) {
  Section section{"KV cache", {}, {}};
  if (!kv.known) {
    section.blocks.push_back(Paragraph{"Unknown: " + kv.unknown_reason + "."});
    return section;
  }
  KeyValues facts;
  facts.items.push_back(
      {"Per token", fmt::format("{} = {} layers ({}) × {} KV heads ({}) × {} head dim ({}) × 2 (K, V) × {} bits ({}, {})",
                                format_bytes(kv.per_token), kv.layers, kv.layers_from, kv.kv_heads, kv.kv_heads_from,
                                kv.head_dim, kv.head_dim_from, kv.dtype.bits, kv.dtype.label, kv.dtype.from)});
  if (kv.total)
    facts.items.push_back({fmt::format("At {} tokens × batch {}", format_count(*kv.context), kv.batch),
                           fmt::format("{} (context from {})", bytes_exact(*kv.total), kv.context_from)});
  else
    facts.items.push_back({"Total", "unknown: config.json gives no maximum context; pass --context N"});
  section.blocks.push_back(std::move(facts));
  if (!kv.notes.empty()) section.blocks.push_back(Bullets{kv.notes});
  return section;
}

Section fit_section(const model::FitReport& report, const FitViewOptions& options) {
  std::string counted = report.dtype ? fmt::format("weights at {}", model::to_string(*report.dtype)) : "weights as stored";
  if (report.kv && report.kv->total) counted += " + KV cache";
  Section section{fmt::format("Fit ({})", counted), {}, {}};
  if (report.verdicts.empty()) {
    section.blocks.push_back(Paragraph{
        options.machine_read
            ? "No GPU to judge against: none was found on this machine. Name one with --gpu NAME (or NAME=SIZE), "
              "--target sm=86, or --env-file saved.json."
            : "No GPU to judge against: none was named. Name one with --gpu NAME (or NAME=SIZE), --target sm=86, "
              "--env-file saved.json, or --env for this machine's."});
    return section;
  }
  bool with_estimate = std::any_of(report.verdicts.begin(), report.verdicts.end(),
                                   [](const auto& v) { return v.margin_after_estimate.has_value(); });
  std::vector<Column> columns = {{"GPU"}, {"Memory", Align::Right}, {"Needed", Align::Right}, {"Margin", Align::Right},
                                 {"Verdict"}};
  if (with_estimate) columns.push_back({"Est. margin", Align::Right});
  Table table{columns, {}};
  std::vector<std::string> instead;
  for (const model::GpuVerdict& v : report.verdicts) {
    std::string name = v.gpu.name;
    if (v.gpu.count > 1) name += fmt::format(" (×{}, each)", v.gpu.count);
    std::vector<std::string> row = {name, format_bytes(v.gpu.memory_bytes), format_bytes(v.needed),
                                    format_signed_bytes(v.margin), v.fits ? "fits" : "does not fit"};
    if (with_estimate) row.push_back(v.margin_after_estimate ? format_signed_bytes(*v.margin_after_estimate) : "-");
    table.rows.push_back(std::move(row));
    for (const model::Alternative& alt : v.alternatives) {
      if (alt.what == "CPU offload of part of the weights") {
        instead.push_back(fmt::format("{}: {} ({})", v.gpu.name, alt.what, alt.detail));
      } else {
        instead.push_back(fmt::format("{}: {}: {} on the GPU, margin {} ({})", v.gpu.name, alt.what,
                                      format_bytes(alt.needed), format_signed_bytes(alt.margin), alt.detail));
      }
    }
  }
  section.blocks.push_back(std::move(table));
  if (with_estimate)
    section.blocks.push_back(Paragraph{"Est. margin: the margin less the estimated CUDA context (Estimates below)."});
  if (!instead.empty()) section.subsections.push_back({"What would fit instead", {Bullets{instead}}, {}});
  return section;
}

Section estimates_section(const model::FitReport& report) {
  Section section{"Estimates (not included above)", {}, {}};
  std::vector<std::string> items;
  for (const model::FitEstimate& e : report.estimates)
    items.push_back(fmt::format("{}: {}. {}. Source: {} [kb {}]", e.id, e.value, e.description, e.origin.source,
                                e.origin.context));
  for (const model::GpuVerdict& v : report.verdicts)
    if (v.vllm_margin)
      items.push_back(fmt::format("{} under vLLM's default share: margin {}", v.gpu.name, format_signed_bytes(*v.vllm_margin)));
  items.push_back("Activations, the CUDA caching allocator's reserve and fragmentation depend on the runtime, batch "
                  "and resolution and are not estimated.");
  section.blocks.push_back(Bullets{items});
  return section;
}

Section sources_section(const model::FitReport& report) {
  Section section{"GPU memory from", {}, {}};
  std::vector<std::string> items;
  for (const model::GpuVerdict& v : report.verdicts) {
    std::string item = fmt::format("{}: {}", v.gpu.name, v.gpu.memory_from);
    if (!v.gpu.origin.source.empty()) item += fmt::format(" — {}", v.gpu.origin.source);
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
  }
  section.blocks.push_back(Bullets{items});
  return section;
}

nlohmann::json bytes_or_null(const std::optional<std::uint64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json component_json(const model::Component& c, const model::ComponentWeights& w) {
  nlohmann::json j = {{"name", c.name},
                      {"folder", c.folder},
                      {"library", c.library},
                      {"class", c.class_name},
                      {"layout", model::to_string(c.layout)},
                      {"index_file", c.index_file},
                      {"complete", c.complete},
                      {"tensors", c.tensors},
                      {"parameters", c.elements},
                      {"bytes", c.data_bytes},
                      {"bytes_at_dtype", bytes_or_null(w.at_dtype)},
                      {"bytes_needed", w.needed},
                      {"file_bytes", c.file_bytes},
                      {"not_counted", c.not_counted}};
  j["by_dtype"] = nlohmann::json::array();
  for (const auto& row : c.by_dtype)
    j["by_dtype"].push_back({{"dtype", model::to_string(row.dtype)},
                             {"tensors", row.tensors},
                             {"parameters", row.elements},
                             {"bytes", row.bytes}});
  j["files"] = nlohmann::json::array();
  for (const auto& f : c.files) {
    nlohmann::json file = {{"path", f.path}, {"read", f.header.has_value()}};
    if (f.header) {
      file["file_size"] = f.header->file_size;
      file["header_size"] = f.header->header_size;
      file["data_size"] = f.header->data_size;
      file["tensors"] = f.header->tensors.size();
    }
    j["files"].push_back(std::move(file));
  }
  j["packed"] = nullptr;
  if (c.packing.packed)
    j["packed"] = {{"scheme", c.packing.scheme},
                   {"packed_tensors", c.packing.packed_tensors},
                   {"packed_elements", c.packing.packed_elements},
                   {"bits", c.packing.bits ? nlohmann::json(*c.packing.bits) : nlohmann::json(nullptr)},
                   {"bits_from", c.packing.bits_from},
                   {"unpacked_weights", bytes_or_null(c.packing.unpacked_weights)}};
  j["config"] = nullptr;
  if (c.config) {
    const auto& cfg = *c.config;
    auto value = [](const std::optional<model::ConfigValue>& v) {
      return v ? nlohmann::json{{"value", v->value}, {"key", v->key}} : nlohmann::json(nullptr);
    };
    j["config"] = {{"path", cfg.path},
                   {"architectures", cfg.architectures},
                   {"model_type", cfg.model_type},
                   {"class_name", cfg.class_name},
                   {"torch_dtype", cfg.torch_dtype},
                   {"layers", value(cfg.layers)},
                   {"hidden_size", value(cfg.hidden_size)},
                   {"attention_heads", value(cfg.attention_heads)},
                   {"kv_heads", value(cfg.kv_heads)},
                   {"head_dim", value(cfg.head_dim)},
                   {"max_context", value(cfg.max_context)}};
  }
  return j;
}

nlohmann::json origin_json(const Origin& origin) { return to_json(origin); }

}  // namespace

nlohmann::json fit_payload(const model::FitReport& report) {
  const model::ModelFiles& files = report.files;
  nlohmann::json model = {{"source", files.source},
                          {"layout", model::to_string(files.layout)},
                          {"parameters", files.elements()},
                          {"bytes", files.data_bytes()},
                          {"file_bytes", files.file_bytes},
                          {"complete", files.complete()},
                          {"no_weights", files.no_weights},
                          {"read", {{"bytes", files.read.bytes}, {"reads", files.read.reads}}}};
  model["components"] = nlohmann::json::array();
  for (std::size_t i = 0; i < files.components.size(); ++i)
    model["components"].push_back(component_json(files.components[i], report.weights[i]));
  nlohmann::json out = {{"model", std::move(model)},
                        {"dtype", report.dtype ? nlohmann::json(model::to_string(*report.dtype)) : nlohmann::json(nullptr)},
                        {"weights", {{"stored", report.weights_stored}, {"needed", report.weights_needed}}},
                        {"notes", report.notes}};
  out["kv_cache"] = nullptr;
  if (report.kv) {
    const model::KvCache& kv = *report.kv;
    out["kv_cache"] = {{"known", kv.known},
                       {"unknown_reason", kv.unknown_reason},
                       {"layers", kv.layers},
                       {"layers_from", kv.layers_from},
                       {"kv_heads", kv.kv_heads},
                       {"kv_heads_from", kv.kv_heads_from},
                       {"head_dim", kv.head_dim},
                       {"head_dim_from", kv.head_dim_from},
                       {"dtype", kv.dtype.label},
                       {"dtype_bits", kv.dtype.bits},
                       {"dtype_from", kv.dtype.from},
                       {"bytes_per_token", kv.per_token},
                       {"context", bytes_or_null(kv.context)},
                       {"context_from", kv.context_from},
                       {"batch", kv.batch},
                       {"bytes", bytes_or_null(kv.total)},
                       {"notes", kv.notes}};
  }
  out["gpus"] = nlohmann::json::array();
  for (const model::GpuVerdict& v : report.verdicts) {
    nlohmann::json alternatives = nlohmann::json::array();
    for (const auto& alt : v.alternatives)
      alternatives.push_back({{"what", alt.what}, {"needed", alt.needed}, {"margin", alt.margin}, {"detail", alt.detail}});
    out["gpus"].push_back(
        {{"name", v.gpu.name},
         {"asked", v.gpu.asked},
         {"count", v.gpu.count},
         {"memory_bytes", v.gpu.memory_bytes},
         {"memory_from", v.gpu.memory_from},
         {"origin", origin_json(v.gpu.origin)},
         {"needed", v.needed},
         {"margin", v.margin},
         {"fits", v.fits},
         {"margin_after_estimate", v.margin_after_estimate ? nlohmann::json(*v.margin_after_estimate) : nlohmann::json(nullptr)},
         {"vllm_margin", v.vllm_margin ? nlohmann::json(*v.vllm_margin) : nlohmann::json(nullptr)},
         {"alternatives", std::move(alternatives)}});
  }
  out["estimates"] = nlohmann::json::array();
  for (const model::FitEstimate& e : report.estimates)
    out["estimates"].push_back(
        {{"id", e.id}, {"value", e.value}, {"description", e.description}, {"origin", origin_json(e.origin)}});
  return out;
}

void add_fit_sections(Document& document, const model::FitReport& report, const FitViewOptions& options) {
  document.sections.push_back(model_section(report, options));
  if (report.kv) document.sections.push_back(kv_section(*report.kv));
  document.sections.push_back(fit_section(report, options));
  if (!report.notes.empty()) document.sections.push_back({"Notes", {Bullets{report.notes}}, {}});
  document.sections.push_back(estimates_section(report));
  if (!report.verdicts.empty()) document.sections.push_back(sources_section(report));
  document.findings.insert(document.findings.end(), report.files.findings.begin(), report.files.findings.end());
}

Document fit_document(const model::FitReport& report, const FitViewOptions& options) {
  Document document;
  document.command = "fit";
  document.title = fmt::format("mlstack fit: {}", report.files.source);
  add_fit_sections(document, report, options);
  document.data = fit_payload(report);
  return document;
}

}  // namespace mlstack::report
