# Fixture: dataclasses for HfArgumentParser, one inheriting from another.
from dataclasses import dataclass


@dataclass
class BaseData:
    dataset_name: str = "wikitext"


@dataclass
class DataArguments(BaseData):
    max_seq_length: int = 512
    streaming: bool = False
