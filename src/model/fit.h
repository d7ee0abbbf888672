// SPDX-License-Identifier: MIT
// Will the weights fit: exact arithmetic over the model's own headers.
//
// Exact (from the files and config.json, no assumption):
//   weights as stored      the data sections of the safetensors files
//   weights at --dtype     every floating-point tensor at the dtype's width
//                          (a cast), integer tensors as stored; packed
//                          quantized checkpoints are not re-cast
//   KV cache per token     layers × KV heads × head dim × 2 (K and V) × bytes
//   KV cache               per token × context × batch
//   margin per GPU         memory (kb row with its source, or nvidia-smi on
//                          the machine) − (weights + KV cache)
// Estimated (kb [[overhead]] rows, each with its source; never added to the
// exact figures, shown beside them): the CUDA context of a process, the
// share of memory vLLM's default leaves to the model executor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/origin.h"
#include "kb/facts.h"
#include "model/dtype.h"
#include "model/model_files.h"

namespace mlstack::model {

// One GPU to judge the model against.
struct GpuSpec {
  std::string name;               // "NVIDIA RTX A6000"
  std::uint64_t memory_bytes = 0;
  std::string memory_from;        // "kb gpu.memory:NVIDIA RTX A6000", "nvidia-smi (--env-file x.json)", "--gpu"
  Origin origin;                  // the fact or the machine probe
  std::string asked;              // what the user typed, when it differs from `name`
  int count = 1;                  // identical GPUs of one machine, judged once (each on its own)
};

// The element width KV-cache entries are stored at, and why.
struct KvDtype {
  unsigned bits = 16;
  std::string label;  // "bf16"
  std::string from;   // "--kv-dtype", "--dtype", "config.json torch_dtype", "the stored weights"
};

struct FitOptions {
  std::optional<TargetDtype> dtype;        // --dtype; unset: as stored
  std::optional<TargetDtype> kv_dtype;     // --kv-dtype
  std::optional<std::uint64_t> context;    // --context; unset: the config's maximum
  std::uint64_t batch = 1;                 // --batch
  std::vector<GpuSpec> gpus;
  std::vector<kb::GpuOverhead> overheads;  // from the kb
};

struct ComponentWeights {
  std::string name;
  std::uint64_t stored = 0;                 // bytes as stored
  std::optional<std::uint64_t> at_dtype;    // with --dtype, unless packed
  std::uint64_t needed = 0;                 // what the verdict counts: at_dtype, else stored
};

struct KvCache {
  bool known = false;
  std::string unknown_reason;  // "config.json has no head count", ...
  std::uint64_t layers = 0, kv_heads = 0, head_dim = 0;
  std::string layers_from, kv_heads_from, head_dim_from;
  KvDtype dtype;
  std::uint64_t per_token = 0;              // bytes
  std::optional<std::uint64_t> context;     // tokens; unset when neither --context nor the config gives one
  std::string context_from;
  std::uint64_t batch = 1;
  std::optional<std::uint64_t> total;       // per_token × context × batch
  std::vector<std::string> notes;           // sliding window, layer types, defaulted KV heads
};

struct Alternative {
  std::string what;            // "weights at fp8", "model CPU offload", "context up to 12,288 tokens"
  std::uint64_t needed = 0;    // bytes on the GPU under that alternative
  std::int64_t margin = 0;
  std::string detail;          // how it is computed, with its source when it rests on a runtime's behaviour
};

struct GpuVerdict {
  GpuSpec gpu;
  std::uint64_t needed = 0;          // weights + KV cache (when known)
  std::int64_t margin = 0;           // memory − needed
  bool fits = false;
  std::optional<std::int64_t> margin_after_estimate;  // margin − the estimated CUDA context
  std::optional<std::int64_t> vllm_margin;            // memory × vLLM's share − needed (generative models)
  std::vector<Alternative> alternatives;              // when it does not fit (or not after the estimate)
};

struct FitEstimate {
  std::string id;           // "cuda-context"
  std::string description;
  std::string value;        // "400 MiB per process", "92% of total memory"
  Origin origin;            // the kb fact
};

struct FitReport {
  ModelFiles files;
  std::optional<TargetDtype> dtype;
  std::vector<ComponentWeights> weights;
  std::uint64_t weights_stored = 0;
  std::uint64_t weights_needed = 0;
  std::optional<KvCache> kv;          // generative single models
  std::vector<GpuVerdict> verdicts;
  std::vector<FitEstimate> estimates;
  std::vector<std::string> notes;
};

// Bytes of `component`'s weights with every floating-point tensor at `bits`.
std::uint64_t weights_cast_to(const Component& component, unsigned bits);

// The KV cache of a generative model's config at the options' dtype, context and batch.
KvCache kv_cache(const Component& component, const FitOptions& options);

FitReport compute_fit(ModelFiles files, const FitOptions& options);

}  // namespace mlstack::model
