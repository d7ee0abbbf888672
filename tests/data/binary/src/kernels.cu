// A tiny kernel for fatbin fixtures: -gencode sm_80, sm_90 and compute_90 PTX.
__global__ void scale(float a, float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= a;
}
extern "C" void launch_scale(float a, float* x, int n) { scale<<<(n + 255) / 256, 256>>>(a, x, n); }
