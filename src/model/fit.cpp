// SPDX-License-Identifier: MIT
#include "model/fit.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace mlstack::model {

namespace {

constexpr std::uint64_t k_mib = 1024 * 1024;

std::optional<KvDtype> from_torch_dtype(const std::string& torch_dtype) {
  if (torch_dtype == "bfloat16") return KvDtype{16, "bf16", "config.json torch_dtype"};
  if (torch_dtype == "float16") return KvDtype{16, "fp16", "config.json torch_dtype"};
  if (torch_dtype == "float32") return KvDtype{32, "fp32", "config.json torch_dtype"};
  return std::nullopt;
}

// The floating-point dtype holding most of the stored bytes.
std::optional<Dtype> dominant_float(const Component& component) {
  std::optional<Dtype> best;
  std::uint64_t best_bytes = 0;
  for (const DtypeTotal& row : component.by_dtype)
    if (is_floating(row.dtype) && row.bytes > best_bytes) {
      best = row.dtype;
      best_bytes = row.bytes;
    }
  return best;
}

std::optional<KvDtype> kv_dtype_for(const Component& component, const FitOptions& options) {
  if (options.kv_dtype) return KvDtype{bits(*options.kv_dtype), std::string(to_string(*options.kv_dtype)), "--kv-dtype"};
  // A 16-bit --dtype is the compute dtype; fp8/int8/int4 weights still
  // compute, and cache, in the model's own dtype.
  if (options.dtype && bits(*options.dtype) == 16)
    return KvDtype{16, std::string(to_string(*options.dtype)), "--dtype"};
  if (component.config)
    if (auto dtype = from_torch_dtype(component.config->torch_dtype)) return dtype;
  if (auto stored = dominant_float(component); stored && bits(*stored) >= 16)
    return KvDtype{bits(*stored), std::string(to_string(*stored)), "the stored weights"};
  return std::nullopt;
}

bool keeps_kv(const std::string& layer_type) {
  return layer_type.find("attention") != std::string::npos && layer_type.find("linear") == std::string::npos;
}

std::string group_label(unsigned width) {
  switch (width) {
    case 16: return "bf16/fp16";
    case 8: return "fp8/int8";
    case 4: return "int4";
  }
  return fmt::format("{}-bit", width);
}

std::int64_t signed_difference(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::int64_t>(a) - static_cast<std::int64_t>(b);
}

}  // namespace

std::uint64_t weights_cast_to(const Component& component, unsigned width) {
  std::uint64_t total = 0;
  for (const WeightFile& file : component.files) {
    if (!file.header) continue;
    for (const TensorInfo& tensor : file.header->tensors)
      total += is_floating(tensor.dtype) ? bytes_for(tensor.elements, width) : tensor.bytes();
  }
  return total;
}

KvCache kv_cache(const Component& component, const FitOptions& options) {
  KvCache kv;
  kv.batch = options.batch;
  if (!component.config) {
    kv.unknown_reason = "no config.json beside the weights";
    return kv;
  }
  const ModelConfig& config = *component.config;
  if (config.kv_lora_rank) {
    kv.unknown_reason = fmt::format(
        "config.json sets {} ({}): the model uses multi-head latent attention, whose cache size depends on the runtime; "
        "layers × KV heads × head dim × 2 does not apply",
        config.kv_lora_rank->key, config.kv_lora_rank->value);
    return kv;
  }
  if (!config.layers || !config.kv_heads || !config.head_dim) {
    std::vector<std::string> missing;
    if (!config.layers) missing.push_back("the layer count");
    if (!config.kv_heads) missing.push_back("the KV head count");
    if (!config.head_dim) missing.push_back("the head dimension");
    kv.unknown_reason = fmt::format("config.json gives no {}", fmt::join(missing, " and no "));
    return kv;
  }
  auto dtype = kv_dtype_for(component, options);
  if (!dtype) {
    kv.unknown_reason = "neither config.json nor the weights give the cache dtype; pass --kv-dtype";
    return kv;
  }
  kv.dtype = *dtype;
  kv.layers = config.layers->value;
  kv.layers_from = config.layers->key;
  if (!config.layer_types.empty()) {
    std::uint64_t with_kv = 0, sliding = 0;
    for (const std::string& type : config.layer_types) {
      if (keeps_kv(type)) ++with_kv;
      if (type.find("sliding") != std::string::npos) ++sliding;
    }
    if (with_kv != kv.layers || config.layer_types.size() != kv.layers) {
      kv.notes.push_back(fmt::format("layer_types lists {} layers, {} with attention; only those keep a KV cache "
                                     "(linear-attention and state-space layers keep a fixed-size state, not counted)",
                                     config.layer_types.size(), with_kv));
      kv.layers = with_kv;
      kv.layers_from = "layer_types (attention layers)";
    }
    if (sliding > 0)
      kv.notes.push_back(fmt::format("{} layers use sliding-window attention: a runtime that caps their cache at the "
                                     "window stores less than this figure, which assumes every token is kept",
                                     sliding));
  } else if (config.sliding_window) {
    kv.notes.push_back(fmt::format("{} = {}: a runtime that caps the cache at the window stores at most that many "
                                   "tokens per layer; the figure assumes every token is kept",
                                   config.sliding_window->key, config.sliding_window->value));
  }
  kv.kv_heads = config.kv_heads->value;
  kv.kv_heads_from = config.kv_heads->key;
  if (config.kv_heads_defaulted) {
    kv.kv_heads_from += " (num_key_value_heads absent: transformers uses num_attention_heads)";
  }
  kv.head_dim = config.head_dim->value;
  kv.head_dim_from = config.head_dim->key;
  // layers × kv_heads × head_dim × 2 (K and V) elements per token.
  std::uint64_t elements = 0;
  if (__builtin_mul_overflow(kv.layers, kv.kv_heads, &elements) || __builtin_mul_overflow(elements, kv.head_dim, &elements) ||
      __builtin_mul_overflow(elements, std::uint64_t{2}, &elements)) {
    kv.unknown_reason = "the config's layer, head and dimension counts overflow";
    return kv;
  }
  kv.per_token = bytes_for(elements, kv.dtype.bits);
  if (options.context) {
    kv.context = options.context;
    kv.context_from = "--context";
  } else if (config.max_context) {
    kv.context = config.max_context->value;
    kv.context_from = config.max_context->key;
  }
  kv.known = true;
  if (kv.context) {
    std::uint64_t total = 0;
    if (!__builtin_mul_overflow(kv.per_token, *kv.context, &total) && !__builtin_mul_overflow(total, kv.batch, &total))
      kv.total = total;
  }
  return kv;
}

