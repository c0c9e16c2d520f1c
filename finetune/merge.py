"""Merges a LoRA adapter into its base (PEFT merge_and_unload) and saves the full model with its
tokenizer: the input of to_webllm.py and to_onnx.py. Runs on a CPU; needs RAM for the base in
16 bits plus a copy (about 4 GB for Qwen2.5-0.5B, 35 GB for a 7-8B base).

    python3 merge.py --adapter adapter --out merged
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

from common import PROVENANCE


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--adapter", required=True, help="the folder train_lora.py wrote")
    p.add_argument("--out", required=True, help="folder for the merged model (created)")
    p.add_argument("--dtype", choices=("float16", "bfloat16"), default="float16",
                   help="weights of the merged model (MLC and Optimum both read float16)")
    return p


def base_of(adapter):
    """The base model the adapter was trained on, from PEFT's adapter_config.json."""
    path = Path(adapter, "adapter_config.json")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"{path} cannot be read ({error}): is {adapter} an adapter folder from "
                 "train_lora.py?")
    base = config.get("base_model_name_or_path")
    if not isinstance(base, str) or not base:
        sys.exit(f"{path} does not name its base model (base_model_name_or_path).")
    return base


def merge(args):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base_id = base_of(args.adapter)
    base = AutoModelForCausalLM.from_pretrained(base_id, torch_dtype=getattr(torch, args.dtype))
    merged = PeftModel.from_pretrained(base, args.adapter).merge_and_unload()
    merged.save_pretrained(args.out, safe_serialization=True)
    AutoTokenizer.from_pretrained(args.adapter).save_pretrained(args.out)
    if Path(args.adapter, PROVENANCE).exists():
        shutil.copy(Path(args.adapter, PROVENANCE), Path(args.out, PROVENANCE))
    print(f"Merged model saved in {args.out} (base {base_id}).")


def main(argv=None):
    args = build_parser().parse_args(argv)
    base_of(args.adapter)
    merge(args)


if __name__ == "__main__":
    main()
