import os

from setuptools import find_packages, setup
from torch.utils.cpp_extension import BuildExtension, CUDAExtension

extra_compile_args = {
    "cxx": ["-g", "-O3", "-fopenmp", "-lgomp", "-std=c++17", "-DENABLE_BF16"],
    "nvcc": [
        "-O3",
        "-std=c++17",
        "-DENABLE_BF16",
        "-U__CUDA_NO_HALF_OPERATORS__",
        "-U__CUDA_NO_HALF_CONVERSIONS__",
        "--expt-relaxed-constexpr",
        "--expt-extended-lambda",
        "--use_fast_math",
        "-gencode", "arch=compute_80,code=sm_80",
        "-gencode", "arch=compute_86,code=sm_86",
        "-gencode", "arch=compute_90,code=sm_90",
    ],
}

if os.environ.get("CUDA_HOME") is None:
    raise RuntimeError("CUDA_HOME must point at a CUDA toolkit to build tinyquant's kernels")

setup(
    name="tinyquant_kernels",
    packages=find_packages(),
    ext_modules=[
        CUDAExtension(
            name="tinyquant_kernels",
            sources=[
                "tinyquant/kernels/csrc/pybind.cpp",
                "tinyquant/kernels/csrc/gemm_w4a16.cu",
                "tinyquant/kernels/csrc/layernorm.cu",
            ],
            include_dirs=["tinyquant/kernels/csrc"],
            extra_compile_args=extra_compile_args,
        ),
    ],
    cmdclass={"build_ext": BuildExtension},
    install_requires=["torch==2.3.0"],
)
