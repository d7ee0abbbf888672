// SPDX-License-Identifier: MIT
// Views of the knowledge base for `mlstack kb`: each turns a loaded kb and one
// question into a Document (text/Markdown tables plus a JSON payload whose
// rows carry their fact id and source). Load findings (a bad --kb file) are
// copied into every document so that they are never lost.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "kb/constraints.h"
#include "kb/loader.h"
#include "report/document.h"

namespace mlstack::report {

// The names `mlstack kb show` accepts, in listing order.
std::vector<std::string> kb_table_names();

// `mlstack kb list`: files read, tables and row counts.
Document kb_list_view(const kb::LoadResult& loaded);

// `mlstack kb show TABLE [--filter F]...`. A filter is `column=value` (that
// column equals value, case-insensitive) or bare text (any cell contains it).
// Fails with a message for an unknown table or a filter naming no column.
Expected<Document, std::string> kb_show_view(const kb::LoadResult& loaded, std::string_view table,
                                             const std::vector<std::string>& filters);

// `mlstack kb torch VERSION`: the release, its companions, ABI and kernels per variant.
Document kb_torch_view(const kb::LoadResult& loaded, const pep::Version& version);

// `mlstack kb cuda VERSION`: the toolkit's releases and minimum drivers.
Document kb_cuda_view(const kb::LoadResult& loaded, const pep::Version& cuda);

// `mlstack kb driver VERSION`: the highest CUDA a driver supports.
// `as_written` is the driver as the user typed it ("535.104.05"): PEP 440
// normalisation would print 535.104.5.
Document kb_driver_view(const kb::LoadResult& loaded, const pep::Version& driver, std::string_view as_written);

// `mlstack kb ptx [ISA]`: the CUDA version and Linux driver from which PTX
// of an ISA version JIT-compiles; every ISA without one.
Document kb_ptx_view(const kb::LoadResult& loaded, const std::optional<pep::Version>& isa);

// `mlstack kb gpu NAME|CC`: architecture and features of a GPU.
Document kb_gpu_view(const kb::LoadResult& loaded, std::string_view query);

// `mlstack kb flash-attn VERSION`: the prebuilt wheel matrix of one release.
Document kb_flash_attn_view(const kb::LoadResult& loaded, const pep::Version& version);

// `mlstack kb package NAME [VERSION]`: known releases and dates.
Document kb_package_view(const kb::LoadResult& loaded, std::string_view name,
                         const std::optional<pep::Version>& version);

// `mlstack kb constraints NAME VERSION [--tag TAG]`: what the kb derives.
Document kb_constraints_view(const kb::LoadResult& loaded, std::string_view name, const pep::Version& version,
                             std::span<const pep::Tag> tags);

}  // namespace mlstack::report
