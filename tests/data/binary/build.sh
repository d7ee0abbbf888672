#!/usr/bin/env bash
# Builds the ELF and fatbin fixtures of tests/binary from src/ and commits-size
# broken variants of them. Run from anywhere; writes next to this script.
# Needs gcc/g++, clang + ld.lld (32-bit and big-endian objects), python3, and
# for the CUDA fixtures /usr/local/cuda/bin/nvcc (skipped with a message when
# absent: the committed libkernels.so then stays as it is).
set -euo pipefail
cd "$(dirname "$0")"
src=src
out=.
ld_small=(-Wl,--build-id=none -Wl,-z,noseparate-code -Wl,-z,max-page-size=0x1000)
cc=(gcc -O1 -fPIC -shared -s -nostartfiles "${ld_small[@]}")

# A known undefined symbol: link the consumer against the full provider, ship the lean one.
mkdir -p tmp
"${cc[@]}" -DPROVIDER_FULL -Wl,-soname,libprovider.so -o tmp/libprovider.so "$src/provider.c"
"${cc[@]}" -Wl,-soname,libconsumer.so -Wl,-rpath,'$ORIGIN' -o "$out/libconsumer.so" "$src/consumer.c" -Ltmp -lprovider
"${cc[@]}" -Wl,-soname,libprovider.so -o "$out/libprovider.so" "$src/provider.c"

# A newer symbol version: consumer linked against FIXLIB_2.0, shipped beside the FIXLIB_1.0 build.
"${cc[@]}" -Wl,-soname,libversioned.so -Wl,--version-script="$src/versioned_v2.map" -o tmp/libversioned.so "$src/versioned.c"
"${cc[@]}" -Wl,-soname,libnewversion.so -Wl,-rpath,'$ORIGIN' -o "$out/libnewversion.so" "$src/new_version_consumer.c" -Ltmp -lversioned
"${cc[@]}" -Wl,-soname,libversioned.so -Wl,--version-script="$src/versioned_v1.map" -o "$out/libversioned.so" "$src/versioned.c"

# A versioned reference that binds to an unversioned definition of a versioned file.
"${cc[@]}" -Wl,-soname,libmixed.so -Wl,--version-script="$src/mixed_linked.map" -o tmp/libmixed.so "$src/mixed_versions.c"
"${cc[@]}" -Wl,-soname,libmixedconsumer.so -Wl,-rpath,'$ORIGIN' -o "$out/libmixedconsumer.so" "$src/mixed_consumer.c" -Ltmp -lmixed
"${cc[@]}" -Wl,-soname,libmixed.so -Wl,--version-script="$src/mixed_shipped.map" -o "$out/libmixed.so" "$src/mixed_versions.c"

# A module that needs GLIBC_2.99 from libc.so.6 (linked against a stand-in libc).
"${cc[@]}" -nostdlib -Wl,-soname,libc.so.6 -Wl,--version-script="$src/fake_libc.map" -o tmp/libc.so.6 "$src/fake_libc.c"
"${cc[@]}" -nostdlib -Wl,-soname,libglibcfuture.so -o "$out/libglibcfuture.so" "$src/glibc_consumer.c" tmp/libc.so.6

# The C++ dual ABI pair.
g++ -O1 -fPIC -shared -s "${ld_small[@]}" -D_GLIBCXX_USE_CXX11_ABI=1 -o "$out/libabi_cxx11.so" "$src/abi.cpp"
g++ -O1 -fPIC -shared -s "${ld_small[@]}" -D_GLIBCXX_USE_CXX11_ABI=0 -o "$out/libabi_old.so" "$src/abi.cpp"
# An old-ABI user linked against an old-ABI libabi_cxx11.so, shipped beside the real cxx11 one.
g++ -O1 -fPIC -shared -s "${ld_small[@]}" -D_GLIBCXX_USE_CXX11_ABI=0 -o tmp/libabi_cxx11.so "$src/abi.cpp"
g++ -O1 -fPIC -shared -s "${ld_small[@]}" -D_GLIBCXX_USE_CXX11_ABI=0 -Wl,-rpath,'$ORIGIN' -o "$out/libabi_user_old.so" \
  "$src/abi_user.cpp" -Ltmp -labi_cxx11

# NumPy C-API import code as 1.x and 2.x headers write it (Python symbols left undefined).
"${cc[@]}" -DNUMPY_MAJOR=1 -o "$out/numpy1_module.so" "$src/numpy_module.c"
"${cc[@]}" -DNUMPY_MAJOR=2 -o "$out/numpy2_module.so" "$src/numpy_module.c"

# Real 32-bit and big-endian shared objects (no libc needed).
clang --target=i386-linux-gnu -fPIC -c -o tmp/tiny32.o "$src/tiny.c"
ld.lld -m elf_i386 -shared -s -o "$out/lib32bit.so" tmp/tiny32.o
clang --target=powerpc64-linux-gnu -fPIC -c -o tmp/tinybe.o "$src/tiny.c"
ld.lld -shared -s -o "$out/libbigendian.so" tmp/tinybe.o

