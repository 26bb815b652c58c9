"""The command line speaks the reader's language: help, option help and the lines it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.cli.formatting import display_width, has_wide, wrap_wide
from generator.cli.help import HelpArgument, requested_language
from generator.i18n import translate

ROOT = Path(__file__).resolve().parent.parent
# Every variable that can choose the language, cleared so the machine's locale cannot leak in.
NO_LANGUAGE: dict[str, str | None] = {
    "DERIVQUIZ_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": None,
}
COMMANDS = sorted(cli.commands)
MISSING_ZH = "请给出 EXPECTED 和 ANSWER，或使用 --batch FILE。"


def _run(args: list[str], **env: str) -> Result:
    result = CliRunner().invoke(cli, args, env={**NO_LANGUAGE, **env})
    assert result.exit_code == 0, result.output
    return result


def _flat(text: str) -> str:
    """Text without whitespace: help is wrapped, and CJK lines break anywhere."""
    return re.sub(r"\s+", "", text)


def _help_texts(command: click.Command) -> list[str]:
    """The English templates a command's --help shows: its help and each parameter's help."""
    texts = [command.help or ""]
    for param in command.params:
        if isinstance(param, click.Option | HelpArgument) and param.help:
            texts.append(param.help)
    return texts


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_is_in_the_chosen_language(name: str, lang: str) -> None:
    """`derivquiz NAME --help --lang L` shows the command's and every option's help in L."""
    output = _flat(_run([name, "--help", "--lang", lang]).output)
    for text in _help_texts(cli.commands[name]):
        assert _flat(translate(text, lang)) in output


@pytest.mark.parametrize("name", COMMANDS)
def test_chinese_help_fits_the_terminal(name: str) -> None:
    """Chinese help is wrapped by display columns: no line of it runs past click's 80 columns.

    (Lines without Chinese are click's own: a long choice list may be wider, as in English.)"""
    lines = _run([name, "--help", "--lang", "zh"]).output.splitlines()
    assert max(display_width(line) for line in lines if has_wide(line)) <= 80


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("求下列函数的导数", 10, ["求下列函数", "的导数"]),
        ("默认：DERIVQUIZ_LANG，否则为 en。", 20, ["默认：", "DERIVQUIZ_LANG，否则", "为 en。"]),
        ("一二三四，五六", 8, ["一二三", "四，五六"]),
        ("a b c", 3, ["a b", "c"]),
        ("甲乙", 6, ["  甲乙"]),
    ],
    ids=[
        "breaks-between-characters",
        "keeps-words-whole",
        "no-line-starts-with-comma",
        "narrow-text-at-spaces",
        "indent-counts",
    ],
)
def test_wrap_wide(text: str, width: int, expected: list[str]) -> None:
    """Lines hold at most `width` columns; narrow words stay whole; closing marks stay attached."""
    indent = "  " if expected[0].startswith("  ") else ""
    assert wrap_wide(text, width, indent) == expected


