"""What the kit's scripts do without training: --help and argument errors with none of torch,
peft, trl, optimum or mlc_llm imported; the MLC commands built from a base's config; the vLLM
command from an adapter's config; Gemma's folded system message; a base list that names bases."""

import contextlib
import io
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import merge
import to_onnx
import to_webllm
import train_lora
import vllm_command
from common import fold_system, load_bases

KIT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "peft", "trl", "transformers", "datasets", "optimum", "onnxruntime", "mlc_llm",
         "huggingface_hub")
SCRIPTS = ("train_lora.py", "merge.py", "to_webllm.py", "to_onnx.py", "vllm_command.py",
           "validate_jsonl.py")


def parse_error(parser, argv):
    """The message argparse prints when it refuses `argv` (it exits with status 2)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), unittest.TestCase().assertRaises(SystemExit) as exit_:
        parser.parse_args(argv)
    assert exit_.exception.code == 2
    return err.getvalue()


class Help(unittest.TestCase):
    def test_every_script_answers_help_without_the_heavy_packages(self):
        # -S: no site-packages at all, so an import of torch & co. at the top would fail here.
        for script in SCRIPTS:
            done = subprocess.run([sys.executable, "-S", script, "--help"], cwd=KIT,
                                  capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 0, f"{script}: {done.stderr}")
            self.assertIn("usage:", done.stdout)
        self.assertEqual([m for m in HEAVY if m in sys.modules], [])


class Arguments(unittest.TestCase):
    def test_train_lora_defaults_and_refusals(self):
        parser = train_lora.build_parser()
        args = parser.parse_args(["--data", "d.jsonl", "--base", "qwen2.5-0.5b", "--out", "a"])
        self.assertEqual((args.epochs, args.rank, args.alpha, args.loss_on, args.seed),
                         (3.0, 16, 32, "answer", 42))
        self.assertIn("unknown base 'gpt-5'", parse_error(
            parser, ["--data", "d", "--base", "gpt-5", "--out", "a"]))
        self.assertIn("the following arguments are required: --data",
                      parse_error(parser, ["--base", "qwen2.5-0.5b", "--out", "a"]))
        self.assertIn("0 is not a whole number above 0", parse_error(
            parser, ["--data", "d", "--base", "qwen2.5-0.5b", "--out", "a", "--rank", "0"]))
        self.assertIn("-1 is not a number above 0", parse_error(
            parser, ["--data", "d", "--base", "qwen2.5-0.5b", "--out", "a", "--epochs", "-1"]))

    def test_train_lora_refuses_a_file_that_is_not_the_exported_one_before_any_download(self):
        fixture = KIT / "tests" / "fixtures" / "sample-train-closed-book.jsonl"
        args = train_lora.build_parser().parse_args(
            ["--data", str(fixture), "--base", "qwen2.5-0.5b", "--out", "a", "--sha256", "0" * 64])
        with self.assertRaises(SystemExit) as exit_:
            train_lora.check_data(args)
        self.assertIn("is not the file ragtune exported", str(exit_.exception.code))
        sums = (fixture.parent / "SHA256SUMS").read_text(encoding="utf-8").split()
        args.sha256 = sums[sums.index(fixture.name) - 1].upper()
        self.assertEqual(train_lora.check_data(args), args.sha256.lower())
        self.assertEqual([m for m in HEAVY if m in sys.modules], [])

    def test_the_converters_arguments(self):
        self.assertIn("invalid choice: 'q3'", parse_error(to_webllm.build_parser(), [
            "--merged", "m", "--base", "qwen2.5-0.5b", "--out", "o", "--quantization", "q3"]))
        args = to_onnx.build_parser().parse_args(["--merged", "m", "--out", "o"])
        self.assertFalse(args.no_quantize)
        self.assertEqual(merge.build_parser().parse_args(["--adapter", "a", "--out", "o"]).dtype,
                         "float16")


class Commands(unittest.TestCase):
    def test_mlc_commands_take_the_bases_quantisation_template_and_window(self):
        config = {"quantization": "q4f16_1", "conv_template": {"name": "qwen2"},
                  "context_window_size": 4096, "prefill_chunk_size": 2048,
                  "sliding_window_size": -1}
        settings = to_webllm.base_settings(config)
        self.assertEqual(to_webllm.commands("merged", "out", settings), [
            ["mlc_llm", "convert_weight", "merged", "--quantization", "q4f16_1", "-o", "out"],
            ["mlc_llm", "gen_config", "merged", "--quantization", "q4f16_1", "--conv-template",
             "qwen2", "--context-window-size", "4096", "--prefill-chunk-size", "2048", "-o",
             "out"],
        ])
        f32 = to_webllm.base_settings({**config, "conv_template": "llama-3_1"}, "q4f32_1")
        self.assertEqual((f32["quantization"], f32["conv_template"]), ("q4f32_1", "llama-3_1"))

    def test_vllm_serves_the_adapter_over_its_base(self):
        with tempfile.TemporaryDirectory() as adapter:
            Path(adapter, "adapter_config.json").write_text(json.dumps(
                {"base_model_name_or_path": "Qwen/Qwen2.5-0.5B-Instruct", "r": 32}))
            args = vllm_command.command(adapter, "mine", 8001)
            self.assertEqual(args[:3], ["vllm", "serve", "Qwen/Qwen2.5-0.5B-Instruct"])
            self.assertIn(f"mine={Path(adapter).resolve()}", args)
            self.assertEqual(args[-2:], ["--max-lora-rank", "32"])
            self.assertEqual(merge.base_of(adapter), "Qwen/Qwen2.5-0.5B-Instruct")
        with tempfile.TemporaryDirectory() as empty, self.assertRaises(SystemExit) as exit_:
            vllm_command.command(empty, "mine", 8000)
        self.assertIn("adapter_config.json cannot be read", str(exit_.exception.code))

    def test_onnx_export_needs_a_chat_template(self):
        with tempfile.TemporaryDirectory() as folder:
            self.assertFalse(to_onnx.has_chat_template(folder))
            Path(folder, "tokenizer_config.json").write_text('{"chat_template": "{{ x }}"}')
            self.assertTrue(to_onnx.has_chat_template(folder))


class Bases(unittest.TestCase):
    def test_gemma_gets_its_system_text_in_the_first_user_message(self):
        messages = [{"role": "system", "content": "S"}, {"role": "user", "content": "Q"},
                    {"role": "assistant", "content": "A"}]
        self.assertEqual(fold_system(messages), [{"role": "user", "content": "S\n\nQ"},
                                                 {"role": "assistant", "content": "A"}])
        self.assertEqual(messages[1]["content"], "Q")
        self.assertFalse(load_bases()["gemma-2-2b"]["system_role"])

    def test_every_base_names_its_model_and_a_home(self):
        for key, base in load_bases().items():
            self.assertRegex(base["hf"], r"^[\w.-]+/[\w.-]+$", key)
            self.assertTrue(base["webllm"] or base["onnx"], key)
            self.assertTrue(base["response_template"], key)


if __name__ == "__main__":
    unittest.main()
