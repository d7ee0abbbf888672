# SPDX-License-Identifier: MIT
"""Section lookup in a 64-bit little-endian ELF, for build.sh's byte patches."""
import struct


def section(data, wanted):
    """Offset of the section header named `wanted`."""
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shnum, shstrndx = struct.unpack_from('<HH', data, 0x3c)
    names = struct.unpack_from('<Q', data, shoff + shstrndx * 64 + 24)[0]
    for i in range(shnum):
        at = shoff + i * 64
        name = data[names + struct.unpack_from('<I', data, at)[0]:].split(b'\0')[0].decode()
        if name == wanted:
            return at
    raise SystemExit('no section ' + wanted)


def section_range(data, wanted):
    """(file offset, size) of the section named `wanted`."""
    return struct.unpack_from('<QQ', data, section(data, wanted) + 24)
