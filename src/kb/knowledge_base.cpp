// SPDX-License-Identifier: MIT
#include "kb/knowledge_base.h"

#include <algorithm>
#include <cctype>

#include "pep/name.h"

namespace mlstack::kb {

namespace {

// Equal but for the local label, without building public versions: a plan
// asks this of every kb row for every candidate of torch and its kin.
bool same_public(const pep::Version& a, const pep::Version& b) { return a.compare_public(b) == 0; }

// Whether `name` canonicalises to `canonical` (pep::canonicalize_name), told
// without building the text: a plan asks it of every coupling rule for every
// candidate it weighs.
bool normalises_to(std::string_view name, std::string_view canonical) {
  std::size_t at = 0;
  bool in_run = false;
  for (char c : name) {
    bool separator = c == '-' || c == '_' || c == '.';
    if (separator && in_run) continue;
    in_run = separator;
    char want = separator ? '-' : c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (at == canonical.size() || canonical[at++] != want) return false;
  }
  return at == canonical.size();
}

// "2.4" for 2.4.1; empty for a single-part version.
std::string minor_series(const pep::Version& version) {
  auto release = version.release();
  if (release.size() < 2) return {};
  return std::to_string(release[0]) + "." + std::to_string(release[1]);
}

bool same_major_minor(const pep::Version& a, const pep::Version& b) {
  auto ra = a.release();
  auto rb = b.release();
  uint64_t a_minor = ra.size() > 1 ? ra[1] : 0;
  uint64_t b_minor = rb.size() > 1 ? rb[1] : 0;
  return ra[0] == rb[0] && a_minor == b_minor;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whether `needle` occurs in `haystack` with no letter or digit directly on
// either side, so "a10" does not match "a100" but matches "nvidia a10 (24gb)".
bool contains_words(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    bool left = at == 0 || !is_word_char(haystack[at - 1]);
    std::size_t end = at + needle.size();
    bool right = end == haystack.size() || !is_word_char(haystack[end]);
    if (left && right) return true;
  }
  return false;
}

// "nvidia geforce rtx 4090" and "geforce rtx 4090" name the same GPU.
std::string gpu_key(std::string_view name) {
  std::string key = lower(name);
  for (char& c : key)
    if (c == '-' || c == '_') c = ' ';
  constexpr std::string_view k_vendor = "nvidia ";
  if (key.starts_with(k_vendor)) key.erase(0, k_vendor.size());
  return key;
}

}  // namespace

const TorchRelease* KnowledgeBase::torch_release(const pep::Version& version) const {
  for (const auto& row : torch_releases)
    if (same_public(row.version, version)) return &row;
  return nullptr;
}

const TorchRelease* KnowledgeBase::torch_release_for_torchvision(const pep::Version& version) const {
  for (const auto& row : torch_releases)
    if (row.torchvision && same_public(*row.torchvision, version)) return &row;
  return nullptr;
}

const TorchRelease* KnowledgeBase::torch_release_for_torchaudio(const pep::Version& version) const {
  // torchaudio 2.11.0 serves more than one torch release: the first row is the
  // one it was built with (rows are in release order).
  for (const auto& row : torch_releases)
    if (row.torchaudio && same_public(*row.torchaudio, version)) return &row;
  return nullptr;
}

const TorchAbiRule* KnowledgeBase::torch_cxx11abi(const pep::Version& version, std::string_view variant) const {
  pep::Version public_version = version.public_version();
  std::string wanted(variant);
  if (wanted.empty()) {
    // The plain PyPI build is the release's default CUDA variant.
    if (const TorchRelease* release = torch_release(version)) wanted = release->pypi_cuda;
  }
  for (const auto& rule : torch_abi_rules) {
    if (!rule.torch.contains(public_version, true)) continue;
    if (rule.variants.empty() ||
        std::find(rule.variants.begin(), rule.variants.end(), wanted) != rule.variants.end())
      return &rule;
  }
  return nullptr;
}

const TorchArchList* KnowledgeBase::torch_arch_list(const pep::Version& version, std::string_view variant) const {
  std::string series = minor_series(version);
  for (const auto& row : torch_arch_lists)
    if (row.torch == series && row.variant == variant) return &row;
  return nullptr;
}

const CudaToolkit* KnowledgeBase::cuda_toolkit(const pep::Version& cuda) const {
  const CudaToolkit* best = nullptr;
  for (const auto& row : cuda_toolkits) {
    if (row.prerelease || !same_major_minor(row.version, cuda)) continue;
    if (best == nullptr || row.update < best->update) best = &row;
  }
  return best;
}

const CudaToolkit* KnowledgeBase::highest_cuda_for_driver(const pep::Version& driver) const {
  const uint64_t branch = driver.release()[0];
  const CudaToolkit* best = nullptr;
  for (const auto& row : cuda_toolkits) {
    if (row.prerelease || row.update != 0 || row.driver_linux.release()[0] > branch) continue;
    if (best == nullptr || row.version > best->version) best = &row;
  }
  return best;
}

const CudaToolkit* KnowledgeBase::cuda_toolkit_at_least(const pep::Version& cuda) const {
  const CudaToolkit* best = nullptr;
  for (const auto& row : cuda_toolkits) {
    if (row.prerelease || row.update != 0 || row.version.release()[0] != cuda.release()[0]) continue;
    if (row.version < cuda && !same_major_minor(row.version, cuda)) continue;
    if (best == nullptr || row.version < best->version) best = &row;
  }
  return best;
}

const PtxIsa* KnowledgeBase::ptx_isa(const pep::Version& isa) const {
  for (const auto& row : ptx_isas)
    if (row.isa == isa) return &row;
  return nullptr;
}

const CudaFamily* KnowledgeBase::cuda_family(int major) const {
  for (const auto& row : cuda_families)
    if (row.major == major) return &row;
  return nullptr;
}

const GpuArch* KnowledgeBase::gpu_arch(const pep::Version& compute_capability) const {
  for (const auto& row : gpu_archs)
    if (row.cc == compute_capability) return &row;
  return nullptr;
}

const GpuArch* KnowledgeBase::gpu_arch(std::string_view text) const {
  std::string key = lower(text);
  if (key.starts_with("sm_")) key.erase(0, 3);
  else if (key.starts_with("sm")) key.erase(0, 2);
  if (key.find('.') == std::string::npos) {
    // "86" -> "8.6", "120" -> "12.0": the last digit is the minor.
    if (key.size() < 2 || !std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return nullptr;
    key.insert(key.size() - 1, ".");
  }
  auto parsed = pep::Version::parse(key);
  if (!parsed) return nullptr;
  return gpu_arch(*parsed);
}

std::optional<GpuMatch> KnowledgeBase::gpu_by_name(std::string_view name) const {
  std::string key = gpu_key(name);
  // First the longest kb name inside the query ("NVIDIA A100-SXM4-80GB" holds
  // "A100"); else the shortest kb name holding the whole query ("RTX 4090" is
  // "GeForce RTX 4090").
  std::optional<GpuMatch> inside;
  std::size_t inside_length = 0;
  std::optional<GpuMatch> around;
  std::size_t around_length = 0;
  for (const auto& row : gpu_archs) {
    for (const auto& gpu : row.gpus) {
      std::string candidate = gpu_key(gpu);
      if (candidate.size() > inside_length && contains_words(key, candidate)) {
        inside = GpuMatch{&row, gpu};
        inside_length = candidate.size();
      } else if (!inside && (!around || candidate.size() < around_length) && contains_words(candidate, key)) {
        around = GpuMatch{&row, gpu};
        around_length = candidate.size();
      }
    }
  }
  return inside ? inside : around;
}

namespace {

// "NVIDIA GeForce RTX 4090" -> {"rtx", "4090"}: the words that tell GPUs apart.
std::vector<std::string> gpu_words(std::string_view name) {
  std::string key = gpu_key(name);
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < key.size()) {
    std::size_t end = key.find(' ', at);
    if (end == std::string::npos) end = key.size();
    std::string word = key.substr(at, end - at);
    if (!word.empty() && word != "nvidia" && word != "geforce" && word != "tesla") words.push_back(word);
    at = end + 1;
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

bool word_subset(const std::vector<std::string>& small, const std::vector<std::string>& large) {
  return !small.empty() && std::includes(large.begin(), large.end(), small.begin(), small.end());
}

}  // namespace

std::vector<const GpuMemory*> KnowledgeBase::gpu_memory(std::string_view name) const {
  std::vector<std::string> query = gpu_words(name);
  std::vector<const GpuMemory*> inside;
  std::size_t inside_words = 0;
  std::vector<const GpuMemory*> around;
  for (const auto& row : gpu_memories) {
    std::vector<std::string> spellings = row.aliases;
    spellings.insert(spellings.begin(), row.name);
    std::size_t best = 0;
    bool holds_query = false;
    for (const auto& spelling : spellings) {
      std::vector<std::string> words = gpu_words(spelling);
      if (word_subset(words, query)) best = std::max(best, words.size());
      if (word_subset(query, words)) holds_query = true;
    }
    if (best > inside_words) {
      inside = {&row};
      inside_words = best;
    } else if (best > 0 && best == inside_words) {
      inside.push_back(&row);
    }
    if (holds_query) around.push_back(&row);
  }
  return inside.empty() ? around : inside;
}

std::vector<const GpuMemory*> KnowledgeBase::gpu_memories_with_cc(const pep::Version& compute_capability) const {
  std::vector<const GpuMemory*> out;
  for (const auto& row : gpu_memories)
    if (row.cc && *row.cc == compute_capability) out.push_back(&row);
  return out;
}

const GpuOverhead* KnowledgeBase::gpu_overhead(std::string_view id) const {
  for (const auto& row : gpu_overheads)
    if (row.id == id) return &row;
  return nullptr;
}

const GpuFeature* KnowledgeBase::gpu_feature(std::string_view name) const {
  for (const auto& row : gpu_features)
    if (row.name == name) return &row;
  return nullptr;
}

const FlashAttnRelease* KnowledgeBase::flash_attn_release(const pep::Version& version) const {
  for (const auto& row : flash_attn_releases)
    if (same_public(row.version, version)) return &row;
  return nullptr;
}

std::vector<const FlashAttnBuild*> KnowledgeBase::flash_attn_builds_for(const pep::Version& version) const {
  std::vector<const FlashAttnBuild*> out;
  auto rows = m_flash_attn_builds_by_version.find(version.public_version());
  if (rows == m_flash_attn_builds_by_version.end()) return out;
  for (std::size_t row : rows->second) out.push_back(&flash_attn_builds[row]);
  return out;
}

std::optional<WheelEvidence> KnowledgeBase::flash_attn_wheel(const pep::Version& version, std::string_view cuda_tag,
                                                             std::string_view torch_minor, bool cxx11abi,
                                                             std::string_view python) const {
  std::string tag = lower(cuda_tag);
  for (const FlashAttnBuild* build : flash_attn_builds_for(version)) {
    if (build->cuda_tag != tag || build->torch != torch_minor) continue;
    bool abi = std::find(build->cxx11abi.begin(), build->cxx11abi.end(), cxx11abi) != build->cxx11abi.end();
    bool py = std::find(build->python.begin(), build->python.end(), python) != build->python.end();
    if (abi && py) return WheelEvidence{WheelEvidence::Kind::Matrix, &build->fact};
  }
  // Release assets seen elsewhere: compare the wheel name case-insensitively,
  // since lock files may record the normalised (lower-case) local label.
  std::string py_tag = "cp" + std::string(python);
  py_tag.erase(std::remove(py_tag.begin(), py_tag.end(), '.'), py_tag.end());
  std::string expected = lower("flash_attn-" + version.public_version().str() + "+" + tag + "torch" +
                               std::string(torch_minor) + "cxx11abi" + (cxx11abi ? "true" : "false") + "-" +
                               py_tag + "-" + py_tag + "-linux_x86_64.whl");
  for (const auto& row : flash_attn_observed)
    if (lower(row.filename) == expected) return WheelEvidence{WheelEvidence::Kind::Observed, &row.fact};
  return std::nullopt;
}

std::optional<Fact> KnowledgeBase::known_release(std::string_view name, const pep::Version& version,
                                                 std::optional<std::string>* date) const {
  std::string canonical = pep::canonicalize_name(name);
  for (const auto& row : package_releases) {
    if (row.name == canonical && same_public(row.version, version)) {
      if (date) *date = row.date;
      return row.fact;
    }
  }
  if (canonical == "torch") {
    if (const TorchRelease* release = torch_release(version)) {
      if (date) *date = release->date;
      return release->fact;
    }
  }
  if (canonical == "flash-attn") {
    if (const FlashAttnRelease* release = flash_attn_release(version)) {
      if (date) *date = std::nullopt;  // tag_date is a commit date, not a release date
      return release->fact;
    }
  }
  return std::nullopt;
}

std::vector<const PackageRelease*> KnowledgeBase::package_releases_of(std::string_view name) const {
  std::string canonical = pep::canonicalize_name(name);
  std::vector<const PackageRelease*> out;
  for (const auto& row : package_releases)
    if (row.name == canonical) out.push_back(&row);
  return out;
}

const TorchExtensionCheck* KnowledgeBase::torch_extension_check(const pep::Version& version) const {
  pep::Version public_version = version.public_version();
  for (const auto& check : torch_extension_checks)
    if (check.torch.contains(public_version, true)) return &check;
  return nullptr;
}

std::vector<const CouplingRule*> KnowledgeBase::rules_when(std::string_view name) const {
  std::string canonical = pep::canonicalize_name(name);
  std::vector<const CouplingRule*> out;
  for (const auto& rule : coupling_rules)
    if (normalises_to(rule.when.name, canonical)) out.push_back(&rule);
  return out;
}

const NumpyAbiRule* KnowledgeBase::numpy_abi(int headers) const {
  for (const auto& rule : numpy_abi_rules)
    if (rule.headers == headers) return &rule;
  return nullptr;
}

void KnowledgeBase::index_rows() {
  // Keys compare in PEP 440 order, where equal means same_public: 2.8 and
  // 2.8.0 share a list.
  m_flash_attn_builds_by_version.clear();
  for (std::size_t row = 0; row < flash_attn_builds.size(); ++row)
    m_flash_attn_builds_by_version[flash_attn_builds[row].version.public_version()].push_back(row);
}

std::size_t KnowledgeBase::row_count() const {
  return torch_releases.size() + torch_abi_rules.size() + torch_arch_lists.size() + torch_extension_checks.size() +
         cuda_toolkits.size() + cuda_families.size() + ptx_isas.size() + gpu_archs.size() + gpu_features.size() +
         cuda_targets.size() + gpu_memories.size() + gpu_overheads.size() +
         flash_attn_releases.size() + flash_attn_builds.size() + flash_attn_observed.size() +
         coupling_rules.size() + package_releases.size() + numpy_abi_rules.size();
}

}  // namespace mlstack::kb
