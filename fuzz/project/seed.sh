#!/usr/bin/env bash
# Seeds the corpus of a fuzz/project target: fuzz/project/seed.sh TARGET CORPUS
# (fuzz/run.sh calls it from the repository root; files already there stay).
# Python targets: the fixtures of tests/data/python and a fixed slice of the
# machine's standard library (small files, so that mutations stay fast).
# Manifest targets: the real manifests of ../shared/corpus and the fixtures of
# tests/data/projects that the reader would be given, small ones first.
set -euo pipefail
target="${1:?usage: fuzz/project/seed.sh TARGET CORPUS}"
corpus="${2:?usage: fuzz/project/seed.sh TARGET CORPUS}"

manifests() {  # manifests FIND-ARGS...: copies matching files, named by their path
  find ../shared/corpus tests/data/projects -type f -size -16k "$@" | sort |
    while read -r f; do cp -n "$f" "$corpus/$(echo "$f" | tr '/' '_')"; done
}

case "$target" in
  fuzz_python_*)
    find tests/data/python -name '*.py' -exec cp -n {} "$corpus/" \; 2>/dev/null || true
    if [ -d /usr/lib/python3.11 ]; then
      find /usr/lib/python3.11 -maxdepth 1 -name '*.py' -size -24k | sort | head -60 |
        while read -r f; do cp -n "$f" "$corpus/stdlib_$(basename "$f")"; done
    fi
    ;;
  fuzz_requirements_txt) manifests \( -name '*.txt' -o -name '*.in' \) ;;
  fuzz_pyproject) manifests \( -name 'pyproject.toml*' \) ;;
  fuzz_shell_script) manifests \( -name '*.sh' -o -name 'Dockerfile*' -o -name '*.md' \) ;;
esac
