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
    // The ML ecosystem: names that differ, and the most imported ones whose names match.
    {"hydra", "hydra-core"}, {"whisper", "openai-whisper"}, {"cuda.bindings", "cuda-python"}, {"fastchat.model", "fschat"},
    {"mmseg.apis", "mmsegmentation"}, {"awq", "autoawq"}, {"flashinfer", "flashinfer-python"},
    {"modelopt.torch", "nvidia-modelopt"}, {"megatron.core.parallel_state", "megatron-core"}, {"cutlass", "nvidia-cutlass"},
    {"tensorrt_llm", "tensorrt-llm"}, {"gptqmodel", "gptqmodel"}, {"apex.amp", ""}, {"detectron2.config", ""},
    {"pytorch3d.ops", ""}, {"torch.nn", "torch"}, {"torchvision", "torchvision"}, {"torchaudio", "torchaudio"},
    {"numpy.linalg", "numpy"}, {"scipy", "scipy"}, {"pandas", "pandas"}, {"matplotlib.pyplot", "matplotlib"},
    {"tqdm.auto", "tqdm"}, {"requests", "requests"}, {"packaging.version", "packaging"}, {"psutil", "psutil"},
    {"regex", "regex"}, {"transformers", "transformers"}, {"datasets", "datasets"}, {"accelerate", "accelerate"},
    {"diffusers", "diffusers"}, {"peft", "peft"}, {"trl", "trl"}, {"safetensors.torch", "safetensors"},
    {"tokenizers", "tokenizers"}, {"evaluate", "evaluate"}, {"huggingface_hub", "huggingface-hub"}, {"optimum", "optimum"},
    {"timm", "timm"}, {"sentence_transformers", "sentence-transformers"}, {"einops", "einops"},
    {"bitsandbytes", "bitsandbytes"}, {"deepspeed", "deepspeed"}, {"xformers.ops", "xformers"}, {"triton", "triton"},
    {"vllm", "vllm"}, {"liger_kernel", "liger-kernel"}, {"mamba_ssm", "mamba-ssm"}, {"causal_conv1d", "causal-conv1d"},
    {"auto_gptq", "auto-gptq"}, {"exllamav2", "exllamav2"}, {"unsloth", "unsloth"}, {"wandb", "wandb"},
    {"tensorboard", "tensorboard"}, {"tensorboardX", "tensorboardX"}, {"gradio", "gradio"}, {"streamlit", "streamlit"},
    {"streamlit_chat", "streamlit-chat"}, {"sentencepiece", "sentencepiece"}, {"tiktoken", "tiktoken"}, {"openai", "openai"},
    {"nltk", "nltk"}, {"jieba", "jieba"}, {"rouge_score", "rouge-score"}, {"pycocotools.coco", "pycocotools"},
    {"kornia", "kornia"}, {"lpips", "lpips"}, {"onnx", "onnx"}, {"onnxruntime", "onnxruntime"}, {"tensorrt", "tensorrt"},
    {"jax.numpy", "jax"}, {"flax", "flax"}, {"optax", "optax"}, {"tensorflow", "tensorflow"}, {"keras", "keras"},
    {"tensorflow_datasets", "tensorflow-datasets"}, {"decord", "decord"}, {"av", "av"}, {"fire", "fire"}, {"ray", "ray"},
    {"omegaconf", "omegaconf"}, {"webdataset", "webdataset"}, {"ftfy", "ftfy"}, {"h5py", "h5py"}, {"lmdb", "lmdb"},
    {"fairscale", "fairscale"}, {"optuna", "optuna"}, {"pytorch_lightning", "pytorch-lightning"},
    {"lightning", "lightning"}, {"torchmetrics", "torchmetrics"}, {"mmcv", "mmcv"}, {"mmdet", "mmdet"},
    {"mmengine", "mmengine"}, {"Levenshtein", "Levenshtein"}, {"editdistance", "editdistance"},
    {"word2number", "word2number"}, {"cpm_kernels", "cpm-kernels"}, {"mdtex2html", "mdtex2html"}, {"seaborn", "seaborn"},
    {"imageio", "imageio"}, {"soundfile", "soundfile"}, {"librosa", "librosa"}, {"rich", "rich"}, {"click", "click"},
    {"fastapi", "fastapi"}, {"uvicorn", "uvicorn"}, {"pydantic", "pydantic"}, {"httpx", "httpx"}, {"aiohttp", "aiohttp"},
    {"boto3", "boto3"}, {"jsonlines", "jsonlines"}, {"orjson", "orjson"}, {"ujson", "ujson"}, {"termcolor", "termcolor"},
    {"tabulate", "tabulate"}, {"colorama", "colorama"}, {"shortuuid", "shortuuid"}, {"markdown2", "markdown2"},
    {"nh3", "nh3"}, {"pycuda.driver", "pycuda"}, {"nvtx", "nvtx"}, {"cupy", "cupy"}, {"torch_xla.core", "torch-xla"},
    {"intel_extension_for_pytorch", "intel-extension-for-pytorch"}, {"transformer_engine.pytorch", "transformer-engine"},
    {"segment_anything", "segment-anything"}, {"open_flamingo", "open-flamingo"}, {"iopath", "iopath"},
    {"braceexpand", "braceexpand"},
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
  DistributionGuess guess = distribution_for_import("quack.kernels");
  EXPECT_EQ(guess.distribution, "quack");
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
