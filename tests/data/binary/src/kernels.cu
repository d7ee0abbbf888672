// A tiny kernel for the fatbin fixtures; build.sh picks the targets of each
// (libkernels.so: sm_80, sm_90, compute_90; libkernels_ptx.so: sm_80, compute_80).
__global__ void scale(float a, float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= a;
}
extern "C" void launch_scale(float a, float* x, int n) { scale<<<(n + 255) / 256, 256>>>(a, x, n); }
