// SPDX-License-Identifier: MIT
// The imports of one Python file, with the context that decides whether each
// one can fail the program: at module level or inside a function (lazy),
// guarded by `except ImportError` (optional), only for type checkers
// (`if TYPE_CHECKING:`), only on some interpreters or platforms
// (`if sys.version_info >= (3, 11):`), or never run (`if False:`).
//
//   import a.b as c                -> module "a.b", alias "c"
//   from ..x import y as z         -> module "x", level 2, name "y", alias "z"
//   importlib.import_module("p.q") -> module "p.q", form ImportModuleCall
//   __import__("p")                -> module "p", form DunderImportCall
//
// Relative imports keep their level here; resolve_relative() in layout.h maps
// them onto the package layout.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "project/python/sys_path.h"
#include "project/python/tokenizer.h"

namespace mlstack::project::python {

enum class ImportForm : std::uint8_t { Import, FromImport, ImportModuleCall, DunderImportCall };

const char* to_string(ImportForm form);

// What an import runs under beyond the flags of ImportRecord. Shared by the
// imports of one block: most imports have none, and a project keeps ~100,000
// records for its whole analysis, so a record holds a pointer, not the lists.
struct ImportCondition {
  // Attributes tested by enclosing `if`/`elif`/`else` conditions, outermost
  // first, split by the value they must have for the import to run:
  // `if args.flash_attn:` (and the `else:` of `if not args.flash_attn:`) puts
  // "flash_attn" in `guards`; `if not args.cpu:`, `if args.cpu is None:` and
  // the `else:` of `if args.cpu:` put "cpu" in `unset_guards`. An `elif` runs
  // with the conditions above it negated. Only `guards` map flags to imports.
  // Feature flags (`if HAS_APEX:` -> "HAS_APEX") and availability checks
  // (`if is_apex_available():` -> "is_apex_available()") are guards too.
  std::vector<std::string> guards;
  std::vector<std::string> unset_guards;
  // The innermost enclosing condition that is none of the flagged kinds
  // of ImportRecord, as written ("is_apex_available()", "not (args.cpu)",
  // "torch.cuda.is_available()"); empty when the import runs unconditionally.
  // An `if __name__ == "__main__":` is no condition here.
  std::string text;

  bool empty() const { return guards.empty() && unset_guards.empty() && text.empty(); }
  bool operator==(const ImportCondition&) const = default;
};

struct ImportRecord {
  std::string module;  // dotted name after `import` / `from` (without leading dots)
  std::string name;    // `from x import name`; "*" for a star import; empty otherwise
  std::string alias;   // name bound in the file: `c` in `import a.b as c`, `a` in `import a.b`
  std::uint32_t level = 0;  // leading dots of a relative import
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  ImportForm form = ImportForm::Import;

  bool lazy = false;         // inside a function body: runs only when called
  bool optional = false;     // in a `try:` body with an except clause catching ImportError
  bool fallback = false;     // inside an `except ImportError:` handler (the alternative)
  bool typing_only = false;  // under `if TYPE_CHECKING:`
  bool conditional = false;  // under a sys.version_info / sys.platform / os.name check
  bool dead = false;         // under `if False:` / `if 0:` / `while False:`
  std::shared_ptr<const ImportCondition> under;  // null when it has none

  const std::vector<std::string>& guards() const;
  const std::vector<std::string>& unset_guards() const;
  const std::string& condition() const;

  // The module the statement loads first: `a.b` for `import a.b`, `x` for
  // `from x import y` (the name may be a submodule or an attribute).
  std::string_view top_level() const;
  bool is_relative() const { return level > 0; }
};

struct DynamicImport {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string call;  // "importlib.import_module" or "__import__"
};

struct FileImports {
  std::vector<ImportRecord> imports;
  std::vector<DynamicImport> dynamic;  // import_module / __import__ of a non-literal
  std::uint32_t token_errors = 0;      // Error tokens met (the file is not valid Python)
  bool has_main_guard = false;         // a module-level `if __name__ == "__main__":`
  std::vector<SysPathEntry> sys_path;  // folders it adds with sys.path.insert / append
};

// Reads the imports of one file's source text. Never fails: malformed code
// yields what can be read, and token_errors says how much was not.
FileImports find_imports(std::string_view source);

// The same, calling `each` with the tokens of every statement read (compound
// headers included), so that other readers of the file share its one
// tokenization (the project scan reads attribute names this way).
FileImports find_imports(std::string_view source, const std::function<void(std::span<const Token>)>& each);

}  // namespace mlstack::project::python
