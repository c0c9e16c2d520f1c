"""Prints the vLLM command that serves an unmerged LoRA adapter over its base
(--enable-lora --lora-modules), for ragtune's OpenAI-compatible endpoint. Standard library only.

    python3 vllm_command.py --adapter adapter --name my-finetune
"""

import argparse
import json
import shlex
import sys
from pathlib import Path

VLLM_DEFAULT_MAX_LORA_RANK = 16


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--adapter", required=True, help="the folder train_lora.py wrote")
    p.add_argument("--name", default="ragtune-finetune",
                   help="the model name clients ask for (default: ragtune-finetune)")
    p.add_argument("--port", type=int, default=8000)
    return p


def command(adapter, name, port):
    path = Path(adapter, "adapter_config.json")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path} cannot be read ({error}): is {adapter} an adapter folder?")
    base = config.get("base_model_name_or_path")
    if not isinstance(base, str) or not base:
        raise SystemExit(f"{path} does not name its base model (base_model_name_or_path).")
    args = ["vllm", "serve", base, "--enable-lora", "--lora-modules",
            f"{name}={Path(adapter).resolve()}", "--port", str(port)]
    rank = config.get("r")
    if isinstance(rank, int) and rank > VLLM_DEFAULT_MAX_LORA_RANK:
        args += ["--max-lora-rank", str(rank)]
    return args


def main(argv=None):
    args = build_parser().parse_args(argv)
    print(shlex.join(command(args.adapter, args.name, args.port)))
    print(f"Then ask for the model {args.name!r} at http://localhost:{args.port}/v1", file=sys.stderr)


if __name__ == "__main__":
    main()
