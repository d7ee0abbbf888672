# Fixture: HfArgumentParser over dataclasses of the project (never run).
from dataclasses import dataclass, field
from typing import ClassVar, Optional

from transformers import HfArgumentParser

from clitool.arguments import DataArguments


@dataclass
class ModelArguments:
    model_name_or_path: str = field(metadata={"help": "Model id or path"})
    use_fast_tokenizer: bool = field(default=True, metadata={"help": "Use a fast tokenizer"})
    lora: bool = False
    lora_rank: int = field(default=8, metadata={"aliases": ["--rank", "-r"]})
    cache_dir: Optional[str] = None
    seeds: list = field(default_factory=list)
    computed: int = field(default=0, init=False)
    VERSION: ClassVar[int] = 1
    _argument_group_name = "model"

    def describe(self) -> str:
        note: str = "not a field"
        return note


def main():
    parser = HfArgumentParser((ModelArguments, DataArguments))
    model_args, data_args = parser.parse_args_into_dataclasses()
    print(model_args, data_args)


if __name__ == "__main__":
    main()
