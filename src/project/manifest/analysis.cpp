// SPDX-License-Identifier: MIT
#include "project/manifest/analysis.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "pep/name.h"
#include "pep/requirement.h"
#include "pep/specifier.h"
#include "pep/version.h"
#include "pep/wheel_filename.h"

namespace mlstack::project::detail {
namespace {

std::string_view file_name(std::string_view path) {
  std::size_t cut = path.find_first_of("?#");
  path = path.substr(0, cut);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Splits "url ; marker" (pip needs whitespace before ';' after a URL).
std::pair<std::string_view, std::string_view> split_marker(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == ';' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i + 1] == ' ')) {
      std::string_view head = text.substr(0, i);
      while (!head.empty() && (head.back() == ' ' || head.back() == '\t')) head.remove_suffix(1);
      return {head, text.substr(i + 1)};
    }
  }
  return {text, {}};
}

// The name in "#egg=name" of a VCS or archive URL.
std::string egg_name(std::string_view url) {
  std::size_t egg = url.find("#egg=");
  if (egg == std::string_view::npos) egg = url.find("&egg=");
  if (egg == std::string_view::npos) return {};
  std::string_view name = url.substr(egg + 5);
  return std::string(name.substr(0, name.find_first_of("&[")));
}

// name and version from a wheel or sdist file name.
bool from_file_name(std::string_view name, ScannedRequirement& out) {
  if (name.ends_with(".whl")) {
    auto wheel = pep::WheelFilename::parse(name);
    if (!wheel) return false;
    out.name = wheel->name;
    out.display_name = wheel->name;
    out.version = wheel->version.str();
    return true;
  }
  auto sdist = pep::SdistFilename::parse(name);
  if (!sdist) return false;
  out.name = sdist->name;
  out.display_name = sdist->name;
  out.version = sdist->version.str();
  return true;
}

bool is_git(std::string_view url) {
  return url.starts_with("git+") || url.starts_with("git://") || url.ends_with(".git");
}

PinStatus pin_of_url(std::string_view url, const std::string& version) {
  if (is_git(url) || url.starts_with("hg+") || url.starts_with("svn+") || url.starts_with("bzr+")) return PinStatus::Git;
  if (url.starts_with("file:")) return PinStatus::LocalPath;
  return version.empty() ? PinStatus::DirectUrl : PinStatus::Exact;
}

void set_specifier(ScannedRequirement& out, const pep::SpecifierSet& set) {
  out.specifier = set.str();
  out.pin = pin_status_of(out.specifier);
  for (const auto& clause : set.clauses()) {
    if ((clause.op() == pep::Specifier::Op::Equal && !clause.has_wildcard()) ||
        clause.op() == pep::Specifier::Op::Arbitrary) {
      out.version = clause.version_text();
    }
  }
}

}  // namespace

PinStatus pin_status_of(std::string_view specifier) {
  if (specifier.empty()) return PinStatus::Unpinned;
  auto set = pep::SpecifierSet::parse(specifier);
  if (!set) return PinStatus::Unknown;
  bool lower = false;
  bool upper = false;
  for (const auto& clause : set->clauses()) {
    using Op = pep::Specifier::Op;
    switch (clause.op()) {
      case Op::Equal:
        if (!clause.has_wildcard()) return PinStatus::Exact;
        lower = upper = true;
        break;
      case Op::Arbitrary: return PinStatus::Exact;
      case Op::Compatible: lower = upper = true; break;
      case Op::GreaterEqual:
      case Op::Greater: lower = true; break;
      case Op::LessEqual:
      case Op::Less: upper = true; break;
      case Op::NotEqual: break;
    }
  }
  if (lower && upper) return PinStatus::Bounded;
  if (lower) return PinStatus::LowerBound;
  if (upper) return PinStatus::UpperBound;
  return PinStatus::Unpinned;
}

ScannedRequirement scan_requirement(const DeclaredRequirement& declared, std::size_t manifest, ManifestKind kind,
                                    std::vector<Finding>& findings) {
  ScannedRequirement out;
  out.declared = declared;
  out.manifest = manifest;
  bool from_command = declared.scope == Scope::Install || kind == ManifestKind::ShellScript ||
                      kind == ManifestKind::Dockerfile || kind == ManifestKind::Markdown;
  auto unparsed = [&](const ParseError& error) {
    out.pin = PinStatus::Unknown;
    if (!declared.unresolved.empty()) return;  // already noted: a variable left unexpanded
    if (from_command) {
      findings.push_back(Finding{"scan.unparsed-install-argument", Severity::Info,
                                 fmt::format("`{}` is not a requirement: {}", declared.text, error.message),
                                 {declared.origin}, {}, render(error)});
      return;
    }
    findings.push_back(input_error("input.requirement-syntax",
                                   fmt::format("invalid requirement `{}`: {}", declared.text, error.message),
                                   declared.origin, render(error)));
  };
  switch (declared.form) {
    case RequirementForm::Pep508:
    case RequirementForm::Conda: {
      auto parsed = pep::Requirement::parse(declared.text);
      if (!parsed) {
        if (declared.form == RequirementForm::Conda) {
          out.pin = PinStatus::Unknown;
          out.display_name = declared.text;
          return out;
        }
        unparsed(parsed.error());
        return out;
      }
      out.display_name = parsed->name;
      out.name = parsed->canonical_name();
      if (parsed->marker) out.marker = parsed->marker->str();
      if (parsed->url) {
        out.url = *parsed->url;
        ScannedRequirement from_file;
        if (from_file_name(file_name(out.url), from_file)) out.version = from_file.version;
        out.pin = pin_of_url(out.url, out.version);
      } else {
        set_specifier(out, parsed->specifier);
      }
      return out;
    }
    case RequirementForm::Url: {
      auto [url, marker] = split_marker(declared.text);
      out.url = std::string(url);
      if (!marker.empty()) {
        if (auto m = pep::Marker::parse(marker)) out.marker = m->str();
      }
      if (!from_file_name(file_name(url), out)) {
        out.display_name = egg_name(url);
        out.name = out.display_name.empty() ? std::string() : pep::canonicalize_name(out.display_name);
      }
      if (!declared.name.empty()) {
        out.display_name = declared.name;
        out.name = pep::canonicalize_name(declared.name);
      }
      out.pin = pin_of_url(url, out.version);
      return out;
    }
    case RequirementForm::Path: {
      auto [path, marker] = split_marker(declared.text);
      if (!marker.empty()) {
        if (auto m = pep::Marker::parse(marker)) out.marker = m->str();
      }
      out.url = std::string(path);
      std::string_view base = path.substr(0, path.find('['));
      if (from_file_name(file_name(base), out)) {
        out.pin = PinStatus::Exact;
      } else {
        out.pin = PinStatus::LocalPath;
      }
      if (!declared.name.empty()) {
        out.display_name = declared.name;
        out.name = pep::canonicalize_name(declared.name);
      }
      return out;
    }
  }
  return out;
}

}  // namespace mlstack::project::detail
