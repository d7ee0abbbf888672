// SPDX-License-Identifier: MIT
#include "index/index_client.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "index/detail/assemble.h"
#include "index/detail/cached_fetch.h"
#include "index/page_codec.h"
#include "index/sha256.h"
#include "index/simple_page.h"
#include "index/url.h"
#include "pep/metadata.h"
#include "pep/name.h"

namespace mlstack::index {
namespace {

using detail::CachedFetch;
using detail::FetchOutcome;
using detail::SourceAnswer;

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What one source said about one name (or, for find-links, its whole page).
struct PageSlot {
  SourceAnswer::State state = SourceAnswer::State::Failed;
  ProjectPage page;
  // The page's files moved into its project (the first index that has it):
  // project_on reads them there.
  bool files_taken = false;
  std::string problem;
  std::string url;
  Freshness freshness = Freshness::None;
  std::int64_t fetched_at = 0;
};

// Parses a page response into the codec's payload; the error names the URL.
Expected<std::string, std::string> encode_page_response(const HttpResponse& response, const std::string& display,
                                                        std::string_view project) {
  auto format = page_format(response.header("content-type"), response.body);
  if (!format) {
    return unexpected(fmt::format("{}: not an index page (Content-Type {})", display,
                                  response.header("content-type").empty() ? "missing" : response.header("content-type")));
  }
  // Relative links resolve against where the page really is (after redirects).
  std::string base = response.url.empty() ? display : response.url;
  auto page = parse_page(*format, response.body, base, project);
  if (!page) return unexpected(fmt::format("{}: {}", display, describe(page.error(), response.body)));
  return encode_page(*page);
}

}  // namespace

struct IndexClient::State {
  IndexConfig config;
  Transport& transport;
  HttpCache* cache;
  ClientOptions options;
  std::map<std::pair<std::size_t, std::string>, PageSlot> pages;  // (source, name)
  std::map<std::size_t, PageSlot> links;                          // find-links source -> its page
  std::map<std::string, Project, std::less<>> projects;
  std::map<std::string, Dependencies, std::less<>> dependencies;  // by file URL
  std::unique_ptr<RemoteFiles> remote;

  State(IndexConfig c, Transport& t, HttpCache* h, ClientOptions o)
      : config(std::move(c)), transport(t), cache(h), options(std::move(o)) {
    if (!options.now) options.now = system_now;
  }

  // "https://pypi.org/simple/torch/" or, mirrored, "... (via http://127.0.0.1:8080/pypi/simple/torch/)".
  std::string display(const std::string& url) const {
    std::string fetched = config.fetch_url(url);
    return fetched == url ? redact(url) : fmt::format("{} (via {})", redact(url), redact(fetched));
  }

  HttpRequest request_for(const std::string& url, std::string_view accept, std::size_t limit) const {
    HttpRequest request;
    request.url = config.fetch_url(url);
    if (!accept.empty()) request.headers.emplace_back("Accept", std::string(accept));
    request.credentials = config.credentials.for_url(request.url);
    request.max_body_bytes = limit;
    return request;
  }

  detail::FetchSettings settings() const {
    return detail::FetchSettings{options.offline, options.refresh, options.now(), options.progress};
  }

  PageSlot slot_from(const FetchOutcome& outcome, const std::string& url) {
    PageSlot slot;
    slot.url = redact(url);
    slot.freshness = outcome.freshness;
    slot.fetched_at = outcome.fetched_at;
    switch (outcome.state) {
      case FetchOutcome::State::Payload:
        if (auto page = decode_page(outcome.payload)) {
          slot.state = SourceAnswer::State::Found;
          slot.page = std::move(*page);
          if (!outcome.problem.empty()) slot.page.problems.push_back(outcome.problem);
        } else {
          slot.state = SourceAnswer::State::Failed;
          slot.problem = fmt::format("{}: the cached page is unreadable", slot.url);
        }
        break;
      case FetchOutcome::State::NotFound:
        slot.state = SourceAnswer::State::NotFound;
        break;
      case FetchOutcome::State::Failed:
        slot.state = SourceAnswer::State::Failed;
        slot.problem = outcome.problem;
        break;
    }
    return slot;
  }

