// SPDX-License-Identifier: MIT
// Where a model's bytes come from. A model is read through two small
// interfaces so that the same layout and header code serves a local folder,
// a remote repository read with HTTP range requests, and bytes in memory
// (tests, the fuzzer):
//   ByteSource  one file: its size and positioned reads of a few bytes;
//   ModelStore  a folder of files named by '/'-separated relative paths.
// Only headers are read: a 40 GiB checkpoint costs a few kilobytes per file.
// Every source counts the bytes it returned (ReadMeter), so a report can say
// how much of the model was actually read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace mlstack::model {

// Bytes returned by every read of a store's sources, and how many reads.
struct ReadMeter {
  std::uint64_t bytes = 0;
  std::uint64_t reads = 0;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The path or URL, for messages.
  virtual const std::string& name() const = 0;
  // Total size of the file in bytes.
  virtual std::uint64_t size() const = 0;
  // Up to `length` bytes from `offset`; fewer only where the file ends.
  virtual Expected<std::string, std::string> read(std::uint64_t offset, std::size_t length) = 0;
};

// Bytes held in memory (tests, the fuzzer, files a store has already read).
class MemoryByteSource : public ByteSource {
 public:
  MemoryByteSource(std::string name, std::string bytes, ReadMeter* meter = nullptr);
  const std::string& name() const override { return m_name; }
  std::uint64_t size() const override { return m_bytes.size(); }
  Expected<std::string, std::string> read(std::uint64_t offset, std::size_t length) override;

 private:
  std::string m_name;
  std::string m_bytes;
  ReadMeter* m_meter;
};

// A local file read with pread(2); nothing is mapped or read ahead.
class FileByteSource : public ByteSource {
 public:
  // Fails with "PATH: cannot open: REASON" or "PATH: is a directory".
  static Expected<std::unique_ptr<FileByteSource>, std::string> open(const std::string& path, ReadMeter* meter = nullptr);
  ~FileByteSource() override;
  FileByteSource(const FileByteSource&) = delete;
  FileByteSource& operator=(const FileByteSource&) = delete;

  const std::string& name() const override { return m_name; }
  std::uint64_t size() const override { return m_size; }
  Expected<std::string, std::string> read(std::uint64_t offset, std::size_t length) override;

 private:
  FileByteSource(std::string name, int fd, std::uint64_t size, ReadMeter* meter);
  std::string m_name;
  int m_fd = -1;
  std::uint64_t m_size = 0;
  ReadMeter* m_meter;
};

class ModelStore {
 public:
  virtual ~ModelStore() = default;
  // The path or URL of a file of the store, for messages and origins.
  virtual std::string display(std::string_view relative) const = 0;
  // Opens a file; a null pointer (not an error) when the store has no such
  // file, an error when it exists but cannot be read.
  virtual Expected<std::unique_ptr<ByteSource>, std::string> open(std::string_view relative) = 0;
  // File names directly in `folder` ("" for the root), sorted, when the store
  // can list folders (a local folder can; a web server need not).
  virtual std::optional<std::vector<std::string>> list(std::string_view folder) const = 0;
  // Whether `folder` exists, when the store can tell.
  virtual std::optional<bool> has_folder(std::string_view folder) const = 0;
  virtual const ReadMeter& meter() const = 0;
  // A hint that these files will be opened and their headers read: a remote
  // store asks for them all at once. Local stores ignore it.
  virtual void prefetch(std::span<const std::string> /*relative*/) {}

  // The whole of a small file (config.json, an index): nullopt when absent;
  // an error when it is larger than `limit` bytes or unreadable.
  Expected<std::optional<std::string>, std::string> read_text(std::string_view relative, std::size_t limit);
};

// A local folder.
class LocalModelStore : public ModelStore {
 public:
  explicit LocalModelStore(std::string root);
  std::string display(std::string_view relative) const override;
  Expected<std::unique_ptr<ByteSource>, std::string> open(std::string_view relative) override;
  std::optional<std::vector<std::string>> list(std::string_view folder) const override;
  std::optional<bool> has_folder(std::string_view folder) const override;
  const ReadMeter& meter() const override { return m_meter; }

 private:
  std::string m_root;
  ReadMeter m_meter;
};

// Files held in memory, keyed by relative path (tests).
class MemoryModelStore : public ModelStore {
 public:
  void add(std::string relative, std::string bytes);
  std::string display(std::string_view relative) const override;
  Expected<std::unique_ptr<ByteSource>, std::string> open(std::string_view relative) override;
  std::optional<std::vector<std::string>> list(std::string_view folder) const override;
  std::optional<bool> has_folder(std::string_view folder) const override;
  const ReadMeter& meter() const override { return m_meter; }

 private:
  std::vector<std::pair<std::string, std::string>> m_files;
  ReadMeter m_meter;
};

// "a/b" + "c" -> "a/b/c"; "" + "c" -> "c".
std::string join_path(std::string_view folder, std::string_view name);

}  // namespace mlstack::model
