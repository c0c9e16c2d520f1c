"""Checks a chat JSONL training file against what each trainer documents for the "messages"
format: OpenAI fine-tuning, TRL/Unsloth, Axolotl (chat_template) and LLaMA-Factory (sharegpt).
Standard library only; the same rules as ragtune's src/lib/finetune/formats.ts.

    python3 validate_jsonl.py train.jsonl --target all
"""

import argparse
import json
import sys

OPENAI_MIN_EXAMPLES = 10
TARGETS = ("openai", "trl", "axolotl", "llama-factory")
LABELS = {
    "openai": "OpenAI fine-tuning (chat)",
    "trl": "TRL / Unsloth SFTTrainer (conversational)",
    "axolotl": "Axolotl (type: chat_template, field_messages: messages)",
    "llama-factory": "LLaMA-Factory (formatting: sharegpt, OpenAI-style tags)",
}
RULES = {
    "openai": {
        "roles": ("system", "developer", "user", "assistant", "tool"),
        "message_keys": ("name", "weight", "tool_calls", "tool_call_id"),
        "line_keys": ("tools", "parallel_tool_calls"),
        "alternating": False,
        "min_examples": OPENAI_MIN_EXAMPLES,
    },
    "trl": {"roles": ("system", "user", "assistant", "tool"), "message_keys": (),
            "line_keys": (), "alternating": False, "min_examples": 1},
    "axolotl": {"roles": ("system", "user", "assistant", "tool"), "message_keys": (),
                "line_keys": (), "alternating": False, "min_examples": 1},
    "llama-factory": {"roles": ("system", "user", "assistant"), "message_keys": (),
                      "line_keys": (), "alternating": True, "min_examples": 1},
}


def check_messages(messages, rules):
    problems = []
    roles = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            problems.append(f"messages[{i}] must be an object")
            continue
        role = m.get("role")
        if not isinstance(role, str) or role not in rules["roles"]:
            problems.append(f"messages[{i}].role must be one of {', '.join(rules['roles'])}")
        else:
            roles.append(role)
        content = m.get("content")
        if not isinstance(content, str) or content.strip() == "":
            problems.append(f"messages[{i}].content must be text that is not empty")
        for key in m:
            if key not in ("role", "content") and key not in rules["message_keys"]:
                problems.append(f"messages[{i}] has an unknown key “{key}”")
        # bool is an int in Python: True must not pass for the weight 1.
        if "weight" in m and (m["weight"] not in (0, 1) or isinstance(m["weight"], bool)):
            problems.append(f"messages[{i}].weight must be 0 or 1")
    if "assistant" not in roles:
        problems.append("has no assistant message to learn from")
    if rules["alternating"]:
        turns = roles[1:] if roles[:1] == ["system"] else roles
        expected = ["user" if i % 2 == 0 else "assistant" for i in range(len(turns))]
        if turns != expected or len(turns) % 2 != 0:
            problems.append("must be an optional system message, then user and assistant "
                            "turns in turn, ending with assistant")
    elif not roles or roles[-1] != "assistant":
        problems.append("must end with an assistant message")
    return problems


def check_jsonl(text, target):
    """Returns (examples, problems); each problem names its line. Blank lines are refused."""
    rules = RULES[target]
    problems = []
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    examples = 0
    for n, line in enumerate(lines, start=1):
        at = f"line {n}"
        try:
            value = json.loads(line)
        except ValueError:
            problems.append(f"{at}: is not JSON")
            continue
        if not isinstance(value, dict):
            problems.append(f"{at}: must be a JSON object")
            continue
        for key in value:
            if key != "messages" and key not in rules["line_keys"]:
                problems.append(f"{at}: has an unknown key “{key}”")
        messages = value.get("messages")
        if not isinstance(messages, list) or not messages:
            problems.append(f"{at}: messages must be a list that is not empty")
            continue
        examples += 1
        problems.extend(f"{at}: {p}" for p in check_messages(messages, rules))
    if text == "":
        problems = []
    if examples < rules["min_examples"]:
        s = "" if examples == 1 else "s"
        problems.append(f"has {examples} example{s}; {LABELS[target]} needs at least "
                        f"{rules['min_examples']}")
    return examples, problems


def build_parser():
    parser = argparse.ArgumentParser(
        description="Check a chat JSONL training file (as ragtune exports it) for fine-tuning tools.")
    parser.add_argument("file", help="the .jsonl file")
    parser.add_argument("--target", choices=(*TARGETS, "all"), default="all",
                        help="the tool whose rules apply (default: all of them)")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        with open(args.file, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.file}: cannot be read as UTF-8 text ({error})", file=sys.stderr)
        return 2
    failed = False
    for target in TARGETS if args.target == "all" else (args.target,):
        examples, problems = check_jsonl(text, target)
        if problems:
            failed = True
            print(f"{args.file}: not valid for {LABELS[target]}:", file=sys.stderr)
            for p in problems[:20]:
                print(f"  {p}", file=sys.stderr)
            if len(problems) > 20:
                print(f"  … and {len(problems) - 20} more", file=sys.stderr)
        else:
            print(f"{args.file}: {examples} examples, valid for {LABELS[target]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
