"""Trains a LoRA adapter with PEFT and TRL on a chat JSONL exported by ragtune, over one of the
catalogue's base models. Needs a GPU (see README.md); the result is an unmerged adapter folder,
which vLLM serves as is (--lora-modules) and merge.py folds into the base for WebLLM and ONNX.

    python3 train_lora.py --data ragtune-train-closed-book.jsonl --base qwen2.5-0.5b --out adapter
"""

import argparse
import json
import sys
from pathlib import Path

from common import (PROVENANCE, base_arg, fold_system, load_bases, positive_float, positive_int,
                    read_examples, sha256_file)
from validate_jsonl import check_jsonl


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, help="the training JSONL ragtune exported")
    p.add_argument("--base", required=True, type=base_arg,
                   help=f"base model key: {', '.join(load_bases())}")
    p.add_argument("--out", required=True, help="folder for the adapter (created)")
    p.add_argument("--sha256", help="the hash ragtune showed for the file: training stops if "
                   "the file differs")
    p.add_argument("--epochs", type=positive_float, default=3.0)
    p.add_argument("--learning-rate", type=positive_float, default=2e-4)
    p.add_argument("--rank", type=positive_int, default=16, help="LoRA rank r")
    p.add_argument("--alpha", type=positive_int, default=32, help="LoRA alpha")
    p.add_argument("--dropout", type=float, default=0.05)
    p.add_argument("--batch-size", type=positive_int, default=4)
    p.add_argument("--grad-accum", type=positive_int, default=4)
    p.add_argument("--max-length", type=positive_int, default=1024,
                   help="tokens per example; longer ones are cut")
    p.add_argument("--loss-on", choices=("answer", "all"), default="answer",
                   help="learn from the assistant's answer only (default) or the whole text")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--allow-cpu", action="store_true",
                   help="train without a GPU (hours even for the smallest base)")
    return p


def check_data(args):
    """The file must be what ragtune exported (hash) and valid for TRL, before any download."""
    digest = sha256_file(args.data)
    if args.sha256 and digest != args.sha256.lower():
        sys.exit(f"{args.data} has SHA-256 {digest}, not {args.sha256}: it is not the file "
                 "ragtune exported (or it was edited).")
    with open(args.data, encoding="utf-8") as f:
        _, problems = check_jsonl(f.read(), "trl")
    if problems:
        sys.exit(f"{args.data} is not a valid training file:\n  " + "\n  ".join(problems[:10]))
    return digest


def train(args, digest):
    # Heavy imports here, so --help and argument errors work without them installed.
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DataCollatorForCompletionOnlyLM, SFTConfig, SFTTrainer

    base = load_bases()[args.base]
    if not torch.cuda.is_available() and not args.allow_cpu:
        sys.exit("No CUDA GPU found. Training needs one (see README.md); --allow-cpu trains on "
                 "the CPU anyway, which takes hours even for the smallest base.")
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    dtype = torch.bfloat16 if bf16 else (torch.float16 if torch.cuda.is_available() else torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(base["hf"])
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token

    def render(messages):
        if not base["system_role"]:
            messages = fold_system(messages)
        return tokenizer.apply_chat_template(messages, tokenize=False)

    texts = [render(m) for m in read_examples(args.data)]
    dataset = Dataset.from_dict({"text": texts})
    model = AutoModelForCausalLM.from_pretrained(base["hf"], torch_dtype=dtype)
    collator = None
    if args.loss_on == "answer":
        collator = DataCollatorForCompletionOnlyLM(base["response_template"], tokenizer=tokenizer)
    config = SFTConfig(
        output_dir=args.out,
        num_train_epochs=args.epochs,
        learning_rate=args.learning_rate,
        per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.grad_accum,
        gradient_checkpointing=True,
        max_seq_length=args.max_length,
        dataset_text_field="text",
        packing=False,
        bf16=bf16,
        fp16=torch.cuda.is_available() and not bf16,
        logging_steps=10,
        save_strategy="no",
        report_to="none",
        seed=args.seed,
    )
    lora = LoraConfig(r=args.rank, lora_alpha=args.alpha, lora_dropout=args.dropout,
                      target_modules="all-linear", task_type="CAUSAL_LM")
    trainer = SFTTrainer(model=model, args=config, train_dataset=dataset,
                         processing_class=tokenizer, peft_config=lora, data_collator=collator)
    result = trainer.train()
    trainer.model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    provenance = {
        "data": Path(args.data).name,
        "sha256": digest,
        "examples": len(texts),
        "base": args.base,
        "base_model": base["hf"],
        "lora": {"r": args.rank, "alpha": args.alpha, "dropout": args.dropout},
        "epochs": args.epochs,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
        "train_loss": result.training_loss,
    }
    Path(args.out, PROVENANCE).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"Adapter saved in {args.out} (trained on {provenance['data']}, SHA-256 {digest}).")


def main(argv=None):
    args = build_parser().parse_args(argv)
    digest = check_data(args)
    train(args, digest)


if __name__ == "__main__":
    main()