FitReport compute_fit(ModelFiles files, const FitOptions& options) {
  FitReport report;
  report.dtype = options.dtype;
  report.files = std::move(files);
  const auto& components = report.files.components;

  for (const Component& component : components) {
    ComponentWeights weights;
    weights.name = component.name;
    weights.stored = component.data_bytes;
    weights.needed = component.data_bytes;
    if (options.dtype && !component.packing.packed) {
      weights.at_dtype = weights_cast_to(component, bits(*options.dtype));
      weights.needed = *weights.at_dtype;
    }
    report.weights_stored += weights.stored;
    report.weights_needed += weights.needed;
    report.weights.push_back(std::move(weights));
  }
  if (options.dtype &&
      std::any_of(components.begin(), components.end(), [](const Component& c) { return c.packing.packed; }))
    report.notes.push_back(fmt::format("packed quantized weights are counted as stored: --dtype {} is not applied to "
                                       "them",
                                       to_string(*options.dtype)));

  // The KV cache belongs to a generative model read on its own; a text
  // encoder inside a diffusers pipeline runs once per prompt and keeps none.
  if (components.size() == 1 && report.files.layout != Layout::Diffusers && components[0].config &&
      components[0].config->is_generative())
    report.kv = kv_cache(components[0], options);
  std::uint64_t kv_bytes = report.kv && report.kv->total ? *report.kv->total : 0;

  const kb::GpuOverhead* context_estimate = nullptr;
  const kb::GpuOverhead* vllm_share = nullptr;
  for (const kb::GpuOverhead& row : options.overheads) {
    FitEstimate estimate;
    estimate.id = row.id;
    estimate.description = row.description;
    estimate.origin = row.fact.origin();
    if (row.mib) estimate.value = fmt::format("{} MiB per process", *row.mib);
    if (row.percent) estimate.value = fmt::format("{}% of total memory", *row.percent);
    if (row.id == "cuda-context" && row.mib) context_estimate = &row;
    if (row.id == "vllm-gpu-memory-utilization" && row.percent) {
      if (!report.kv) continue;  // vLLM serves generative models
      vllm_share = &row;
    }
    report.estimates.push_back(std::move(estimate));
  }

  // The width the weights are judged at now: --dtype, else the stored float dtype.
  unsigned current_bits = 16;
  if (options.dtype) {
    current_bits = bits(*options.dtype);
  } else {
    std::uint64_t best = 0;
    std::map<Dtype, std::uint64_t> bytes;
    for (const Component& c : components)
      for (const DtypeTotal& row : c.by_dtype)
        if (is_floating(row.dtype)) bytes[row.dtype] += row.bytes;
    for (const auto& [dtype, count] : bytes)
      if (count > best) {
        best = count;
        current_bits = bits(dtype);
      }
  }
  bool all_packed = !components.empty() && std::all_of(components.begin(), components.end(),
                                                       [](const Component& c) { return c.packing.packed; });
  auto weights_at = [&](unsigned width) {
    std::uint64_t total = 0;
    for (const Component& c : components) total += c.packing.packed ? c.data_bytes : weights_cast_to(c, width);
    return total;
  };
  auto largest_at = [&](std::optional<unsigned> width, std::string* name) {
    std::uint64_t best = 0;
    for (std::size_t i = 0; i < components.size(); ++i) {
      std::uint64_t bytes = !width ? report.weights[i].needed
                                   : (components[i].packing.packed ? components[i].data_bytes
                                                                   : weights_cast_to(components[i], *width));
      if (bytes >= best) {
        best = bytes;
        *name = components[i].name;
      }
    }
    return best;
  };

  for (const GpuSpec& gpu : options.gpus) {
    GpuVerdict verdict;
    verdict.gpu = gpu;
    verdict.needed = report.weights_needed + kv_bytes;
    verdict.margin = signed_difference(gpu.memory_bytes, verdict.needed);
    verdict.fits = verdict.margin >= 0;
    if (context_estimate)
      verdict.margin_after_estimate = verdict.margin - static_cast<std::int64_t>(*context_estimate->mib * k_mib);
    if (vllm_share)
      verdict.vllm_margin = signed_difference(gpu.memory_bytes * *vllm_share->percent / 100, verdict.needed);
    bool tight = !verdict.fits || (verdict.margin_after_estimate && *verdict.margin_after_estimate < 0);
    if (tight) {
      // Narrower weights, widest first.
      if (!all_packed) {
        for (unsigned width : {16u, 8u, 4u}) {
          if (width >= current_bits) continue;
          std::uint64_t needed = weights_at(width) + kv_bytes;
          std::int64_t margin = signed_difference(gpu.memory_bytes, needed);
          if (margin < 0) continue;
          verdict.alternatives.push_back(Alternative{
              fmt::format("weights at {}", group_label(width)), needed, margin,
              fmt::format("every floating-point tensor at {} bits{}", width,
                          width < 16 ? "; a quantizer that keeps some layers at 16 bits or adds scales needs more" : "")});
          break;
        }
      }
      // Diffusers: one component on the GPU at a time.
      if (report.files.layout == Layout::Diffusers && components.size() > 1) {
        std::string name;
        std::uint64_t peak = largest_at(std::nullopt, &name);
        std::string how =
            "diffusers enable_model_cpu_offload keeps one component on the GPU at a time (huggingface/diffusers "
            "docs/source/en/optimization/memory.md, model offloading)";
        if (peak <= gpu.memory_bytes) {
          verdict.alternatives.push_back(Alternative{fmt::format("model CPU offload (largest: {})", name), peak,
                                                     signed_difference(gpu.memory_bytes, peak), how});
        } else if (!all_packed) {
          for (unsigned width : {16u, 8u, 4u}) {
            if (width >= current_bits) continue;
            std::uint64_t at = largest_at(width, &name);
            if (at > gpu.memory_bytes) continue;
            verdict.alternatives.push_back(
                Alternative{fmt::format("model CPU offload with weights at {} (largest: {})", group_label(width), name),
                            at, signed_difference(gpu.memory_bytes, at), how});
            break;
          }
        }
      }
      // Generative models: a shorter context, or weights partly on the CPU.
      if (report.kv && report.kv->known && report.kv->context && report.kv->per_token > 0 &&
          report.weights_needed < gpu.memory_bytes) {
        std::uint64_t room = gpu.memory_bytes - report.weights_needed;
        std::uint64_t tokens = room / (report.kv->per_token * report.kv->batch);
        if (tokens < *report.kv->context && tokens > 0) {
          std::uint64_t needed = report.weights_needed + tokens * report.kv->per_token * report.kv->batch;
          verdict.alternatives.push_back(Alternative{
              fmt::format("context up to {} tokens at batch {}", tokens, report.kv->batch), needed,
              signed_difference(gpu.memory_bytes, needed), "the KV cache grows by the per-token figure for each token"});
        }
      }
      if (verdict.needed > gpu.memory_bytes && report.files.layout != Layout::Diffusers) {
        std::uint64_t excess = verdict.needed - gpu.memory_bytes;
        verdict.alternatives.push_back(Alternative{
            "CPU offload of part of the weights", gpu.memory_bytes, 0,
            fmt::format("at least {} bytes of weights kept in CPU memory (accelerate device_map with max_memory); "
                        "every forward pass then copies them to the GPU",
                        excess)});
      }
    }
    report.verdicts.push_back(std::move(verdict));
  }
  return report;
}

}  // namespace mlstack::model
