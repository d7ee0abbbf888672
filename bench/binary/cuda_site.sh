#!/bin/sh
# SPDX-License-Identifier: MIT
# Lays out a site-packages folder shaped like a pip CUDA environment from the
# real libraries of a CUDA toolkit: nvidia/<package>/lib/<file> as the
# nvidia-*-cu13 wheels install them, hard links (no copy of the 2.5 GB), the
# soname links those wheels' libraries are reached by as symlinks, and one
# .dist-info per package whose RECORD lists its files.
#
#   bench/binary/cuda_site.sh DIR [CUDA_LIB_DIR]     (default /usr/local/cuda/lib64)
#   mlstack env --site DIR --binaries --no-tools
#   mlstack check EMPTY_PROJECT --site DIR --target sm=61
#
# Hard links need DIR on the same file system as the toolkit.
set -eu
site=${1:?usage: cuda_site.sh DIR [CUDA_LIB_DIR]}
lib=${2:-/usr/local/cuda/lib64}
[ -d "$lib" ] || { echo "cuda_site.sh: $lib is absent" >&2; exit 2; }
mkdir -p "$site"

# The wheel that ships a library, by file name.
package_of() {
  case "$1" in
    libcublas*|libnvblas*) echo cublas ;;
    libcudart*) echo cuda_runtime ;;
    libcudnn*) echo cudnn ;;
    libcufft*) echo cufft ;;
    libcupti*|libcheckpoint*|libnvperf*|libpcsamplingutil*) echo cuda_cupti ;;
    libcurand*) echo curand ;;
    libcusolver*) echo cusolver ;;
    libcusparse*) echo cusparse ;;
    libnccl*) echo nccl ;;
    libnvJitLink*) echo nvjitlink ;;
    libnvrtc*) echo cuda_nvrtc ;;
    libnvtx*) echo nvtx ;;
    libnvvm*) echo cuda_nvcc ;;
    *) echo other ;;
  esac
}

for path in "$lib"/*.so*; do
  name=$(basename "$path")
  [ -L "$path" ] && continue
  [ -f "$path" ] || continue
  package=$(package_of "$name")
  mkdir -p "$site/nvidia/$package/lib"
  ln -f "$path" "$site/nvidia/$package/lib/$name"
  echo "nvidia/$package/lib/$name,," >> "$site/.record-$package"
done
# Soname links (libcublas.so -> libcublas.so.13), as symlinks inside the folder.
for path in "$lib"/*.so*; do
  [ -L "$path" ] || continue
  name=$(basename "$path")
  target=$(readlink "$path")
  package=$(package_of "$name")
  [ -e "$site/nvidia/$package/lib/$target" ] || continue
  ln -sfn "$target" "$site/nvidia/$package/lib/$name"
done
for record in "$site"/.record-*; do
  package=${record##*/.record-}
  dist="nvidia_${package}_cu13-13.0.0.dist-info"
  mkdir -p "$site/$dist"
  printf 'Metadata-Version: 2.1\nName: nvidia-%s-cu13\nVersion: 13.0.0\n' "$(echo "$package" | tr _ -)" > "$site/$dist/METADATA"
  { cat "$record"; echo "$dist/METADATA,,"; echo "$dist/RECORD,,"; } > "$site/$dist/RECORD"
  rm "$record"
done
echo "$site"
