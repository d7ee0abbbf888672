// SPDX-License-Identifier: MIT
#include "model/model_files.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace mlstack::model {

namespace {

using json = nlohmann::json;

// Index and weight file names of transformers and diffusers
// (transformers SAFE_WEIGHTS_NAME / SAFE_WEIGHTS_INDEX_NAME, diffusers
// SAFETENSORS_WEIGHTS_NAME and its index).
constexpr std::string_view k_index_names[] = {"model.safetensors.index.json",
                                              "diffusion_pytorch_model.safetensors.index.json"};
constexpr std::string_view k_single_names[] = {"model.safetensors", "diffusion_pytorch_model.safetensors"};

Finding model_finding(std::string rule, Severity severity, std::string message, const std::string& path,
                      std::string fix = {}) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.severity = severity;
  finding.message = std::move(message);
  finding.origins.push_back(Origin::file(path));
  finding.fix = std::move(fix);
  return finding;
}

// A shard name from an index must stay inside the component's folder.
bool safe_relative(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos) return false;
  std::size_t at = 0;
  while (at <= name.size()) {
    std::size_t end = name.find('/', at);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(at, end - at);
    if (part.empty() || part == "." || part == "..") return false;
    at = end + 1;
  }
  return true;
}

struct IndexContents {
  std::vector<std::string> files;                  // distinct shard names, sorted
  std::map<std::string, std::string> weight_map;   // tensor -> shard
  std::optional<std::uint64_t> total_size;
};

Expected<IndexContents, std::string> parse_index(std::string_view text) {
  json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return unexpected(std::string("not valid JSON"));
  if (!document.is_object()) return unexpected(std::string("not a JSON object"));
  auto map = document.find("weight_map");
  if (map == document.end() || !map->is_object()) return unexpected(std::string("no `weight_map` object"));
  IndexContents out;
  std::set<std::string> files;
  for (const auto& [tensor, shard] : map->items()) {
    if (!shard.is_string()) return unexpected(fmt::format("weight_map entry `{}` is not a file name", tensor));
    std::string name = shard.get<std::string>();
    if (!safe_relative(name))
      return unexpected(fmt::format("weight_map entry `{}` names `{}`, which is not a file inside the folder", tensor, name));
    files.insert(name);
    out.weight_map.emplace(tensor, std::move(name));
  }
  out.files.assign(files.begin(), files.end());
  if (auto metadata = document.find("metadata"); metadata != document.end() && metadata->is_object()) {
    auto total = metadata->find("total_size");
    if (total != metadata->end() && total->is_number_unsigned()) out.total_size = total->get<std::uint64_t>();
    else if (total != metadata->end() && total->is_number_integer() && total->get<std::int64_t>() >= 0)
      out.total_size = static_cast<std::uint64_t>(total->get<std::int64_t>());
  }
  return out;
}

class Reader {
 public:
  Reader(ModelStore& store, std::vector<Finding>& findings) : m_store(store), m_findings(findings) {}

  std::optional<std::string> text(const std::string& relative) {
    auto result = m_store.read_text(relative, k_max_json_bytes);
    if (!result) {
      m_findings.push_back(model_finding("model.unreadable", Severity::Error, result.error(), m_store.display(relative)));
      return std::nullopt;
    }
    return *result;
  }

