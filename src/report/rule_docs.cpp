// SPDX-License-Identifier: MIT
#include "report/rule_docs.h"

#include "binary/binary_findings.h"
#include "check/rule_catalog.h"
#include "mlstack/build_info.h"

namespace mlstack::report {
namespace {

struct PrefixDoc {
  std::string_view prefix;  // a rule id, or the start of several
  std::string_view page;
  std::string_view anchor;
};

// First match wins: exact ids and longer prefixes before shorter ones.
constexpr PrefixDoc k_pages[] = {
    // What the code says (docs/scan.md "What the code says").
    {"scan.undeclared-import", "scan.md", "what-the-code-says"},
    {"scan.transitive-only", "scan.md", "what-the-code-says"},
    {"scan.optional-import-", "scan.md", "what-the-code-says"},
    {"scan.unused-dependency", "scan.md", "what-the-code-says"},
    {"scan.doc-", "scan.md", "what-the-code-says"},
    {"scan.stdlib-missing", "scan.md", "what-the-code-says"},
    {"scan.unread-flag", "scan.md", "what-the-code-says"},
    {"input.python-syntax", "scanner.md", "known-limits"},
    {"input.python-too-large", "scanner.md", "known-limits"},
    {"input.python-unreadable", "scanner.md", "known-limits"},
    // The environment reader (docs/env.md "Findings").
    {"env.", "env.md", "findings"},
    {"input.dist-", "env.md", "findings"},
    {"input.site-dir-", "env.md", "findings"},
    {"input.python-not-", "env.md", "findings"},
    {"input.requires-dist-syntax", "env.md", "findings"},
    {"input.direct-url-json", "env.md", "findings"},
    {"input.pyvenv-cfg", "env.md", "findings"},
    {"input.nvidia-driver-version", "env.md", "findings"},
    {"input.no-environment", "env.md", "findings"},
    {"input.env-file", "env.md", "output"},
    // The binary layer (docs/binary.md "Rules").
    {"binary.", "binary.md", "rules"},
    {"input.elf-malformed", "binary.md", "rules"},
    // The knowledge base's own files.
    {"input.kb-", "kb.md", "editing"},
    {"kb.", "kb.md", "mlstack-kb"},
    // The manifest scan (docs/scan.md "Findings").
    {"scan.", "scan.md", "findings"},
    {"setup-py.", "scan.md", "findings"},
    {"input.", "scan.md", "findings"},
};

}  // namespace

RuleHelp rule_help(std::string_view rule) {
  if (const check::RuleInfo* info = check::find_rule(rule)) {
    return {"rules.md", std::string(info->id), std::string(info->title), info->severity};
  }
  for (const auto& b : binary::binary_rules()) {
    if (b.id == rule) return {"binary.md", "rules", std::string(b.title), b.severity};
  }
  for (const auto& p : k_pages) {
    if (rule.starts_with(p.prefix)) return {std::string(p.page), std::string(p.anchor), {}, std::nullopt};
  }
  // Rules of a verb without a table of its own yet: the overview of check's rules.
  return {"rules.md", "", {}, std::nullopt};
}

std::string rule_help_uri(std::string_view rule) {
  RuleHelp help = rule_help(rule);
  std::string uri = std::string(k_docs_url) + help.page;
  if (!help.anchor.empty()) uri += "#" + help.anchor;
  return uri;
}

}  // namespace mlstack::report
