// SPDX-License-Identifier: MIT
#include "project/python/import_names.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "pep/name.h"

namespace mlstack::project::python {
namespace {

struct Case {
  const char* import_name;
  const char* distribution;
};

// One expectation per table row, written independently of the table.
constexpr Case k_cases[] = {
    {"Bio", "biopython"}, {"Crypto.Cipher", "pycryptodome"}, {"MySQLdb", "mysqlclient"},
    {"OpenGL.GL", "PyOpenGL"}, {"OpenSSL", "pyOpenSSL"}, {"PIL.Image", "pillow"}, {"absl.flags", "absl-py"},
    {"attr", "attrs"}, {"bs4", "beautifulsoup4"}, {"cv2", "opencv-python"}, {"dateutil.parser", "python-dateutil"},
    {"docx", "python-docx"}, {"dotenv", "python-dotenv"}, {"faiss", "faiss-cpu"}, {"fitz", "PyMuPDF"},
    {"flash_attn.flash_attn_interface", "flash-attn"}, {"gi.repository", "PyGObject"}, {"git", "GitPython"},
    {"github", "PyGithub"}, {"google.protobuf.message", "protobuf"}, {"grpc", "grpcio"}, {"jose", "python-jose"},
    {"jwt", "PyJWT"}, {"llama_cpp", "llama-cpp-python"}, {"magic", "python-magic"},
    {"multipart", "python-multipart"}, {"nacl", "PyNaCl"}, {"open_clip", "open-clip-torch"},
    {"pkg_resources", "setuptools"}, {"pptx", "python-pptx"}, {"pynvml", "nvidia-ml-py"}, {"serial", "pyserial"},
    {"skimage", "scikit-image"}, {"sklearn.linear_model", "scikit-learn"}, {"slugify", "python-slugify"},
    {"socks", "PySocks"}, {"umap", "umap-learn"}, {"usb.core", "pyusb"}, {"websocket", "websocket-client"},
    {"win32api", "pywin32"}, {"wx", "wxPython"}, {"yaml", "PyYAML"}, {"zmq", "pyzmq"},
};

class ImportNameRowTest : public ::testing::TestWithParam<Case> {};

TEST_P(ImportNameRowTest, MapsToItsDistribution) {
  DistributionGuess guess = distribution_for_import(GetParam().import_name);
  EXPECT_EQ(guess.distribution, GetParam().distribution);
  ASSERT_NE(guess.row, nullptr);
  EXPECT_FALSE(guess.row->source.empty());
}

INSTANTIATE_TEST_SUITE_P(PythonImportNames, ImportNameRowTest, ::testing::ValuesIn(k_cases),
                         [](const auto& param_info) {
                           std::string name = param_info.param.import_name;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(PythonImportNames, EveryRowHasACase) {
  EXPECT_EQ(import_name_rows().size(), std::size(k_cases));
}

TEST(PythonImportNames, RowsSortedUniqueAndRealMismatchesOrNamedInTheIssue) {
  auto rows = import_name_rows();
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LT(rows[i - 1].import_name, rows[i].import_name);
}

TEST(PythonImportNames, UnknownNamesMapToThemselves) {
  DistributionGuess guess = distribution_for_import("numpy.linalg");
  EXPECT_EQ(guess.distribution, "numpy");
  EXPECT_EQ(guess.row, nullptr);
  // `google` alone is a namespace shared by many distributions: no guess from the protobuf row.
  EXPECT_EQ(distribution_for_import("google.cloud.storage").row, nullptr);
}

// Rows marked "(top_level.txt)" are checked against this machine's Debian
// python3 packages, when those are installed.
TEST(PythonImportNames, MarkedRowsMatchInstalledTopLevelTxt) {
  namespace fs = std::filesystem;
  const fs::path site = "/usr/lib/python3/dist-packages";
  int checked = 0;
  std::error_code ec;
  for (const ImportNameRow& row : import_name_rows()) {
    if (row.source.find("(top_level.txt)") == std::string_view::npos) continue;
    std::string want = pep::canonicalize_name(row.distribution);
    for (const auto& entry : fs::directory_iterator(site, ec)) {
      std::string dir = entry.path().filename().string();
      auto dash = dir.find('-');
      if (dash == std::string::npos || pep::canonicalize_name(dir.substr(0, dash)) != want) continue;
      std::ifstream in(entry.path() / "top_level.txt");
      if (!in) continue;
      std::set<std::string> names;
      for (std::string line; std::getline(in, line);) names.insert(line);
      EXPECT_TRUE(names.count(std::string(row.import_name))) << dir << " does not list " << row.import_name;
      ++checked;
      break;
    }
  }
  if (checked == 0) GTEST_SKIP() << "no marked distribution installed under " << site;
  std::printf("checked %d rows against top_level.txt\n", checked);
}

}  // namespace
}  // namespace mlstack::project::python
