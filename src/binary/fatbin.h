// SPDX-License-Identifier: MIT
// CUDA fat binaries: the GPU code a host library carries, listed from the
// headers alone, without decompressing or even touching the payloads.
//
// nvcc places fatbins in the section .nv_fatbin (whole-program device code)
// and __nv_relfatbin (relocatable device code, -rdc); each section holds one
// or more fatbins back to back (one per translation unit). The layout is not
// documented by NVIDIA; it was taken from the open re-implementations
// (n-eiling/cuda-fatbin-decompression, jiegec/fatbinary) and verified here
// against files nvcc 13.0 wrote for chosen -gencode targets and against
// every library of /usr/local/cuda/lib64 (see tests/binary/fatbin_test.cpp):
//
//   fatbin header (16 bytes): u32 magic 0xBA55ED50, u16 version 1,
//                             u16 header_size (16), u64 size of the entries
//   entry header (>= 64 bytes, header_size says how many; payload follows):
//     0  u16 kind            1 = PTX, 2 = ELF cubin (SASS)
//     2  u16 (0x0101)
//     4  u32 header_size     64 (ELF), 80 (PTX), 112 (cubins for sm_100+)
//     8  u64 payload_size    bytes stored after the header
//     16 u32 compressed_size non-zero when compressed
//     20 u32 options_offset
//     24 u16 minor, 26 u16 major   PTX ISA version (9.0) / cubin version (1.8)
//     28 u32 arch            80 = sm_80, 100 = sm_100
//     32 u32 name offset, 36 u32 name length
//     40 u64 flags           0x1 64-bit, 0x2 debug, 0x10 Linux host,
//                            0x2000 LZ-compressed, 0x8000 zstd-compressed,
//                            0x100000 arch-specific (sm_90a),
//                            0x200000 family-specific (sm_100f)
//     48 u64 (0), 56 u64 uncompressed size when compressed
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/detail/byte_reader.h"
#include "binary/elf_file.h"

namespace mlstack::binary {

enum class FatbinKind { Sass, Ptx };
enum class ArchVariant { Plain, ArchSpecific, FamilySpecific };  // sm_90, sm_90a, sm_100f
enum class Compression { None, Lz, Zstd };

const char* to_string(FatbinKind kind);        // "SASS", "PTX"
const char* to_string(Compression compression);  // "none", "lz", "zstd"

struct FatbinEntry {
  FatbinKind kind = FatbinKind::Sass;
  unsigned arch = 0;  // 80 for sm_80 / compute_80; compute capability arch/10 . arch%10
  ArchVariant variant = ArchVariant::Plain;
  unsigned version_major = 0;  // PTX: the PTX ISA version (9.0); SASS: the cubin format version
  unsigned version_minor = 0;
  Compression compression = Compression::None;
  std::uint64_t stored_size = 0;        // payload bytes in the file
  std::uint64_t uncompressed_size = 0;  // equal to stored_size when not compressed
  std::uint64_t flags = 0;
  std::uint64_t offset = 0;       // file offset of the entry header
  std::uint64_t payload_offset = 0;  // file offset of the payload
  std::uint32_t fatbin_index = 0; // which fatbin of the file (0-based, over all sections)
  // A cubin without any executable section: a device-link stub (`nvcc
  // -shared` adds one; cuFFTW's only fatbin is one), with nothing to launch.
  // Set by mark_codeless_cubins(); evaluate() and distinct_targets() skip it.
  bool no_code = false;

  // "sm_90a" for SASS, "compute_100f" for PTX.
  std::string target() const;
  bool compressed() const { return compression != Compression::None; }
};

// A fatbin that could not be read; entries before it are kept.
struct FatbinError {
  std::string message;
  std::uint64_t offset = 0;  // absolute file offset
};

struct FatbinListing {
  std::vector<FatbinEntry> entries;
  std::size_t fatbins = 0;
  // Sections read (".nv_fatbin", "__nv_relfatbin"), then the data sections
  // in which add_embedded_fatbins() found fatbins (".ldata").
  std::vector<std::string> sections;
  std::vector<FatbinError> errors;
  bool embedded_searched = false;  // add_embedded_fatbins() has run
  bool embedded_stopped = false;   // ... and stopped early: more embedded fatbins may follow
};

// Reads the fatbins stored back to back in bytes [offset, offset+size) of `reader`.
// Appends entries; returns the number of fatbins read or the first error.
Expected<std::size_t, FatbinError> read_fatbins(const detail::ByteReader& reader, std::uint64_t offset,
                                                std::uint64_t size, std::uint32_t first_index,
                                                std::vector<FatbinEntry>& entries);

// Every fatbin in .nv_fatbin and __nv_relfatbin of an ELF file. Damage in one
// section is recorded in errors and the next section is still read.
FatbinListing list_fatbins(const ElfFile& file);

// Fatbins a library keeps outside the fatbin sections, as data it registers
// itself. Of CUDA 13.0's libraries, cuFFT holds about 24,000 fatbins in .ldata
// (11,256 of them with only PTX and cubin entries, the kinds read here) next
// to one 2 KB stub fatbin (sm_75 only) in .nv_fatbin, cuBLASLt and
// cuDNN's precompiled engines hold hundreds in .cask_resource, cuSPARSE some
// in .rodata. Searches every other allocated, non-executable PROGBITS section
// for the fatbin magic and keeps each candidate whose fatbin header and entry
// headers all agree (read as read_fatbins() reads a section); one that does
// not is skipped silently, since data may hold those four bytes by chance.
// Payloads are hopped over, but the bytes between fatbins and the whole of a
// section without any are scanned: for cuFFT 12 MB of its 278 MB .ldata, for
// a library without embedded fatbins every data section. So the check layer
// calls this only where the fatbin sections alone leave a GPU without native
// code, and gives `enough`: asked with the entries of each fatbin found, it
// ends the search by returning true (each GPU asked about has SASS; cuFFT's
// first sm_80 cubin lies ~140 MB into .ldata, reached reading 15 MB of
// headers and gaps). Appends entries
// (fatbin indices continue), counts the fatbins, names the sections; runs
// once per listing.
void add_embedded_fatbins(const ElfFile& file, FatbinListing& listing,
                          const std::function<bool(std::span<const FatbinEntry>)>& enough = {});

// Reads the ELF header and section table of each uncompressed SASS entry of
// at most `max_size` bytes (a stub is under 2 KB; the bound keeps the cost at
// a few hundred bytes per small cubin and never touches large ones) and marks
// those without an executable section no_code. A compressed cubin is never
// inspected (no decompression here), nor one whose header does not parse:
// both keep counting as code. Returns the number marked.
std::size_t mark_codeless_cubins(const ElfFile& file, FatbinListing& listing, std::uint64_t max_size = 16 * 1024);

// Whether any entry may hold code (entries, none of them marked no_code).
bool has_gpu_code(const FatbinListing& listing);

// A standalone fatbin (nvcc -fatbin output), or an error.
FatbinListing list_fatbins(std::span<const std::uint8_t> bytes);

}  // namespace mlstack::binary