# CUDA: sm_80 + sm_90 SASS and compute_90 PTX, uncompressed so tests can check sizes.
nvcc=/usr/local/cuda/bin/nvcc
if [ -x "$nvcc" ]; then
  "$nvcc" -shared -Xcompiler -fPIC,-s -Xlinker --build-id=none -cudart shared --compress-mode=none \
    -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
    -gencode arch=compute_90,code=compute_90 -o "$out/libkernels.so" "$src/kernels.cu"
  # PTX-only coverage past sm_8x: sm_80 SASS + compute_80 PTX, compiled with nvcc -c and linked by the
  # host compiler the way setuptools builds torch extensions, so the file holds a single fatbin.
  "$nvcc" -c -Xcompiler -fPIC --compress-mode=none -gencode 'arch=compute_80,code=[sm_80,compute_80]' \
    -o tmp/kernels_ptx.o "$src/kernels.cu"
  g++ -shared -s "${ld_small[@]}" -o "$out/libkernels_ptx.so" tmp/kernels_ptx.o -L/usr/local/cuda/lib64 -lcudart
else
  echo "build.sh: $nvcc not found; keeping the committed libkernels.so and libkernels_ptx.so" >&2
fi

# Broken inputs, derived from the good ones with exact byte patches.
python3 - <<'PY'
import struct
def patch(src, dst, edits):
    data = bytearray(open(src, 'rb').read())
    for off, fmt, value in edits(data):
        struct.pack_into(fmt, data, off, value)
    open(dst, 'wb').write(data)

from elf_sections import section

good = open('libconsumer.so', 'rb').read()
open('truncated.so', 'wb').write(good[:len(good) // 2])
open('truncated_header.so', 'wb').write(good[:40])
# .dynsym claims 1 TiB.
patch('libconsumer.so', 'lying_dynsym_size.so', lambda d: [(section(d, '.dynsym') + 32, '<Q', 1 << 40)])
# The section header table starts past the end of the file.
patch('libconsumer.so', 'shoff_past_end.so', lambda d: [(0x28, '<Q', len(d) + 4096)])
# .dynstr (linked by .dynamic) starts past the end.
patch('libconsumer.so', 'dynstr_past_end.so', lambda d: [(section(d, '.dynstr') + 24, '<Q', len(d) + 64)])
# No section table at all (as sstrip leaves a library): e_shoff, e_shentsize, e_shnum, e_shstrndx zeroed.
patch('libprovider.so', 'section_headers_stripped.so',
      lambda d: [(0x28, '<Q', 0), (0x3a, '<H', 0), (0x3c, '<H', 0), (0x3e, '<H', 0)])
kernels = open('libkernels.so', 'rb').read()
def fatbin_offset(d):
    return struct.unpack_from('<Q', d, section(d, '.nv_fatbin') + 24)[0]
# Fatbin claiming 2^62 bytes of entries; entry claiming an absurd payload; entry header size 0.
patch('libkernels.so', 'fatbin_absurd_size.so', lambda d: [(fatbin_offset(d) + 8, '<Q', 1 << 62)])
patch('libkernels.so', 'fatbin_absurd_entry.so', lambda d: [(fatbin_offset(d) + 16 + 8, '<Q', 0xffffffffffff)])
patch('libkernels.so', 'fatbin_zero_header.so', lambda d: [(fatbin_offset(d) + 16 + 4, '<I', 0)])
open('not_elf.so', 'w').write('INPUT(-lc)\n/* a linker script named like a library */\n')
PY
# A library that keeps its kernels as data, as cuFFT keeps ~24,000 fatbins in .ldata: its
# .nv_fatbin holds only libkernels.so's device-link fatbin (cubins without code), its .rodata the
# fatbin of libkernels_ptx.so (sm_80 + compute_80), behind two decoys that start like fatbin
# headers and are not fatbins (version 7; entries of an unknown kind).
python3 - <<'PY'
import struct
from elf_sections import section_range
def fatbins(path):
    data = open(path, 'rb').read()
    offset, size = section_range(data, '.nv_fatbin')
    out, at, end = [], offset, offset + size
    while at < end:
        magic, _, header, body = struct.unpack_from('<IHHQ', data, at)
        if magic == 0:
            at += 8
            continue
        out.append(data[at:at + header + body])
        at += header + body
    return out
stub = fatbins('libkernels.so')[0]
kernels = fatbins('libkernels_ptx.so')[0]
decoys = struct.pack('<IHHQ', 0xBA55ED50, 7, 16, 8) + bytes(8)
decoys += struct.pack('<IHHQ', 0xBA55ED50, 1, 16, 64) + struct.pack('<HHIQ', 9, 0x101, 64, 0) + bytes(48)
def array(name, section_name, data):
    placed = ', section("%s")' % section_name if section_name else ''
    attributes = '__attribute__((used, aligned(8)%s))' % placed
    body = ','.join(str(b) for b in data)
    return f'static const unsigned char {name}[] {attributes} = {{{body}}};\n'
with open('tmp/embedded.c', 'w') as c:
    c.write(array('stub', '.nv_fatbin', stub))
    c.write(array('kernels_as_data', None, decoys + kernels))
PY
"${cc[@]}" -Wl,-soname,libembedded_fatbin.so -o "$out/libembedded_fatbin.so" tmp/embedded.c

# An extension module named like a library: it defines PyInit_libpyinit.
"${cc[@]}" -Wl,-soname,libpyinit.so -o "$out/libpyinit.so" "$src/pyinit.c"

rm -rf tmp
ls -l "$out"/*.so