  // The weights of the component in `folder`, or nullopt when it has none.
  std::optional<Component> component(const std::string& folder, std::string name) {
    Component out;
    out.name = std::move(name);
    out.folder = folder;
    std::optional<IndexContents> index;
    for (std::string_view index_name : k_index_names) {
      std::string relative = join_path(folder, index_name);
      auto contents = text(relative);
      if (!contents) continue;
      out.layout = Layout::Sharded;
      out.index_file = relative;
      auto parsed = parse_index(*contents);
      if (!parsed) {
        out.complete = false;
        m_findings.push_back(model_finding("model.bad-index", Severity::Error,
                                           fmt::format("{}: {}", m_store.display(relative), parsed.error()),
                                           m_store.display(relative)));
        return out;
      }
      index = std::move(*parsed);
      for (const std::string& shard : index->files) out.files.push_back(WeightFile{join_path(folder, shard), {}, {}});
      break;
    }
    if (!index) {
      for (std::string_view single : k_single_names) {
        std::string relative = join_path(folder, single);
        auto source = m_store.open(relative);
        if (!source) {
          m_findings.push_back(model_finding("model.unreadable", Severity::Error, source.error(), m_store.display(relative)));
          out.complete = false;
          out.files.push_back(WeightFile{relative, m_store.display(relative), {}});
          break;
        }
        if (!*source) continue;
        out.layout = Layout::Single;
        out.files.push_back(WeightFile{relative, m_store.display(relative), {}});
        break;
      }
    }
    auto listing = m_store.list(folder);
    if (out.files.empty() && listing) {
      for (const std::string& file : *listing)
        if (file.ends_with(".safetensors")) out.files.push_back(WeightFile{join_path(folder, file), {}, {}});
      if (!out.files.empty()) out.layout = Layout::Loose;
    }
    if (out.files.empty() && out.index_file.empty()) return std::nullopt;
    if (listing) {
      for (const std::string& file : *listing) {
        std::string relative = join_path(folder, file);
        bool used = std::any_of(out.files.begin(), out.files.end(), [&](const WeightFile& w) { return w.path == relative; });
        if (file.ends_with(".safetensors") && !used) out.not_counted.push_back(file);
      }
    }
    read_config(out, folder);
    if (out.files.size() > 1) {
      std::vector<std::string> paths;
      for (const WeightFile& file : out.files) paths.push_back(file.path);
      m_store.prefetch(paths);
    }
    for (WeightFile& file : out.files) read_header(out, file);
    if (index) check_index(out, *index);
    total(out);
    return out;
  }

  void read_file_component(Component& out, const std::string& relative) {
    out.layout = Layout::File;
    out.files.push_back(WeightFile{relative, m_store.display(relative), {}});
    std::string folder = relative.find('/') == std::string::npos ? std::string() : relative.substr(0, relative.rfind('/'));
    read_config(out, folder);
    read_header(out, out.files.back());
    total(out);
  }

 private:
  void read_config(Component& out, const std::string& folder) {
    std::string relative = join_path(folder, "config.json");
    auto contents = text(relative);
    if (!contents) return;
    auto config = parse_model_config(*contents, m_store.display(relative));
    if (!config) {
      m_findings.push_back(model_finding("model.bad-config", Severity::Warning,
                                         config.error() + "; the architecture and KV-cache figures are unknown",
                                         m_store.display(relative)));
      return;
    }
    out.config = std::move(*config);
  }

  void read_header(Component& out, WeightFile& file) {
    file.display = m_store.display(file.path);
    auto source = m_store.open(file.path);
    if (!source || !*source) {
      std::string message = !source ? source.error()
                                    : fmt::format("{}: listed in {} but not found", file.display,
                                                  out.index_file.empty() ? std::string("the layout") : m_store.display(out.index_file));
      m_findings.push_back(model_finding("model.unreadable", Severity::Error, message, file.display));
      out.complete = false;
      return;
    }
    auto header = read_safetensors(**source);
    if (!header) {
      m_findings.push_back(model_finding("model.bad-safetensors", Severity::Error, header.error(), file.display,
                                         "re-download the file; its parameters and bytes are not counted"));
      out.complete = false;
      return;
    }
    file.header = std::move(*header);
  }

  // The index and the shards must agree: every mapped tensor is in its
  // shard, and every shard tensor is mapped.
  void check_index(Component& out, const IndexContents& index) {
    std::string index_display = m_store.display(out.index_file);
    std::uint64_t data = 0;
    std::size_t missing = 0, unmapped = 0;
    std::string first_missing, first_unmapped;
    for (const WeightFile& file : out.files) {
      if (!file.header) continue;
      std::string shard = file.path.substr(out.folder.empty() ? 0 : out.folder.size() + 1);
      std::set<std::string> names;
      for (const TensorInfo& tensor : file.header->tensors) {
        names.insert(tensor.name);
        auto it = index.weight_map.find(tensor.name);
        if (it == index.weight_map.end() || it->second != shard) {
          if (unmapped++ == 0) first_unmapped = fmt::format("`{}` in {}", tensor.name, shard);
        }
      }
      for (const auto& [tensor, mapped] : index.weight_map)
        if (mapped == shard && !names.count(tensor) && missing++ == 0)
          first_missing = fmt::format("`{}` (mapped to {})", tensor, shard);
      data += file.header->data_size;
    }
    if (missing > 0)
      m_findings.push_back(model_finding("model.index-mismatch", Severity::Error,
                                         fmt::format("{}: {} tensor(s) of weight_map are not in their shard, first {}",
                                                     index_display, missing, first_missing),
                                         index_display));
    if (unmapped > 0)
      m_findings.push_back(model_finding("model.index-mismatch", Severity::Warning,
                                         fmt::format("{}: {} tensor(s) of the shards are not mapped to them by weight_map, "
                                                     "first {}; they are counted",
                                                     index_display, unmapped, first_unmapped),
                                         index_display));
    if (out.complete && index.total_size && *index.total_size != data)
      m_findings.push_back(model_finding(
          "model.index-total-size", Severity::Info,
          fmt::format("{}: metadata.total_size says {} bytes; the shards' data sections hold {} (the shard figure is used)",
                      index_display, *index.total_size, data),
          index_display));
  }

