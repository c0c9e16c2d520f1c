"""Converts a merged model for WebLLM with MLC LLM: weights quantised as the base's WebLLM record
is (convert_weight) and an mlc-chat-config.json with the base's conversation template, context
window and prefill chunk (gen_config). WebLLM then runs it on the base's compiled model library,
so only this folder is hosted. Runs on a CPU (no GPU needed); needs the mlc_llm command.

    python3 to_webllm.py --merged merged --base qwen2.5-0.5b --out merged-q4f16_1-MLC
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from common import base_arg, load_bases

QUANTIZATIONS = ("q4f16_1", "q4f32_1", "q0f16", "q0f32")


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--merged", required=True, help="the folder merge.py wrote")
    p.add_argument("--base", required=True, type=base_arg, help="base model key it was trained on")
    p.add_argument("--out", required=True, help="folder for the converted model (created)")
    p.add_argument("--base-config", help="the base's mlc-chat-config.json (default: read from "
                   "Hugging Face, mlc-ai/<the base's WebLLM id>)")
    p.add_argument("--quantization", choices=QUANTIZATIONS,
                   help="default: the base's (q4f16_1; q4f32_1 for GPUs without shader-f16)")
    return p


def base_settings(config, quantization=None):
    """What the converted model must share with the base's WebLLM build to reuse its library."""
    settings = {
        "quantization": quantization or config["quantization"],
        "conv_template": config["conv_template"]["name"]
        if isinstance(config["conv_template"], dict) else config["conv_template"],
    }
    for key in ("context_window_size", "prefill_chunk_size", "sliding_window_size"):
        if isinstance(config.get(key), int) and config[key] > 0:
            settings[key] = config[key]
    return settings


def commands(merged, out, settings):
    """The two mlc_llm commands, as argument lists."""
    q = settings["quantization"]
    gen = ["mlc_llm", "gen_config", str(merged), "--quantization", q,
           "--conv-template", settings["conv_template"]]
    for key in ("context_window_size", "prefill_chunk_size", "sliding_window_size"):
        if key in settings:
            gen += [f"--{key.replace('_', '-')}", str(settings[key])]
    return [
        ["mlc_llm", "convert_weight", str(merged), "--quantization", q, "-o", str(out)],
        gen + ["-o", str(out)],
    ]


def read_base_config(args):
    if args.base_config:
        return json.loads(Path(args.base_config).read_text(encoding="utf-8"))
    from huggingface_hub import hf_hub_download

    webllm_id = load_bases()[args.base]["webllm"]
    path = hf_hub_download(f"mlc-ai/{webllm_id}", "mlc-chat-config.json")
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv=None):
    args = build_parser().parse_args(argv)
    base = load_bases()[args.base]
    if not base["webllm"]:
        sys.exit(f"{args.base} has no WebLLM build to share a library with: use to_onnx.py.")
    if shutil.which("mlc_llm") is None:
        sys.exit("The mlc_llm command is not installed: see README.md, “WebLLM”.")
    settings = base_settings(read_base_config(args), args.quantization)
    for command in commands(args.merged, args.out, settings):
        print("$", " ".join(command))
        subprocess.run(command, check=True)
    print(f"Host {args.out} and register it in ragtune: Add your own fine-tune → WebLLM → its "
          f"URL → base {base['webllm'].replace('q4f16_1', settings['quantization'])}.")


if __name__ == "__main__":
    main()
