// SPDX-License-Identifier: MIT
// Pins judged against package indexes (src/index), for any package, not only
// the kb's rows: a pinned version that the serving index does not list (with
// the nearest that it does), a yanked pin (with its reason), a pin with no
// prebuilt wheel for the stack's machine (with the newest version that has
// one), the upload date of each pin, and a package that an extra index and
// another index both serve with different files (dependency confusion under
// pip's merging of indexes).
//
// Nothing is guessed: an index that did not answer (offline with nothing
// cached, a timeout) leaves a pin unverified, and no finding is made of it.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "check/diff.h"
#include "check/stack.h"
#include "core/expected.h"
#include "core/finding.h"
#include "index/package_index.h"
#include "kb/knowledge_base.h"
#include "project/scan.h"

namespace mlstack::check {

// Makes the index a stack is judged against, from the indexes its files
// declare (the CLI adds the command line's and the cache; tests give a MemoryIndex).
using IndexFactory =
    std::function<Expected<std::unique_ptr<index::PackageIndex>, std::string>(std::span<const project::IndexEntry>)>;

struct IndexPin {
  enum class Verdict { Exists, Missing, Yanked, Unverified };
  std::string name;     // canonical
  std::string version;  // as pinned: "2.3.1+cu121"
  std::string stack;    // the stack's label
  Origin pinned_at;
  Verdict verdict = Verdict::Unverified;
  std::string upload_time;  // first upload of the version's files ("2024-06-05T14:33:07Z"); "" when the index gives none
  std::string index_url;    // the index that serves the package (redacted)
  std::string yanked_reason;
  std::vector<std::string> nearest;  // Missing: the existing versions nearest the pin
  std::string wheel;                 // the wheel that would install on the stack's machine ("" when none or no machine)
  std::string note;                  // Unverified: why, naming the URL
};

const char* to_string(IndexPin::Verdict verdict);  // "exists", "does not exist", "yanked", "unverified"

struct IndexVerification {
  std::vector<IndexPin> pins;
  std::vector<Finding> findings;
};

// Every exact pin of the stack against `index` (fetched in one batch).
IndexVerification verify_pins(index::PackageIndex& index, const Stack& stack, const kb::KnowledgeBase& kb);

// The indexes a stack's files declare: its manifest's, and those of the files it includes (-r).
std::vector<project::IndexEntry> declared_indexes(const project::ScanResult& scan, const std::string& stack_label);

// Verifies every declared stack (one index per distinct set of declared
// indexes) and reconciles the kb's release.unknown-version findings with what
// the index says (the index lists the version: the kb's claim is dropped;
// it does not: the index's finding, with the nearest versions, replaces it).
// Fails only when the factory refuses its options (a bad --index-mirror).
Expected<IndexVerification, std::string> verify_stacks(const IndexFactory& factory, const project::ScanResult& scan,
                                                       const std::vector<Stack>& stacks, const kb::KnowledgeBase& kb,
                                                       std::vector<Finding>& findings);

// One stack loaded from a file (`mlstack diff A B`): the indexes that file
// declares (a manifest or script is scanned for them; a lock or an
// environment declares none here).
Expected<IndexVerification, std::string> verify_file_stack(const IndexFactory& factory, const std::string& path,
                                                           const Stack& stack, const kb::KnowledgeBase& kb);

// `mlstack diff`: index verdicts become row statuses and notes.
void annotate_diff(DiffResult& diff, const IndexVerification& a, const IndexVerification& b);

}  // namespace mlstack::check
