"""Module docstring that mentions
import not_a_module
from fake import thing
"""
import os  # import commented_out

# from commented import nothing
x = "import in_a_string"
y = 'from also_not import this'
z = r'\' import raw_string \''

import json; w = """
import in_triple
"""

value = 1 + \
    2
from real_after_continuation \
    import real_after_continuation

if False:
    import dead_module

call(
    "from pkg import sub"); from pkg import sub


def f():
    """import in_function_docstring"""
    s = f"{'import' + ' x'} {x!r:>{width}} {d["import y"]}"
    import nested_ok


import after_fstrings

t = f'''
{x
 # import in_fstring_comment
}'''
try: import yaml
except ImportError: pass
match os.name:
    case "posix": import matched
    case _: pass
