# Fixture: HfArgumentParser with a class the project does not define.
import transformers

from clitool.train import ModelArguments


def main():
    parser = transformers.HfArgumentParser((ModelArguments, transformers.TrainingArguments))
    model_args, training_args = parser.parse_args_into_dataclasses()
    print(model_args, training_args)


if __name__ == "__main__":
    main()