  void fetch(const std::vector<std::string>& names) {
    std::vector<CachedFetch> fetches;
    // Which slot each fetch fills: (source, name), name "" for a find-links page.
    std::vector<std::pair<std::size_t, std::string>> targets;
    for (std::size_t source : config.find_links()) {
      if (links.count(source)) continue;
      const std::string& url = config.sources[source].url;
      CachedFetch f;
      f.request = request_for(url, "text/html", options.max_page_bytes);
      f.key = is_file_url(f.request.url) ? std::string() : "links\n" + f.request.url;
      f.display_url = display(url);
      f.encode = [d = f.display_url](const HttpResponse& r) { return encode_page_response(r, d, {}); };
      fetches.push_back(std::move(f));
      targets.emplace_back(source, std::string());
    }
    for (const auto& name : names) {
      for (std::size_t source : config.indexes_for(name)) {
        if (pages.count({source, name})) continue;
        std::string url = config.sources[source].url + name + "/";
        CachedFetch f;
        f.request = request_for(url, k_accept_header, options.max_page_bytes);
        f.key = is_file_url(f.request.url) ? std::string() : "page\n" + f.request.url;
        f.display_url = display(url);
        f.encode = [d = f.display_url, name](const HttpResponse& r) { return encode_page_response(r, d, name); };
        fetches.push_back(std::move(f));
        targets.emplace_back(source, name);
      }
    }
    if (fetches.empty()) return;
    // Each page is decoded as soon as it is read and its payload freed, so
    // the next page is read into the same memory: a warm lookup of 100
    // packages no longer holds their 2.7 MB of cached pages at once.
    auto decode = [&](std::size_t i, FetchOutcome& outcome) {
      const auto& [source, name] = targets[i];
      std::string url = name.empty() ? config.sources[source].url : config.sources[source].url + name + "/";
      PageSlot slot = slot_from(outcome, url);
      std::string().swap(outcome.payload);
      if (name.empty()) links[source] = std::move(slot);
      else pages[{source, name}] = std::move(slot);
    };
    detail::fetch_cached(fetches, transport, cache, settings(), decode);
  }

  const Project& assemble(const std::string& name) {
    std::vector<SourceAnswer> index_answers, link_answers;
    auto answer = [](std::size_t source, const PageSlot& slot) {
      SourceAnswer a;
      a.source = source;
      a.state = slot.state;
      a.page = &slot.page;
      a.problem = slot.problem;
      a.url = slot.url;
      a.freshness = slot.freshness;
      a.fetched_at = slot.fetched_at;
      return a;
    };
    // The first index that has the project serves all its files: they move
    // into the project (find-links pages are shared by every name: copied).
    bool served = false;
    for (std::size_t source : config.indexes_for(name)) {
      PageSlot& slot = pages.at({source, name});
      index_answers.push_back(answer(source, slot));
      if (!served && slot.state == SourceAnswer::State::Found) {
        served = true;
        index_answers.back().movable = &slot.page;
        slot.files_taken = true;
      }
    }
    for (std::size_t source : config.find_links()) link_answers.push_back(answer(source, links.at(source)));
    Project project = detail::assemble(name, index_answers, link_answers);
    return projects.insert_or_assign(name, std::move(project)).first->second;
  }

  Dependencies unknown(const DistFile& file, std::string reason) {
    Dependencies deps;
    deps.state = Dependencies::State::Unknown;
    deps.url = redact(file.url + ".metadata");
    deps.reason = std::move(reason);
    return deps;
  }