@pytest.mark.parametrize(
    ("args", "env", "expected", "absent"),
    [
        (["--help"], {}, "randomized, auto-graded", "随机生成"),
        (["--lang", "zh", "--help"], {}, "随机生成、自动批改的微分练习题", "randomized"),
        (["--help", "--lang=zh"], {}, "生成一套班级练习：练习卷和答案", "Generate a class"),
        (["--lang", "zh", "check", "--help"], {}, "将 ANSWER 与 EXPECTED 比较", "Check ANSWER"),
        (["check", "--help", "--lang", "zh"], {}, "参数：", "Arguments:"),
        (["grade", "-h"], {"DERIVQUIZ_LANG": "zh"}, "成绩册", "gradebook"),
        (["explain", "--help"], {"LANG": "zh_CN.UTF-8"}, "导数的阶数", "Order of the"),
        (["explain", "--help"], {"LC_MESSAGES": "zh_CN"}, "用法：", "Usage:"),
        (["serve", "--help"], {"LANG": "C.UTF-8"}, "Port to listen on.", "端口"),
        (["serve", "--help"], {"LC_ALL": "C", "LANG": "zh_CN"}, "Address to listen", "地址"),
        (["--help"], {"DERIVQUIZ_LANG": "zh", "LANG": "en_US"}, "命令：", "Commands:"),
        (["--help"], {"DERIVQUIZ_LANG": "en", "LANG": "zh_CN"}, "Commands:", "命令"),
        (["--lang", "en", "--help"], {"DERIVQUIZ_LANG": "zh"}, "Show this message", "显示"),
        (["serve", "--help", "--lang", "zh"], {}, "[默认：262144; x>=1]", "(262144)"),
        (["generate", "--help", "--lang", "zh"], {}, "[必填]", "required"),
    ],
    ids=[
        "group-en",
        "group-zh-before",
        "group-zh-equals-after",
        "group-lang-reaches-command",
        "arguments-heading",
        "env-var",
        "locale-LANG",
        "locale-LC_MESSAGES",
        "C-locale-is-english",
        "LC_ALL-wins-over-LANG",
        "env-var-wins-over-locale",
        "env-var-en-wins-over-locale",
        "option-wins-over-env-var",
        "defaults-translated",
        "required-translated",
    ],
)
def test_language_selection(
    args: list[str], env: Mapping[str, str], expected: str, absent: str
) -> None:
    """--lang anywhere, else DERIVQUIZ_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), or en."""
    output = _run(args, **env).output
    assert expected in output
    assert absent not in output


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "en"),
        (["check", "--lang", "zh"], {}, "zh"),
        (["--lang=zh"], {}, "zh"),
        (["--lang=zh-Hans"], {"LANG": "en_GB"}, "en"),
        (["--lang", "fr"], {"DERIVQUIZ_LANG": "zh"}, "zh"),
        (["--lang"], {"LANG": "zh_TW.UTF-8"}, "zh"),
        ([], {"DERIVQUIZ_LANG": "", "LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ([], {"LANG": "POSIX"}, "en"),
    ],
    ids=[
        "nothing",
        "option",
        "option-equals",
        "option-not-a-shipped-language",
        "unknown-option-value-falls-through",
        "option-without-value",
        "empty-env-var-ignored",
        "LC_MESSAGES-before-LANG",
        "posix",
    ],
)
def test_requested_language(argv: list[str], environ: dict[str, str], expected: str) -> None:
    """One function decides the language from the command line and the environment."""
    assert requested_language(argv, environ) == expected


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["check", "2*x", "2x", "--lang", "zh"], {}, "正确（得分 1）"),
        (["check", "2*x", "3x"], {"DERIVQUIZ_LANG": "zh"}, "错误（得分 0）"),
        (["--lang", "zh", "check", "2*x", "2x"], {}, "你的答案被读作"),
        (["check", "2*x", "3x"], {}, "incorrect (score 0)"),
        (["explain", "x^2", "--lang", "zh"], {}, "幂法则"),
        (["explain", "x^2"], {"LANG": "zh_CN.UTF-8"}, "幂法则"),
    ],
    ids=[
        "check-zh",
        "check-env-var",
        "check-group-option",
        "check-en",
        "explain-zh",
        "explain-locale",
    ],
)
def test_command_output_follows_the_language(
    args: list[str], env: Mapping[str, str], expected: str
) -> None:
    """The lines a command prints are in the chosen language, whichever way it was chosen."""
    assert expected in _run(args, **env).output


def test_bad_parameter_message_is_translated() -> None:
    """A malformed --at is refused in the reader's language."""
    result = CliRunner().invoke(cli, ["explain", "x^2", "--at", "x", "--lang", "zh"])
    assert result.exit_code == 2
    assert "每个坐标请写成 NAME=VALUE，例如 --at x=1" in result.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--lang", "zh", "check", "2*x"], {}, f"derivquiz: {MISSING_ZH}"),
        (["check", "2*x"], {"DERIVQUIZ_LANG": "zh"}, f"derivquiz: {MISSING_ZH}"),
        (["check", "2*x"], {}, "derivquiz: Give EXPECTED and ANSWER, or --batch FILE."),
    ],
    ids=["option", "env-var", "english"],
)
def test_main_reports_errors_in_the_language(
    args: list[str], env: Mapping[str, str], expected: str
) -> None:
    """The console entry point prints a usage error in the reader's language, exit code 2."""
    environ = {k: v for k, v in os.environ.items() if k not in NO_LANGUAGE} | dict(env)
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 2
    assert completed.stderr.strip() == expected
