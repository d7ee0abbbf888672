// SPDX-License-Identifier: MIT
// The scan reads each Python file once, on any number of threads, and the
// result is the same whatever that number: everything later steps need
// (parsers, dataclasses, attribute reads, extension calls) comes from that
// one read, so they work after the files are gone.
#include <unistd.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "project/python/analysis.h"
#include "project/python/entry_graph.h"
#include "project/python/scan.h"

namespace mlstack::project::python {
namespace {

namespace fs = std::filesystem;

const fs::path k_projects = fs::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects";

// Everything a scan holds, as text, so two scans compare with one EXPECT_EQ.
std::string describe(const PythonScan& scan) {
  std::string out = fmt::format("bytes {}\n", scan.bytes);
  const auto& files = scan.layout.files();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const FileImports& f = scan.imports[i];
    out += fmt::format("{} errors={} main={}\n", files[i].path, f.token_errors, f.has_main_guard);
    for (const ImportRecord& r : f.imports)
      out += fmt::format("  {} {} {} {} {}:{} {}{}{}{}{}{} [{}] [{}]\n", to_string(r.form), r.module, r.name, r.alias,
                         r.line, r.column, r.lazy, r.optional, r.fallback, r.typing_only, r.conditional, r.dead,
                         fmt::join(r.guards(), ","), fmt::join(r.unset_guards(), ","));
  }
  for (const FileArgparse& p : scan.parsers) {
    out += "parser file " + p.file + "\n";
    for (const ArgParser& parser : p.model.parsers)
      for (const ArgOption& o : parser.options) out += fmt::format("  {} {} {}\n", parser.variable, fmt::join(o.flags, "|"), o.dest);
  }
  out += fmt::format("attributes all={} {}\n", scan.attributes.reads_all, fmt::join(scan.attributes.names, ","));
  for (const ExtensionCallSite& c : scan.extension_calls)
    out += fmt::format("ext {} {}:{} {}\n", c.extension, c.file, c.import_line, fmt::join(c.functions, ","));
  for (const Finding& f : scan.findings) out += f.rule + " " + f.message + "\n";
  for (const SetupPyFile& s : scan.setup_py) out += "setup " + s.path + "\n";
  return out;
}

std::string describe(const EntryGraph& g) {
  std::string out = fmt::format("{} {} files [{}] unresolved [{}]\n", g.entry, g.found, fmt::join(g.files, ","),
                                fmt::join(g.unresolved, ","));
  for (const EntryEdge& e : g.edges) out += fmt::format("  {} -> {} :{}\n", e.from, e.to, e.line);
  for (const ThirdPartyImport& t : g.third_party) out += fmt::format("  {} {} sites\n", t.import_name, t.sites.size());
  return out;
}

PythonScan scan_with(const fs::path& root, unsigned threads) {
  ScanOptions options;
  options.threads = threads;
  options.extensions = {"awq_inference_engine", "ft_attention"};
  return scan_python_project(root, options);
}

TEST(PythonSinglePass, SameResultOnOneThreadAndOnMany) {
  for (const char* project : {"awqlike", "cli-styles", "negated-flags"}) {
    std::string one = describe(scan_with(k_projects / project, 1));
    EXPECT_NE(one.find("import"), std::string::npos) << project;
    for (unsigned threads : {2u, 3u, 8u}) EXPECT_EQ(describe(scan_with(k_projects / project, threads)), one) << project;
  }
}

TEST(PythonSinglePass, EntryGraphsAreTheSameOnAnyNumberOfThreads) {
  PythonScan scan = scan_with(k_projects / "awqlike", 2);
  ImportGraph one(scan, nullptr, nullptr, 1);
  ImportGraph many(scan, nullptr, nullptr, 8);
  for (const char* entry : {"awq/entry.py", "tinychat/demo.py"}) {
    EXPECT_EQ(describe(entry_graph(one, entry)), describe(entry_graph(many, entry)));
    EXPECT_EQ(describe(entry_graph(one, entry)), describe(entry_graph(scan, entry)));
  }
}

TEST(PythonSinglePass, WithoutDetailsAnEntryKeepsItsFilesAndFirstSites) {
  PythonScan scan = scan_with(k_projects / "awqlike", 2);
  EntryOptions lean;
  lean.details = false;
  EntryGraph full = entry_graph(scan, "awq/entry.py");
  EntryGraph summary = entry_graph(scan, "awq/entry.py", lean);
  EXPECT_EQ(summary.files, full.files);
  EXPECT_EQ(summary.unresolved, full.unresolved);
  EXPECT_TRUE(summary.edges.empty());
  EXPECT_FALSE(full.edges.empty());
  ASSERT_EQ(summary.third_party.size(), full.third_party.size());
  for (std::size_t i = 0; i < full.third_party.size(); ++i) {
    EXPECT_EQ(summary.third_party[i].import_name, full.third_party[i].import_name);
    ASSERT_EQ(summary.third_party[i].sites.size(), 1u);
    EXPECT_EQ(summary.third_party[i].sites[0].file, full.third_party[i].sites[0].file);
  }
  ASSERT_EQ(summary.extensions.size(), full.extensions.size());
}

// Scanned, then deleted: the analysis still has every parser, attribute read
// and extension call, because none of it reads a file again.
TEST(PythonSinglePass, NothingReadsAFileAfterTheScan) {
  fs::path copy = fs::path(::testing::TempDir()) / ("mlstack-single-pass-" + std::to_string(::getpid()));
  fs::remove_all(copy);
  fs::copy(k_projects / "awqlike", copy, fs::copy_options::recursive);
  AnalysisOptions options;
  options.scan.extensions = {"awq_inference_engine", "ft_attention"};
  PythonAnalysis reference = analyze_python_project(k_projects / "awqlike", options);

  PythonScan scan = scan_python_project(copy, options.scan);
  fs::remove_all(copy);
  EXPECT_EQ(describe(scan), describe(reference.scan));
  std::vector<FileArgparse> parsers = read_project_argparse(scan);
  EXPECT_FALSE(parsers.empty());
  EXPECT_EQ(parsers.size(), reference.parsers.size());
  EXPECT_FALSE(project_attribute_reads(scan).names.empty());
  EXPECT_EQ(extension_call_sites(scan).size(), 2u);
  EXPECT_EQ(entry_graph(scan, "awq/entry.py").extensions.size(), 1u);
}

}  // namespace
}  // namespace mlstack::project::python