  void fetch_dependencies(std::span<const DistFile* const> files) {
    std::vector<CachedFetch> fetches;
    std::vector<const DistFile*> targets;
    for (const DistFile* file : files) {
      if (!file || dependencies.count(file->url)) continue;
      if (std::find(targets.begin(), targets.end(), file) != targets.end()) continue;
      if (!file->core_metadata.available) {
        std::string where = file->source < config.sources.size() ? redact(config.sources[file->source].url) : redact(file->url);
        dependencies[file->url] = unknown(*file, fmt::format("{}: the index offers no metadata file for {}, so its "
                                                             "dependencies are unknown", where, file->filename));
        continue;
      }
      std::string url = file->url + ".metadata";
      CachedFetch f;
      f.request = request_for(url, {}, options.max_metadata_bytes);
      const Hash* expected = nullptr;
      for (const auto& h : file->core_metadata.hashes)
        if (h.algorithm == "sha256") expected = &h;
      f.key = is_file_url(f.request.url) ? std::string() : "metadata\n" + f.request.url + "\n" + (expected ? expected->hex : "");
      f.display_url = display(url);
      f.cache_not_found = false;
      f.immutable = expected != nullptr;
      f.encode = [d = f.display_url, hash = expected ? expected->hex : std::string()](
                     const HttpResponse& r) -> Expected<std::string, std::string> {
        if (!hash.empty()) {
          std::string actual = sha256_hex(r.body);
          if (actual != hash) {
            return unexpected(fmt::format("{}: rejected: its sha256 is {}, the index page says {}", d, actual, hash));
          }
        }
        auto parsed = pep::parse_metadata(r.body);
        if (!parsed) return unexpected(fmt::format("{}: not a core metadata file: {}", d, parsed.error().message));
        return r.body;
      };
      fetches.push_back(std::move(f));
      targets.push_back(file);
    }
    if (fetches.empty()) return;
    std::vector<FetchOutcome> outcomes = detail::fetch_cached(fetches, transport, cache, settings());
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const DistFile& file = *targets[i];
      const FetchOutcome& outcome = outcomes[i];
      Dependencies deps;
      deps.url = redact(file.url + ".metadata");
      deps.freshness = outcome.freshness;
      if (outcome.state == FetchOutcome::State::Payload) {
        auto parsed = pep::parse_metadata(outcome.payload);
        if (parsed) {
          deps.state = Dependencies::State::Known;
          deps.requires_dist = parsed->requirements;
          deps.requires_dist_text = parsed->requires_dist;
          deps.requires_python = parsed->requires_python;
          deps.provides_extra = parsed->provides_extra;
        } else {
          deps.state = Dependencies::State::Failed;
          deps.reason = fmt::format("{}: the cached metadata is unreadable", deps.url);
        }
      } else if (outcome.state == FetchOutcome::State::NotFound) {
        deps.state = Dependencies::State::Failed;
        deps.reason = fmt::format("{}: HTTP 404, though the index page offers it", display(file.url + ".metadata"));
      } else if (options.offline) {
        deps.state = Dependencies::State::Unknown;
        deps.reason = outcome.problem;
      } else {
        deps.state = Dependencies::State::Failed;
        deps.reason = outcome.problem;
      }
      dependencies[file.url] = std::move(deps);
    }
  }
};

IndexClient::IndexClient(IndexConfig config, Transport& transport, HttpCache* cache, ClientOptions options)
    : m(std::make_unique<State>(std::move(config), transport, cache, std::move(options))) {
  m->remote = std::make_unique<RemoteFiles>(m->config, transport, cache, m->options.offline, m->options.now);
}

IndexClient::~IndexClient() = default;

std::span<const IndexSource> IndexClient::sources() const { return m->config.sources; }

const IndexConfig& IndexClient::config() const { return m->config; }

RemoteFiles& IndexClient::remote_files() { return *m->remote; }

void IndexClient::prefetch(std::span<const std::string> names) {
  std::vector<std::string> wanted;
  for (const auto& name : names) {
    std::string canonical = pep::canonicalize_name(name);
    if (m->projects.count(canonical)) continue;
    if (std::find(wanted.begin(), wanted.end(), canonical) == wanted.end()) wanted.push_back(std::move(canonical));
  }
  if (wanted.empty()) return;
  m->fetch(wanted);
  for (const auto& name : wanted) m->assemble(name);
}

const Project& IndexClient::project(std::string_view name) {
  std::string canonical = pep::canonicalize_name(name);
  if (auto it = m->projects.find(canonical); it != m->projects.end()) return it->second;
  std::string names[] = {canonical};
  prefetch(names);
  return m->projects.at(canonical);
}

Project IndexClient::project_on(std::string_view name, std::size_t source) {
  std::string canonical = pep::canonicalize_name(name);
  const Project& served = project(canonical);
  std::vector<SourceAnswer> answers;
  ProjectPage taken;  // the files this source's page gave its project, when they moved there
  if (auto it = m->pages.find({source, canonical}); it != m->pages.end()) {
    if (it->second.files_taken) {
      taken = it->second.page;
      for (const DistFile& file : served.files)
        if (file.source == source) taken.files.push_back(file);
    }
    SourceAnswer a;
    a.source = source;
    a.state = it->second.state;
    a.page = it->second.files_taken ? &taken : &it->second.page;
    a.problem = it->second.problem;
    a.url = it->second.url;
    a.freshness = it->second.freshness;
    a.fetched_at = it->second.fetched_at;
    answers.push_back(std::move(a));
  }
  return detail::assemble(canonical, answers, {});
}

void IndexClient::prefetch_dependencies(std::span<const DistFile* const> files) { m->fetch_dependencies(files); }

const Dependencies& IndexClient::dependencies(const DistFile& file) {
  if (auto it = m->dependencies.find(file.url); it != m->dependencies.end()) return it->second;
  const DistFile* one[] = {&file};
  m->fetch_dependencies(one);
  return m->dependencies.at(file.url);
}

}  // namespace mlstack::index
