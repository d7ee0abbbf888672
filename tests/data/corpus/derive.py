#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Derives the sample of the manifest corpus that tests/project reads.

    tests/data/corpus/derive.py [SHARED_CORPUS_DIR]   (default ../shared/corpus)

../shared/corpus holds real manifests of 11 ML repositories (its README names
each repository, commit and licence). The repository keeps this sample of
them, with the same paths, so that the reader tests run where ../shared is
absent: four small repositories whole, the files the tests name from two
others, and the two lock files cut down to their header, their first
packages, the packages the tests look at and their trailer. Each lock file
keeps its text byte for byte within what it keeps.
"""
import os
import re
import shutil
import sys

WHOLE = ["mit-han-lab__llm-awq", "CompVis__stable-diffusion", "facebookresearch__xformers", "hiyouga__LLaMA-Factory"]
FILES = ["huggingface__text-generation-inference/backends/gaudi/server/pyproject.toml",
         "huggingface__text-generation-inference/server/pyproject.toml",
         "oobabooga__text-generation-webui/requirements/full/requirements.txt"]
# lock file -> names of the [[package]] blocks kept besides the first three
LOCKS = {"huggingface__text-generation-inference/server/uv.lock": {"torch"},
         "huggingface__text-generation-inference/clients/python/poetry.lock": {"yarl"}}


def cut_lock(text, keep):
    # Blocks start at "[[package]]" lines; what follows the last one ([metadata]) is kept whole.
    starts = [m.start() for m in re.finditer(r"^\[\[package\]\]$", text, re.M)]
    trailer = re.search(r"^\[metadata\]$", text[starts[-1]:], re.M)
    end_of_blocks = starts[-1] + trailer.start() if trailer else len(text)
    bounds = starts + [end_of_blocks]
    out = [text[:starts[0]]]
    for i in range(len(starts)):
        block = text[bounds[i]:bounds[i + 1]]
        name = re.search(r'^name = "([^"]+)"', block, re.M).group(1)
        if i < 3 or name in keep:
            out.append(block)
    out.append(text[end_of_blocks:])
    return "".join(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../shared/corpus")
    for name in os.listdir(here):
        if os.path.isdir(os.path.join(here, name)):
            shutil.rmtree(os.path.join(here, name))
    for repo in WHOLE:
        shutil.copytree(os.path.join(corpus, repo), os.path.join(here, repo))
    for path in FILES:
        os.makedirs(os.path.dirname(os.path.join(here, path)), exist_ok=True)
        shutil.copyfile(os.path.join(corpus, path), os.path.join(here, path))
    for path, keep in LOCKS.items():
        with open(os.path.join(corpus, path)) as f:
            text = f.read()
        os.makedirs(os.path.dirname(os.path.join(here, path)), exist_ok=True)
        with open(os.path.join(here, path), "w") as f:
            f.write(cut_lock(text, keep))
    for root, _, files in os.walk(here):
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)


if __name__ == "__main__":
    main()