  void total(Component& out) {
    std::map<Dtype, DtypeTotal> by_dtype;
    std::set<std::string> quant_state_owners;  // "x.weight" of "x.weight.quant_state.bitsandbytes__nf4"
    for (const WeightFile& file : out.files) {
      if (!file.header) continue;
      out.file_bytes += file.header->file_size;
      out.data_bytes += file.header->data_size;
      for (const TensorInfo& tensor : file.header->tensors) {
        DtypeTotal& row = by_dtype[tensor.dtype];
        row.dtype = tensor.dtype;
        ++row.tensors;
        row.elements += tensor.elements;
        row.bytes += tensor.bytes();
        ++out.tensors;
        out.elements += tensor.elements;
        for (std::string_view marker : {".quant_state.bitsandbytes__nf4", ".quant_state.bitsandbytes__fp4"}) {
          auto at = tensor.name.find(marker);
          if (at != std::string::npos && at + marker.size() == tensor.name.size())
            quant_state_owners.insert(tensor.name.substr(0, at));
        }
      }
    }
    for (Dtype dtype : all_dtypes())
      if (auto it = by_dtype.find(dtype); it != by_dtype.end()) out.by_dtype.push_back(it->second);
    detect_packing(out, quant_state_owners);
  }

  void detect_packing(Component& out, const std::set<std::string>& quant_state_owners) {
    Packing& packing = out.packing;
    std::string method = out.config && out.config->quantization ? out.config->quantization->method : std::string();
    std::optional<unsigned> config_bits;
    if (out.config && out.config->quantization) config_bits = out.config->quantization->bits;
    std::optional<std::uint64_t> unpacked = 0;
    for (const WeightFile& file : out.files) {
      if (!file.header) continue;
      for (const TensorInfo& tensor : file.header->tensors) {
        bool integer = !is_floating(tensor.dtype) && tensor.dtype != Dtype::Bool && tensor.dtype != Dtype::C64;
        std::string_view name = tensor.name;
        std::optional<std::uint64_t> per_element;
        if (integer && (name == "qweight" || name.ends_with(".qweight") || name.ends_with("weight_packed"))) {
          if (packing.scheme.empty())
            packing.scheme = name.ends_with("weight_packed") ? "compressed-tensors" : (method.empty() ? "qweight" : method);
          if (config_bits && bits(tensor.dtype) % *config_bits == 0) per_element = bits(tensor.dtype) / *config_bits;
        } else if (tensor.dtype == Dtype::U8 && quant_state_owners.count(tensor.name)) {
          packing.scheme = "bitsandbytes 4-bit";
          per_element = 2;  // two 4-bit weights per byte
        } else {
          continue;
        }
        packing.packed = true;
        ++packing.packed_tensors;
        packing.packed_elements += tensor.elements;
        if (unpacked && per_element) *unpacked += tensor.elements * *per_element;
        else unpacked.reset();
      }
    }
    if (!packing.packed && (method == "awq" || method == "gptq")) {
      // The config says packed but no tensor has a known packed name: say so
      // rather than count the stored elements as weights.
      packing.packed = true;
      packing.scheme = method;
      unpacked.reset();
    }
    if (!packing.packed) return;
    if (packing.scheme == "bitsandbytes 4-bit") {
      packing.bits = 4;
      packing.bits_from = "bitsandbytes 4-bit layout (quant_state tensors)";
    } else if (config_bits) {
      packing.bits = config_bits;
      packing.bits_from = "quantization_config";
    }
    if (unpacked && packing.packed_tensors > 0) packing.unpacked_weights = *unpacked;
  }

