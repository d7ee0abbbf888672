import torch.nn as nn


def get_op_by_name(module, op_name):
    for name, m in module.named_modules():
        if name == op_name:
            return m
    raise ValueError(f"Cannot find op {op_name} in module {module}")


def set_op_by_name(layer, name, new_module):
    setattr(layer, name, new_module)


def get_op_name(module, op):
    return None
