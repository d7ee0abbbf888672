#!/usr/bin/env python
"""A setup.py in the older style: requirement lists built from variables,
extras from a dict, a version read at run time, and parts that cannot be
known without running the file."""
import io
import os
import sys

from setuptools import setup, find_packages

here = os.path.abspath(os.path.dirname(__file__))
VERSION = open(os.path.join(here, "VERSION")).read().strip()

BASE = ["numpy>=1.21", "tqdm"]
TORCH = "torch>=2.1,<2.4"
install_requires = BASE + [TORCH, "transformers==4.46.0"]
install_requires.append("safetensors>=0.4.1")
install_requires += ["sentencepiece"]
if sys.platform != "darwin":
    install_requires.append("triton==2.3.0; platform_system == 'Linux'")

extras = {
    "eval": ["lm_eval==0.3.0", "datasets"],
    "serve": ["fastapi", "uvicorn[standard]>=0.20"],
}
extras["all"] = extras["eval"] + extras["serve"]
extras["flash"] = [f"flash-attn>={os.environ.get('FA_VERSION', '2.5')}"]


def fetch_requirements(path):
    with io.open(path) as f:
        return [line.strip() for line in f]


setup(
    name="awqlike-tools",
    version=VERSION,
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.8",
    install_requires=install_requires,
    setup_requires="""
        setuptools>=61
        wheel  # for bdist_wheel
    """,
    tests_require=fetch_requirements("requirements-test.txt"),
    extras_require=extras,
    **({"zip_safe": False} if sys.platform == "win32" else {}),
)