  ModelStore& m_store;
  std::vector<Finding>& m_findings;
};

void read_diffusers(Reader& reader, ModelStore& store, ModelFiles& out, std::string_view text) {
  json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    out.findings.push_back(model_finding("model.bad-model-index", Severity::Error,
                                         fmt::format("{}: not a JSON object", store.display("model_index.json")),
                                         store.display("model_index.json")));
    return;
  }
  for (const auto& [key, value] : document.items()) {
    if (key.starts_with("_") || !value.is_array() || value.size() != 2) continue;
    if (value[0].is_null() && value[1].is_null()) continue;  // an optional component left out
    std::string library = value[0].is_string() ? value[0].get<std::string>() : std::string();
    std::string class_name = value[1].is_string() ? value[1].get<std::string>() : std::string();
    if (!safe_relative(key) || key.find('/') != std::string::npos) {
      out.findings.push_back(model_finding("model.bad-model-index", Severity::Error,
                                           fmt::format("{}: component `{}` is not a folder name",
                                                       store.display("model_index.json"), key),
                                           store.display("model_index.json")));
      continue;
    }
    std::optional<Component> component;
    if (store.has_folder(key).value_or(true)) component = reader.component(key, key);
    if (!component) {
      out.no_weights.push_back(class_name.empty() ? key : fmt::format("{} ({})", key, class_name));
      continue;
    }
    component->library = library;
    component->class_name = class_name;
    out.components.push_back(std::move(*component));
  }
}

}  // namespace

const char* to_string(Layout layout) {
  switch (layout) {
    case Layout::Diffusers: return "diffusers";
    case Layout::Sharded: return "sharded";
    case Layout::Single: return "single";
    case Layout::Loose: return "loose";
    case Layout::File: return "file";
  }
  return "single";
}

std::uint64_t ModelFiles::elements() const {
  std::uint64_t sum = 0;
  for (const auto& c : components) sum += c.elements;
  return sum;
}

std::uint64_t ModelFiles::data_bytes() const {
  std::uint64_t sum = 0;
  for (const auto& c : components) sum += c.data_bytes;
  return sum;
}

bool ModelFiles::complete() const {
  return std::all_of(components.begin(), components.end(), [](const Component& c) { return c.complete; });
}

Expected<ModelFiles, std::string> read_model_files(ModelStore& store, std::string source, std::optional<std::string> file) {
  ModelFiles out;
  out.source = std::move(source);
  Reader reader(store, out.findings);
  if (file) {
    out.layout = Layout::File;
    Component component;
    component.name = "model";
    reader.read_file_component(component, *file);
    out.components.push_back(std::move(component));
  } else if (auto index = reader.text("model_index.json")) {
    out.layout = Layout::Diffusers;
    read_diffusers(reader, store, out, *index);
    if (out.components.empty() && out.findings.empty())
      return unexpected(fmt::format("{}: model_index.json names no component with safetensors weights", out.source));
  } else if (auto component = reader.component("", "model")) {
    out.layout = component->layout;
    out.components.push_back(std::move(*component));
  } else {
    bool unreadable = std::any_of(out.findings.begin(), out.findings.end(), is_input_error) ||
                      std::any_of(out.findings.begin(), out.findings.end(),
                                  [](const Finding& f) { return f.severity == Severity::Error; });
    if (unreadable) {
      // Something was there but could not be read: the findings say what.
    } else {
      std::string pickle;
      if (auto listing = store.list(""))
        for (const std::string& name : *listing)
          if (name.ends_with(".bin") || name.ends_with(".bin.index.json") || name.ends_with(".pt") ||
              name.ends_with(".pth") || name.ends_with(".ckpt")) {
            pickle = name;
            break;
          }
      return unexpected(fmt::format(
          "{}: no safetensors weights found (looked for model_index.json, model.safetensors.index.json, "
          "model.safetensors, diffusion_pytorch_model.safetensors{}){}",
          out.source, store.list("") ? " and *.safetensors" : "",
          pickle.empty() ? std::string()
                         : fmt::format("; {} holds PyTorch pickle weights, which mlstack does not read (loading them "
                                       "means unpickling); a safetensors export of the model can be read",
                                       pickle)));
    }
  }
  for (const Component& component : out.components) out.file_bytes += component.file_bytes;
  out.read = store.meter();
  return out;
}

}  // namespace mlstack::model
