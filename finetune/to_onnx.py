"""Exports a merged model to ONNX for transformers.js with Optimum, laid out as ragtune's
"transformers.js (ONNX)" registration reads it: config and tokenizer at the top, onnx/model.onnx,
and onnx/model_quantized.onnx (8-bit, what the WASM device loads). Runs on a CPU; needs RAM for
the model in 32 bits about three times over (6 GB for Qwen2.5-0.5B).

    python3 to_onnx.py --merged merged --out merged-onnx
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from common import PROVENANCE

TOP_FILES = ("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
             "special_tokens_map.json", "chat_template.jinja", PROVENANCE)


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--merged", required=True, help="the folder merge.py wrote")
    p.add_argument("--out", required=True, help="folder for the ONNX model (created)")
    p.add_argument("--no-quantize", action="store_true",
                   help="skip onnx/model_quantized.onnx (WebGPU loads model.onnx too)")
    return p


def has_chat_template(folder):
    """transformers.js needs the chat template: in tokenizer_config.json or chat_template.jinja."""
    folder = Path(folder)
    if (folder / "chat_template.jinja").exists():
        return True
    try:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(config.get("chat_template"))


def export(args):
    from optimum.exporters.onnx import main_export

    out = Path(args.out)
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        main_export(args.merged, output=tmp, task="text-generation-with-past")
        for f in Path(tmp).iterdir():
            if f.name.startswith("model.onnx"):  # the graph and its external data, if any
                shutil.move(str(f), out / "onnx" / f.name)
    for name in TOP_FILES:
        if Path(args.merged, name).exists():
            shutil.copy(Path(args.merged, name), out / name)
    if not args.no_quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(out / "onnx" / "model.onnx", out / "onnx" / "model_quantized.onnx",
                         weight_type=QuantType.QInt8, use_external_data_format=False)
    print(f"ONNX model saved in {out}. Host it and register it in ragtune: Add your own "
          "fine-tune → transformers.js (ONNX) → its URL.")


def main(argv=None):
    args = build_parser().parse_args(argv)
    if not Path(args.merged, "config.json").exists():
        sys.exit(f"{args.merged} has no config.json: is it the folder merge.py wrote?")
    if not has_chat_template(args.merged):
        sys.exit(f"{args.merged} has no chat template (tokenizer_config.json or "
                 "chat_template.jinja): ragtune needs it to build prompts.")
    export(args)


if __name__ == "__main__":
    main()
