import os
from setuptools import setup
from torch.utils.cpp_extension import BuildExtension, CUDAExtension, CUDA_HOME

if CUDA_HOME is None:
    raise RuntimeError("CUDA_HOME is not set: the kernels need the CUDA toolkit (nvcc)")

extra_compile_args = {
    "cxx": ["-g", "-O3", "-fopenmp", "-std=c++17"],
    "nvcc": [
        "-O3",
        "-std=c++17",
        "-gencode", "arch=compute_80,code=sm_80",
        "-gencode", "arch=compute_90,code=sm_90",
    ],
}

setup(
    name="llm_demo_kernels",
    install_requires=["torch==2.3.0"],
    setup_requires=["ninja"],
    ext_modules=[
        CUDAExtension(
            name="llm_demo_kernels",
            sources=["csrc/pybind.cpp", "csrc/gemm_cuda.cu"],
            extra_compile_args=extra_compile_args,
        ),
    ],
    cmdclass={"build_ext": BuildExtension},
)
