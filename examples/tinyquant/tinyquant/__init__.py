"""tinyquant: activation-aware 4-bit weight quantization."""

__version__ = "0.3.1"
