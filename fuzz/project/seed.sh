#!/usr/bin/env bash
# Seeds the corpus of a fuzz/project target: fuzz/project/seed.sh TARGET CORPUS
# (fuzz/run.sh calls it from the repository root; files already there stay).
# Python targets: the fixtures of tests/data/python and a fixed slice of the
# machine's standard library (small files, so that mutations stay fast).
# Manifest targets: the real manifests of ../shared/corpus (when the checkout
# has it) and of tests/data/corpus, the fixtures of tests/data/projects that
# the reader would be given, small ones first, and the hostile inputs of
# tests/data/hostile/make_hostile.py that reach the target (docs/security.md).
set -euo pipefail
target="${1:?usage: fuzz/project/seed.sh TARGET CORPUS}"
corpus="${2:?usage: fuzz/project/seed.sh TARGET CORPUS}"

manifests() {  # manifests FIND-ARGS...: copies matching files, named by their path
  local roots=(tests/data/corpus tests/data/projects)
  [ -d ../shared/corpus ] && roots+=(../shared/corpus)
  find "${roots[@]}" -type f -size -64k "$@" | sort |
    while read -r f; do cp -n "$f" "$corpus/$(echo "$f" | tr '/' '_')"; done
}

hostile_dir=""
hostile() {  # hostile CASE FILE...: the hostile inputs of one case that reach the target
  local case="$1"
  shift
  if [ -z "$hostile_dir" ]; then
    hostile_dir=$(mktemp -d)
    trap 'rm -rf "$hostile_dir"' EXIT
  fi
  [ -d "$hostile_dir/$case" ] || python3 tests/data/hostile/make_hostile.py "$hostile_dir" "$case"
  for f in "$@"; do
    [ -f "$hostile_dir/$case/$f" ] && cp -n "$hostile_dir/$case/$f" "$corpus/hostile_${case}_$(echo "$f" | tr '/' '_')"
  done
  return 0
}

case "$target" in
  fuzz_python_*)
    find tests/data/python -name '*.py' -exec cp -n {} "$corpus/" \; 2>/dev/null || true
    if [ -d /usr/lib/python3.11 ]; then
      find /usr/lib/python3.11 -maxdepth 1 -name '*.py' -size -24k | sort | head -60 |
        while read -r f; do cp -n "$f" "$corpus/stdlib_$(basename "$f")"; done
    fi
    ;;
esac
case "$target" in
  fuzz_python_setup_py | fuzz_python_statements | fuzz_python_tokenizer)
    hostile setup-nested setup.py
    hostile setup-doubling setup.py
    hostile setup-syntax setup.py
    ;;
  fuzz_requirements_txt)
    manifests \( -name '*.txt' -o -name '*.in' \)
    hostile requirements-lines requirements.txt
    hostile credentials requirements.txt
    hostile escapes project/requirements.txt
    ;;
  fuzz_pyproject)
    manifests \( -name 'pyproject.toml*' \)
    hostile group-chain pyproject.toml
    hostile group-doubling pyproject.toml
    hostile deep-nesting toml/pyproject.toml toml-tables/pyproject.toml
    ;;
  fuzz_shell_script)
    manifests \( -name '*.sh' -o -name 'Dockerfile*' -o -name '*.md' \)
    hostile readme-fences README.md
    hostile dockerfile-lines Dockerfile
    hostile credentials install.sh
    ;;
  fuzz_environment_yml)
    manifests \( -name 'environment*.yml' -o -name 'environment*.yaml' \)
    hostile deep-nesting yaml/environment.yml yaml-flow/environment.yml
    ;;
  fuzz_uv_lock)
    manifests -name 'uv.lock'
    hostile uv-lock-types uv.lock
    ;;
  fuzz_poetry_lock)
    manifests -name 'poetry.lock'
    hostile deep-nesting lock/poetry.lock
    ;;
  fuzz_pylock)
    manifests -name 'pylock*.toml'
    printf 'lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "a"\nversion = "1"\nwheels = [{name = "a-1-py3-none-any.whl"}]\n' > "$corpus/pylock_minimal.toml"
    ;;
  fuzz_setup_cfg) manifests -name 'setup.cfg' ;;
  fuzz_scan_tree)
    # Records: kind (0 file, 1 folder, 2 link, 3 FIFO), name index, 16-bit length, content.
    printf '\x00\x00\x00\x2b[project]\nname = "x"\ndependencies = ["numpy"]\n' > "$corpus/tree_pyproject"
    printf '\x00\x01\x00\x0d-r dev.txt\ntorch\x02\x11\x00\x01\x00\x03\x02\x00\x00\x03\x02\x07\x00\x01\x01' > "$corpus/tree_links_fifo"
    printf '\x00\x04\x00\x2efrom setuptools import setup\nsetup(install_requires=\x00\x10\x00\x0dimport torch\n' > "$corpus/tree_setup_code"
    ;;
esac
