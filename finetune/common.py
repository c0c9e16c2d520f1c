"""Shared by the kit's scripts: the catalogue's base models (bases.json), reading and hashing the
JSONL ragtune exports, and Gemma's missing system role. Standard library only."""

import argparse
import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROVENANCE = "ragtune-training.json"


def load_bases():
    """The base models the kit trains on, by key (the catalogue's families; see bases.json)."""
    with open(HERE / "bases.json", encoding="utf-8") as f:
        return json.load(f)


def base_arg(value):
    """argparse type: a key of bases.json, named in the error when it is not one."""
    bases = load_bases()
    if value not in bases:
        raise argparse.ArgumentTypeError(
            f"unknown base {value!r}; choose one of: {', '.join(sorted(bases))}"
        )
    return value


def positive_int(value):
    n = int(value)
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number above 0")
    return n


def positive_float(value):
    x = float(value)
    if not x > 0:
        raise argparse.ArgumentTypeError(f"{value} is not a number above 0")
    return x


def sha256_file(path):
    """SHA-256 of a file's bytes as lower-case hex: what ragtune shows beside each training file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_examples(path):
    """The JSONL's examples as lists of messages. Lines are split on "\\n" only: JSON text may
    hold U+2028, which str.splitlines() would wrongly treat as a line end."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    return [json.loads(line)["messages"] for line in lines if line]


def fold_system(messages):
    """Moves system text into the first user message, for templates with no system role
    (Gemma), as ragtune does for Gemma in the browser (generate/webllm/templates.ts)."""
    system = [m["content"] for m in messages if m["role"] == "system"]
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if not system:
        return rest
    for m in rest:
        if m["role"] == "user":
            m["content"] = "\n\n".join(system) + "\n\n" + m["content"]
            break
    return rest
