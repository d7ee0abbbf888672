#!/usr/bin/env python3
# Seeds for fuzz/run.sh: OUT/fuzz_elf gets the ELF fixtures of
# tests/data/binary, OUT/fuzz_fatbin the .nv_fatbin sections cut out of them,
# OUT/fuzz_ld_cache this machine's /etc/ld.so.cache (whole when under 1 MiB,
# else its head) and cut-down copies that keep the header and a few entries.
import os
import shutil
import struct
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fixtures = os.path.join(root, 'tests', 'data', 'binary')
out = sys.argv[1]
os.makedirs(os.path.join(out, 'fuzz_elf'), exist_ok=True)
os.makedirs(os.path.join(out, 'fuzz_fatbin'), exist_ok=True)
os.makedirs(os.path.join(out, 'fuzz_ld_cache'), exist_ok=True)


def fatbin_section(data):
    if data[:4] != b'\x7fELF' or data[4] != 2 or len(data) < 64:
        return None
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shnum, shstrndx = struct.unpack_from('<HH', data, 0x3c)
    if shoff + shnum * 64 > len(data) or shstrndx >= shnum:
        return None
    names = struct.unpack_from('<Q', data, shoff + shstrndx * 64 + 24)[0]
    for i in range(shnum):
        at = shoff + i * 64
        name = data[names + struct.unpack_from('<I', data, at)[0]:].split(b'\0')[0]
        if name == b'.nv_fatbin':
            off, size = struct.unpack_from('<QQ', data, at + 24)
            return data[off:off + size]
    return None


for name in sorted(os.listdir(fixtures)):
    path = os.path.join(fixtures, name)
    if not name.endswith('.so') or not os.path.isfile(path):
        continue
    shutil.copy(path, os.path.join(out, 'fuzz_elf', name))
    section = fatbin_section(open(path, 'rb').read())
    if section:
        open(os.path.join(out, 'fuzz_fatbin', name + '.fatbin'), 'wb').write(section)


if os.path.isfile('/etc/ld.so.cache'):
    cache = open('/etc/ld.so.cache', 'rb').read()
    open(os.path.join(out, 'fuzz_ld_cache', 'ld.so.cache'), 'wb').write(cache[:1 << 20])
    new = cache.find(b'glibc-ld.so.cache1.1')
    if new >= 0 and len(cache) >= new + 48:
        nlibs, strings = struct.unpack_from('<II', cache, new + 20)
        for keep in (1, 4, 16):
            head = bytearray(cache[new:new + 48 + 24 * min(keep, nlibs)])
            struct.pack_into('<I', head, 20, min(keep, nlibs))
            open(os.path.join(out, 'fuzz_ld_cache', f'ld.so.cache.{keep}'), 'wb').write(bytes(head) + cache[new + 48 + 24 * nlibs:][:4096])
