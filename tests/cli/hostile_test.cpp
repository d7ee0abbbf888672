// SPDX-License-Identifier: MIT
// Hostile input, end to end (issue 21, docs/security.md): each case of
// tests/data/hostile/make_hostile.py, generated at test time into a
// temporary folder, is run through the built mlstack with a time limit; the
// exit status and the message are asserted, and so is what must not happen
// (a crash, a hang, a secret printed, a program of the tree run).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunOptions with_env(std::vector<std::string> env) {
  RunOptions options;
  options.env = std::move(env);
  return options;
}

RunOptions with_timeout(int seconds) {
  RunOptions options;
  options.timeout_seconds = seconds;
  return options;
}

RunOptions with_input(std::string input) {
  RunOptions options;
  options.input = std::move(input);
  return options;
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/mlstack-hostile-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    m_dir = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);  // links are removed, never followed
  }

  // Writes one case of make_hostile.py and returns its folder.
  std::string make(const std::string& name) {
    std::string command = "python3 '" MLSTACK_SOURCE_DIR "/tests/data/hostile/make_hostile.py' '" + m_dir + "' " + name;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return m_dir + "/" + name;
  }

  static RunResult run(const std::vector<std::string>& args, RunOptions options = {}) {
    if (options.timeout_seconds == 60) options.timeout_seconds = 30;
    RunResult r = run_mlstack_with(args, options);
    EXPECT_FALSE(r.timed_out) << "mlstack ran past " << options.timeout_seconds << " s (a hang or a blow-up)";
    EXPECT_LT(r.exit_code, 3) << "crashed: " << r.err.substr(0, 2000);
    return r;
  }

  static json findings(const RunResult& r) {
    json doc = json::parse(r.out, nullptr, false);
    if (doc.is_discarded() || !doc.contains("findings")) {
      ADD_FAILURE() << "not a JSON document: " << r.out.substr(0, 500) << r.err.substr(0, 500);
      return json::array();
    }
    json out = doc["findings"];
    return out;
  }

  // The first finding of `rule` (and, when given, whose message holds `text`).
  static json finding(const json& all, const std::string& rule, const std::string& text = {}) {
    for (const auto& f : all)
      if (f["rule"] == rule && (text.empty() || f["message"].get<std::string>().find(text) != std::string::npos)) return f;
    return json();
  }

  static std::string where(const json& f) {
    if (f.is_null() || f["origins"].empty()) return {};
    const json& o = f["origins"][0];
    std::string out = o.value("path", "");
    if (o.contains("line")) out += ":" + std::to_string(o["line"].get<int>());
    return out;
  }

  std::string m_dir;
};

