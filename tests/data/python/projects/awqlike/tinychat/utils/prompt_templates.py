from typing import TYPE_CHECKING, List

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizer


def get_prompter(model_type, model_path):
    return None
