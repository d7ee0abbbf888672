import os
from setuptools import find_packages, setup
from torch.utils.cpp_extension import BuildExtension, CUDAExtension

extra_compile_args = {
    "cxx": [
        "-g",
        "-O3",
        "-fopenmp",
        "-lgomp",
        "-std=c++17",
        "-DENABLE_BF16"
    ],
    "nvcc": [
        "-O3",
        "-std=c++17",
        "-DENABLE_BF16",  # TODO
        "-U__CUDA_NO_HALF_OPERATORS__",
        "-U__CUDA_NO_HALF_CONVERSIONS__",
        "-U__CUDA_NO_BFLOAT16_OPERATORS__",
        "-U__CUDA_NO_BFLOAT16_CONVERSIONS__",
        "-U__CUDA_NO_BFLOAT162_OPERATORS__",
        "-U__CUDA_NO_BFLOAT162_CONVERSIONS__",
        "--expt-relaxed-constexpr",
        "--expt-extended-lambda",
        "--use_fast_math",
        "--threads=8",
        "-gencode", "arch=compute_80,code=sm_80",
        "-gencode=arch=compute_86,code=[sm_86,compute_86]",
    ],
}

if os.environ.get("AWQ_BUILD_HOPPER", "0") == "1":
    extra_compile_args["nvcc"].append("-gencode")
    extra_compile_args["nvcc"].append("arch=compute_90a,code=sm_90a")

setup(
    name="awq_inference_engine",
    packages=find_packages(),
    ext_modules=[
        CUDAExtension(
            name="awq_inference_engine",
            sources=[
                "csrc/pybind.cpp",
                "csrc/quantization/gemm_cuda_gen.cu",
                "csrc/quantization/gemv_cuda.cu",
                "csrc/quantization_new/gemm/gemm_cuda.cu",
                "csrc/quantization_new/gemv/gemv_cuda.cu",
                "csrc/w8a8/w8a8_gemm_cuda.cu",
                "csrc/layernorm/layernorm.cu",
                "csrc/rope_new/fused_rope_with_pos.cu",
            ],
            extra_compile_args=extra_compile_args,
        ),
    ],
    cmdclass={"build_ext": BuildExtension},
    install_requires=["torch"],
)