TEST_F(Hostile, DependencyGroupChainThousandsDeepIsANestingFindingNotACrash) {
  std::string dir = make("group-chain");
  RunResult r = run({"scan", dir, "--no-code", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2);
  json f = finding(findings(r), "input.nesting-limit");
  ASSERT_FALSE(f.is_null()) << r.out.substr(0, 2000);
  EXPECT_NE(f["message"].get<std::string>().find("more than 64 levels deep"), std::string::npos) << f;
  EXPECT_EQ(where(f).rfind("pyproject.toml:", 0), 0u) << f;
}

TEST_F(Hostile, DependencyGroupsIncludingTheNextTwiceStayLinear) {
  std::string dir = make("group-doubling");
  RunResult r = run({"scan", dir, "--no-code", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json doc = json::parse(r.out);
  std::size_t in_g0 = 0, total = 0;
  for (const auto& q : doc["requirements"]) {
    ++total;
    if (q.value("group", "") == "g0") ++in_g0;
  }
  EXPECT_EQ(in_g0, 2u) << "numpy and torch once each, not 2^16 times";
  EXPECT_EQ(total, 17u * 2u);
  EXPECT_LT(r.max_rss_kb, 512 * 1024);
}

TEST_F(Hostile, SetupPyListNested10000DeepIsReportedNotACrash) {
  std::string dir = make("setup-nested");
  RunResult r = run({"scan", dir, "--no-code", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json f = finding(findings(r), "setup-py.dynamic", "nested more than 100 levels deep");
  ASSERT_FALSE(f.is_null()) << r.out.substr(0, 2000);
  EXPECT_EQ(where(f), "setup.py:2") << f;
}

TEST_F(Hostile, SetupPyDoublingListsAndStringsHitTheSizeLimit) {
  std::string dir = make("setup-doubling");
  RunResult r = run({"scan", dir, "--no-code", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json all = findings(r);
  json f = finding(all, "setup-py.dynamic", "expands past 10000 values");
  ASSERT_FALSE(f.is_null()) << r.out.substr(0, 3000);
  EXPECT_EQ(where(f).rfind("setup.py:", 0), 0u) << f;
  EXPECT_LT(r.max_rss_kb, 512 * 1024);
}

TEST_F(Hostile, SetupPyThatIsNotPythonIsAnInputError) {
  std::string dir = make("setup-syntax");
  RunResult r = run({"scan", dir, "--no-code"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("error[input.python-syntax]: not valid Python: `)` does not match `[` opened at line 5"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--> setup.py:7:1"), std::string::npos) << r.out;
}

TEST_F(Hostile, ReadmeWith100000EmptyFencesIsReadInLinearTime) {
  std::string dir = make("readme-fences");
  RunResult r = run({"scan", dir, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"torch==2.3.0\""), std::string::npos);
}

TEST_F(Hostile, ThousandsOfRequirementLinesAreChecked) {
  std::string dir = make("requirements-lines");
  RunResult r = run({"check", dir, "--no-env", "--format", "json"});
  EXPECT_LT(r.exit_code, 2) << r.err.substr(0, 1000);
  EXPECT_NE(r.out.find("package-3999"), std::string::npos);
}

TEST_F(Hostile, LongDockerfileStaysSmall) {
  std::string dir = make("dockerfile-lines");
  RunResult r = run({"scan", dir, "--no-code", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 1000);
  EXPECT_NE(r.out.find("package-4999==1.9"), std::string::npos);
  EXPECT_LT(r.max_rss_kb, 1024 * 1024);
}

TEST_F(Hostile, RecordOf200000RowsIsReadInLinearTime) {
  std::string dir = make("record-rows");
  RunResult r = run({"env", "--site", dir + "/site-packages", "--no-tools", "--format", "json"},
                    with_env({"MLSTACK_PROC_ROOT=/nonexistent"}));
  EXPECT_LT(r.exit_code, 2) << r.err.substr(0, 1000);
  EXPECT_NE(r.out.find("\"big\""), std::string::npos);
}

TEST_F(Hostile, OneGibMetadataIsReadOnlyToTheEndOfItsHeaders) {
  std::string dir = make("metadata-huge");
  RunResult r = run({"env", "--site", dir + "/site-packages", "--no-tools", "--format", "json"},
                    with_env({"MLSTACK_PROC_ROOT=/nonexistent"}));
  EXPECT_EQ(r.exit_code, 2) << "headers that never end are an input error";
  EXPECT_NE(r.out.find("\"fine\""), std::string::npos);
  EXPECT_NE(r.out.find("\"huge\""), std::string::npos) << "its headers end before its 1 GiB body";
  EXPECT_LT(r.max_rss_kb, 256 * 1024) << "METADATA was read whole";
  json f = finding(findings(r), "input.dist-metadata-too-large");
  ASSERT_FALSE(f.is_null()) << r.out.substr(0, 2000);
  EXPECT_NE(where(f).find("endless-1.0.dist-info/METADATA"), std::string::npos) << f;
}

TEST_F(Hostile, FifosAndSocketsNamedLikeManifestsAreSkippedWithANote) {
  std::string dir = make("special-files");
  RunResult r = run({"scan", dir, "--format", "json"}, with_timeout(20));
  json all = findings(r);
  for (const char* path : {"requirements-dev.txt", "pyproject.toml", "environment.yml", "README.md", "src/app.py"}) {
    bool noted = false;
    for (const auto& f : all)
      if (f["rule"] == "input.special-file" && where(f) == path) {
        noted = true;
        EXPECT_EQ(f["severity"], "info");
        EXPECT_NE(f["message"].get<std::string>().find("not a regular file; skipped"), std::string::npos) << f;
      }
    EXPECT_TRUE(noted) << path << "\n" << all.dump(1);
  }
  // An explicit -r of a FIFO is an error at its line; the rest of the file is read.
  json include = finding(all, "input.requirements-include", "extra-requirements.txt");
  ASSERT_FALSE(include.is_null()) << all.dump(1);
  EXPECT_EQ(where(include), "requirements.txt:2");
  EXPECT_EQ(include["message"], "included file `extra-requirements.txt` cannot be read: is a FIFO (named pipe), not a "
                                "regular file; skipped")
      << include;
  EXPECT_NE(r.out.find("\"numpy==1.26.4\""), std::string::npos);
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(Hostile, LinksOutOfTheProjectAreReportedAndNeverRead) {
  std::string dir = make("symlinks-out");
  for (const char* format : {"text", "json"}) {
    RunResult r = run({"scan", dir + "/project", "--format", format}, with_timeout(20));
    EXPECT_EQ(r.out.find("SECRET"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("SECRET"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("secret_module_never_read"), std::string::npos) << r.out;
  }
  RunResult r = run({"scan", dir + "/project", "--format", "json"});
  json all = findings(r);
  for (const char* path : {"rootfs", "parent", "requirements-secret.txt", "constraints.txt", "docs/install.md", "linked.py"}) {
    bool reported = false;
    for (const auto& f : all) reported |= f["rule"] == "input.symlink-outside" && where(f) == path;
    EXPECT_TRUE(reported) << path << "\n" << all.dump(1);
  }
  json include = finding(all, "input.requirements-include", "points outside the project");
  EXPECT_EQ(where(include), "requirements-include.txt:1") << all.dump(1);
  EXPECT_NE(r.out.find("\"torch==2.3.0\""), std::string::npos) << "a link inside the project is followed";
  EXPECT_NE(r.out.find("\"scipy==1.13.0\""), std::string::npos);
}

TEST_F(Hostile, EscapeSequencesFromTheTreeAndTheEnvironmentAreShownEscaped) {
  std::string dir = make("escapes");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"scan", dir + "/project"},
           {"scan", dir + "/project", "--format", "markdown"},
           {"env", "--site", dir + "/site-packages", "--no-tools"},
           {"env", "--site", dir + "/site-packages", "--no-tools", "--format", "markdown"}}) {
    RunResult r = run(args, with_env({"MLSTACK_PROC_ROOT=/nonexistent"}));
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << args[0] << " " << args.back() << "\n" << r.out;
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("\\x1b"), std::string::npos) << "the escape is shown, not dropped:\n" << r.out;
  }
}

TEST_F(Hostile, CredentialsInIndexUrlsAreMaskedInEveryFormat) {
  std::string dir = make("credentials");
  for (const char* format : {"text", "json", "markdown"}) {
    // --verbose: text shows the index table only when every section is asked for.
    RunResult r = run({"--verbose", "scan", dir, "--format", format}, with_env({"COLUMNS=250"}));
    for (const char* secret : {"s3cr3t-pass", "gh0-token-xyz", "hunter2-pw", "p4ss-word"}) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << format << ": " << secret << "\n" << r.out;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << format << ": " << secret;
    }
    EXPECT_NE(r.out.find("alice:****@pypi.example.com"), std::string::npos) << format << "\n" << r.out;
  }
}

TEST_F(Hostile, UvLockWithWrongTypesIsAnErrorPerField) {
  std::string dir = make("uv-lock-types");
  RunResult r = run({"scan", dir, "--no-code", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2);
  json all = findings(r);
  json top = finding(all, "input.lock-type", "`requires-python` must be a string, not an integer");
  EXPECT_EQ(where(top), "uv.lock:2") << all.dump(1);
  json name = finding(all, "input.lock-type", "[[package]] `name` must be a string, not an integer");
  EXPECT_EQ(where(name), "uv.lock:5") << all.dump(1);
  json version = finding(all, "input.lock-type", "[[package]] `version` must be a string, not an array");
  EXPECT_EQ(where(version), "uv.lock:10") << all.dump(1);
  json deps = finding(all, "input.lock-type", "[[package]] `dependencies` must be an array, not a string");
  EXPECT_EQ(where(deps), "uv.lock:15") << all.dump(1);
}

TEST_F(Hostile, KbFolderOfEmptyFilesIsAnErrorAndAFifoIsSkipped) {
  std::string dir = make("kb-empty");
  const std::string project = MLSTACK_SOURCE_DIR "/examples/tinyquant";
  RunResult empty = run({"check", project, "--no-env", "--kb", dir + "/empty", "--format", "json"});
  EXPECT_EQ(empty.exit_code, 2);
  json f = finding(findings(empty), "input.kb-empty");
  ASSERT_FALSE(f.is_null()) << empty.out.substr(0, 2000);
  EXPECT_NE(f["message"].get<std::string>().find("holds no tables"), std::string::npos);
  RunResult fifo = run({"check", project, "--no-env", "--kb", dir + "/fifo", "--format", "json"}, with_timeout(20));
  json skipped = finding(findings(fifo), "input.kb-special-file");
  ASSERT_FALSE(skipped.is_null()) << fifo.out.substr(0, 2000);
  EXPECT_NE(skipped["message"].get<std::string>().find("not a regular file"), std::string::npos);
}

TEST_F(Hostile, EnvFileFifoIsRefusedAndStandardInputIsRead) {
  std::string dir = make("env-file-fifo");
  const std::string project = MLSTACK_SOURCE_DIR "/tests/data/projects/transitive";
  RunResult fifo = run({"scan", project, "--env-file", dir + "/env.json"}, with_timeout(20));
  EXPECT_EQ(fifo.exit_code, 2);
  EXPECT_NE(fifo.out.find("is a FIFO (named pipe), not a regular file; not read"), std::string::npos) << fifo.out;

  std::ifstream saved(MLSTACK_SOURCE_DIR "/tests/data/env/saved/h100-torch-cu121.json");
  std::stringstream text;
  text << saved.rdbuf();
  for (const char* name : {"-", "/dev/stdin"}) {
    RunResult r = run({"check", MLSTACK_SOURCE_DIR "/examples/tinyquant", "--env-file", name, "--format", "json"},
                      with_input(text.str()));
    EXPECT_LT(r.exit_code, 2) << name << ": " << r.out.substr(0, 1500) << r.err;
    EXPECT_NE(r.out.find("2.3.0+cu121"), std::string::npos) << name << ": the saved torch is seen";
  }
  // A shell's process substitution: /dev/fd/N, a pipe.
  std::string command = "bash -c '\"$0\" check \"$1\" --env-file <(cat \"$2\") --format json > \"$3\"' " MLSTACK_BINARY
                        " " MLSTACK_SOURCE_DIR "/examples/tinyquant " MLSTACK_SOURCE_DIR
                        "/tests/data/env/saved/h100-torch-cu121.json " +
                        m_dir + "/substituted.json";
  int status = std::system(command.c_str());
  EXPECT_LT(WEXITSTATUS(status), 2) << command;
  std::ifstream out(m_dir + "/substituted.json");
  std::stringstream produced;
  produced << out.rdbuf();
  EXPECT_NE(produced.str().find("2.3.0+cu121"), std::string::npos) << produced.str().substr(0, 1000);
}

TEST_F(Hostile, NoInterpreterOrToolIsRunFromTheTreeThroughPath) {
  std::string dir = make("python-on-path");
  std::string repo = dir + "/repo";
  std::vector<std::string> clean = {"-VIRTUAL_ENV", "-CONDA_PREFIX", "MLSTACK_PROC_ROOT=/nonexistent"};
  auto with = [&](std::string path) {
    RunOptions options = with_env(clean);
    options.cwd = repo;
    options.env.push_back("PATH=" + path);
    return options;
  };
  // Relative entries: never searched.
  RunResult relative = run({"env"}, with(".:bin::/nonexistent"));
  EXPECT_EQ(relative.exit_code, 2);
  EXPECT_NE(relative.out.find("no environment found"), std::string::npos) << relative.out;
  // An absolute entry inside the analysed project: not searched either.
  RunResult inside = run({"scan", ".", "--env"}, with(repo + ":" + repo + "/bin"));
  EXPECT_NE(inside.out.find("no environment found"), std::string::npos) << inside.out;
  EXPECT_FALSE(fs::exists(dir + "/ran")) << "a program of the analysed tree was run";
  // The interpreter found on PATH is named with --verbose: read from its
  // files when they say enough, and when it must run, the command line.
  if (fs::exists("/usr/bin/python3")) {
    RunResult verbose = run({"--verbose", "env", "--no-tools"}, with(".:/usr/bin"));
    bool read = verbose.err.find("/usr/bin/python3 read from its files, not run") != std::string::npos;
    bool ran = verbose.err.find("mlstack: running /usr/bin/python3 -I -c <sys.path probe") != std::string::npos;
    EXPECT_TRUE(read || ran) << verbose.err;
  }
  EXPECT_FALSE(fs::exists(dir + "/ran")) << "a program of the analysed tree was run";
}

TEST_F(Hostile, DeeplyNestedDocumentsAreErrorsNotCrashes) {
  std::string dir = make("deep-nesting");
  for (const char* sub : {"yaml", "yaml-flow", "toml", "toml-tables", "lock"}) {
    RunResult r = run({"scan", dir + "/" + sub, "--no-code", "--format", "json"});
    EXPECT_EQ(r.exit_code, 2) << sub << ": " << r.out.substr(0, 1000) << r.err.substr(0, 1000);
  }
  for (const char* sub : {"json", "json-object"}) {
    RunResult r = run({"check", MLSTACK_SOURCE_DIR "/examples/tinyquant", "--env-file", dir + "/" + sub + "/env.json"});
    EXPECT_EQ(r.exit_code, 2) << sub << ": " << r.out.substr(0, 1000) << r.err.substr(0, 1000);
  }
}

// --output: through a temporary created exclusively beside the target.
TEST_F(Hostile, OutputNeverFollowsAPlantedLinkAndConcurrentRunsAllSucceed) {
  const std::string project = MLSTACK_SOURCE_DIR "/examples/tinyquant";
  std::string victim = m_dir + "/victim.txt";
  std::ofstream(victim) << "keep me\n";
  std::string target = m_dir + "/out.json";
  // The old fixed temporary name, planted as a link to the victim.
  fs::create_symlink(victim, target + ".mlstack-tmp");
  RunResult r = run({"scan", project, "--no-code", "--format", "json", "--output", target});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream kept(victim);
  std::string line;
  std::getline(kept, line);
  EXPECT_EQ(line, "keep me");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(target)));
  // A link at the target itself is replaced, not written through.
  fs::remove(target);
  fs::create_symlink(victim, target);
  r = run({"scan", project, "--no-code", "--format", "json", "--output", target});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(target)));
  std::ifstream still(victim);
  std::getline(still, line);
  EXPECT_EQ(line, "keep me");
  // What a killed run may leave (a stale hidden temporary, a folder at the old
  // fixed name) does not trip a later run.
  std::ofstream(m_dir + "/.out.json.mlstack-AAAAAA") << "{half";
  fs::remove(target + ".mlstack-tmp");
  fs::create_directory(target + ".mlstack-tmp");
  r = run({"scan", project, "--no-code", "--format", "json", "--output", target});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Six runs at once, one target: each succeeds, the file is one whole document.
  std::string command = "bash -c 'rc=0; pids=(); for i in 1 2 3 4 5 6; do \"$0\" scan \"$1\" --no-code --format json "
                        "--output \"$2\" & pids+=($!); done; for p in \"${pids[@]}\"; do wait $p || rc=1; done; exit $rc' "
                        MLSTACK_BINARY " " + project + " " + target;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream written(target);
  std::stringstream text;
  text << written.rdbuf();
  EXPECT_FALSE(json::parse(text.str(), nullptr, false).is_discarded());
  std::size_t temporaries = 0;
  for (const auto& entry : fs::directory_iterator(m_dir))
    temporaries += entry.path().filename().string().find(".mlstack-") != std::string::npos &&
                   entry.path().filename() != ".out.json.mlstack-AAAAAA" &&
                   entry.path().filename() != "out.json.mlstack-tmp";
  EXPECT_EQ(temporaries, 0u) << "a successful run leaves no temporary";
  // A device is written in place, never replaced.
  r = run({"scan", project, "--no-code", "--output", "/dev/null"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

}  // namespace
}  // namespace mlstack::testing
