#include <torch/extension.h>

torch::Tensor gemm_w4a16_pack(torch::Tensor weight, int64_t group_size);
torch::Tensor layernorm_forward(torch::Tensor x, torch::Tensor gamma, double eps);

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("gemm_w4a16_pack", &gemm_w4a16_pack, "pack fp16 weights into int4 groups");
  m.def("layernorm_forward", &layernorm_forward, "fused layernorm");
}
