"""Calibration data loading."""
from datasets import load_dataset


def load_calibration(name, tokenizer, n_samples=128, block_size=512):
    if name != "pileval":
        raise ValueError(f"unknown calibration set {name}")
    data = load_dataset("mit-han-lab/pile-val-backup", split="validation")
    samples = []
    for row in data.select(range(n_samples)):
        ids = tokenizer(row["text"], return_tensors="pt").input_ids[:, :block_size]
        samples.append(ids)
    return samples
