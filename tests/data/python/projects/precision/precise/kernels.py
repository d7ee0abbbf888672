import triton


def compile_all():
    return triton
