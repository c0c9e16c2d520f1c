"""The stdlib validator on the files ragtune's exporter wrote (fixtures/, compared byte for byte
with the exporter's output by tests/unit/finetune/fixture.test.ts): valid for every target, the
hashes ragtune computed match hashlib's, and each rule refuses what breaks it."""

import json
import unittest
from pathlib import Path

import validate_jsonl
from common import read_examples, sha256_file
from validate_jsonl import TARGETS, check_jsonl

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SYS = {"role": "system", "content": "Be brief."}
USER = {"role": "user", "content": "What is the per diem?"}
BOT = {"role": "assistant", "content": "62 euros"}


def line(messages, **extra):
    return json.dumps({"messages": messages, **extra})


def with_good(bad):
    """Ten good lines and one under test, so OpenAI's minimum is not what fails."""
    return "\n".join([line([SYS, USER, BOT])] * 10 + [bad]) + "\n"


class ExportedFiles(unittest.TestCase):
    def test_the_exported_files_are_valid_for_every_target(self):
        files = sorted(FIXTURES.glob("*.jsonl"))
        self.assertEqual([f.name for f in files], ["sample-train-closed-book.jsonl",
                                                   "sample-train-with-passage.jsonl"])
        for f in files:
            text = f.read_text(encoding="utf-8")
            for target in TARGETS:
                self.assertEqual(check_jsonl(text, target), (12, []), f"{f.name} for {target}")
            self.assertEqual(validate_jsonl.main([str(f)]), 0)

    def test_the_hashes_ragtune_showed_are_the_files_sha256(self):
        sums = (FIXTURES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        self.assertEqual(len(sums), 2)
        for entry in sums:
            digest, name = entry.split("  ")
            self.assertEqual(sha256_file(FIXTURES / name), digest, name)

    def test_lines_split_on_newline_only_keep_a_line_separator_inside_an_answer(self):
        examples = read_examples(FIXTURES / "sample-train-closed-book.jsonl")
        self.assertEqual(len(examples), 12)
        answers = [m[-1]["content"] for m in examples]
        self.assertIn("when it is lifted\u2028from its base", answers)
        passages = read_examples(FIXTURES / "sample-train-with-passage.jsonl")
        self.assertTrue(all(m[1]["content"].startswith("Sources:\n\n[1] (") for m in passages))
        self.assertTrue(all(m[2]["content"].endswith(" [1]") for m in passages))


class Rules(unittest.TestCase):
    def problems(self, text, target):
        return check_jsonl(text, target)[1]

    def test_each_rule_refuses_what_breaks_it_naming_the_line(self):
        self.assertEqual(self.problems(with_good('{"messages": ['), "trl"), ["line 11: is not JSON"])
        self.assertEqual(self.problems(with_good("[1]"), "trl"), ["line 11: must be a JSON object"])
        self.assertEqual(self.problems(with_good(line([])), "axolotl"),
                         ["line 11: messages must be a list that is not empty"])
        self.assertEqual(self.problems(with_good(line([SYS, USER])), "openai"),
                         ["line 11: has no assistant message to learn from",
                          "line 11: must end with an assistant message"])
        self.assertTrue(self.problems(with_good(line([USER, {"role": "bot", "content": "x"}])),
                                      "trl")[0].startswith("line 11: messages[1].role must be"))
        self.assertIn("line 11: messages[1].content must be text that is not empty",
                      self.problems(with_good(line([USER, {**BOT, "content": " "}])), "axolotl"))
        self.assertEqual(self.problems(with_good(line([USER, BOT], text="x")), "trl"),
                         ["line 11: has an unknown key “text”"])
        self.assertEqual(self.problems(with_good(""), "trl"), ["line 11: is not JSON"])

    def test_openai_weights_and_minimum(self):
        self.assertEqual(self.problems(with_good(line([USER, {**BOT, "weight": 1}])), "openai"), [])
        for weight in (2, True):
            self.assertEqual(
                self.problems(with_good(line([USER, {**BOT, "weight": weight}])), "openai"),
                ["line 11: messages[1].weight must be 0 or 1"])
        nine = "\n".join([line([USER, BOT])] * 9) + "\n"
        self.assertEqual(self.problems(nine, "openai"),
                         ["has 9 examples; OpenAI fine-tuning (chat) needs at least 10"])
        self.assertEqual(self.problems(nine, "trl"), [])

    def test_llama_factory_turn_order(self):
        self.assertEqual(self.problems(with_good(line([SYS, USER, BOT, USER, BOT])),
                                       "llama-factory"), [])
        for bad in ([USER, SYS, BOT], [USER, USER, BOT], [SYS, BOT]):
            self.assertEqual(len(self.problems(with_good(line(bad)), "llama-factory")), 1)
        self.assertEqual(self.problems(with_good(line([USER, USER, BOT])), "trl"), [])

    def test_the_command_fails_on_a_bad_file_and_says_why(self):
        import io
        import tempfile
        from contextlib import redirect_stderr

        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write(line([USER]) + "\n")
        err = io.StringIO()
        with redirect_stderr(err):
            self.assertEqual(validate_jsonl.main([f.name, "--target", "trl"]), 1)
        self.assertIn("line 1: has no assistant message to learn from", err.getvalue())
        Path(f.name).unlink()


if __name__ == "__main__":
    unittest.main()
