"""Click's own errors (unknown option, bad value, missing argument) in the reader's language.

Each row makes real click fail on a real command line and checks the line derivquiz prints, in
English and in Chinese; one test runs the console entry point itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from generator.cli import cli
from generator.cli.click_errors import CLICK_MESSAGES, render_click_error, translate_click_message
from generator.cli.help import TranslatedCommand
from generator.i18n import catalog

ROOT = Path(__file__).resolve().parent.parent


@click.command(cls=TranslatedCommand)
@click.argument("name")
@click.option("--kind", type=click.Choice(["a", "b"]))
@click.option("--one", type=click.Choice(["a"]))
@click.option("--count", type=click.IntRange(1, 10))
@click.option("--ratio", type=click.FloatRange(0))
@click.option("--whole", type=int)
@click.option("--real", type=float)
@click.option("--folder", type=click.Path(exists=True, file_okay=False))
@click.option("--file", type=click.Path(exists=True, dir_okay=False))
@click.option("--path", type=click.Path(exists=True))
@click.option("--input", type=click.File("r"))
@click.option("--flag", is_flag=True)
@click.option("--pair", nargs=2)
def sample(**values: object) -> None:
    """A command with a parameter of each type derivquiz's commands use."""


def _error(args: list[str]) -> click.ClickException:
    with pytest.raises(click.ClickException) as raised:
        sample.main(args, standalone_mode=False)
    return raised.value


def _last_line(args: list[str], lang: str) -> str:
    return render_click_error(_error(args), lang).splitlines()[-1]


# (id, arguments, English line, Chinese line)
ROWS = [
    (
        "unknown option",
        ["x", "--bogus"],
        "Error: No such option '--bogus'.",
        "错误：没有选项“--bogus”。",
    ),
    (
        "unknown option, close to one",
        ["x", "--kindd", "a"],
        "Error: No such option '--kindd'. Did you mean '--kind'?",
        "错误：没有选项“--kindd”。您是指 '--kind' 吗？",
    ),
    (
        "not a choice",
        ["x", "--kind", "q"],
        "Error: Invalid value for '--kind': 'q' is not one of 'a', 'b'.",
        "错误：'--kind' 的值无效：“q”不是以下之一：'a', 'b'。",
    ),
    (
        "not the only choice",
        ["x", "--one", "q"],
        "Error: Invalid value for '--one': 'q' is not 'a'.",
        "错误：'--one' 的值无效：“q”不是 'a'。",
    ),
    (
        "out of range",
        ["x", "--count", "99"],
        "Error: Invalid value for '--count': 99 is not in the range 1<=x<=10.",
        "错误：'--count' 的值无效：99 不在范围 1<=x<=10 内。",
    ),
    (
        "not a whole number in a range",
        ["x", "--count", "two"],
        "Error: Invalid value for '--count': 'two' is not a whole number.",
        "错误：'--count' 的值无效：“two”不是整数。",
    ),
    (
        "not a number in a range",
        ["x", "--ratio", "abc"],
        "Error: Invalid value for '--ratio': 'abc' is not a number.",
        "错误：'--ratio' 的值无效：“abc”不是数字。",
    ),
    (
        "not a whole number",
        ["x", "--whole", "1.5"],
        "Error: Invalid value for '--whole': '1.5' is not a whole number.",
        "错误：'--whole' 的值无效：“1.5”不是整数。",
    ),
    (
        "not a number",
        ["x", "--real", "pi"],
        "Error: Invalid value for '--real': 'pi' is not a number.",
        "错误：'--real' 的值无效：“pi”不是数字。",
    ),
    (
        "no such folder",
        ["x", "--folder", "/no/such/place"],
        "Error: Invalid value for '--folder': Folder '/no/such/place' does not exist.",
        "错误：'--folder' 的值无效：文件夹“/no/such/place”不存在。",
    ),
    (
        "a file for a folder",
        ["x", "--folder", __file__],
        f"Error: Invalid value for '--folder': '{__file__}' is a file, not a folder.",
        f"错误：'--folder' 的值无效：“{__file__}”是文件，不是文件夹。",
    ),
    (
        "no such file",
        ["x", "--file", "/no/such/file"],
        "Error: Invalid value for '--file': File '/no/such/file' does not exist.",
        "错误：'--file' 的值无效：文件“/no/such/file”不存在。",
    ),
    (
        "a folder for a file",
        ["x", "--file", str(ROOT)],
        f"Error: Invalid value for '--file': '{ROOT}' is a folder, not a file.",
        f"错误：'--file' 的值无效：“{ROOT}”是文件夹，不是文件。",
    ),
    (
        "no such path",
        ["x", "--path", "/no/such/path"],
        "Error: Invalid value for '--path': Path '/no/such/path' does not exist.",
        "错误：'--path' 的值无效：路径“/no/such/path”不存在。",
    ),
    (
        "no file to open",
        ["x", "--input", "/no/such/input"],
        "Error: Invalid value for '--input': '/no/such/input': no such file.",
        "错误：'--input' 的值无效：“/no/such/input”：没有这个文件。",
    ),
    (
        "a folder to open",
        ["x", "--input", str(ROOT)],
        f"Error: Invalid value for '--input': '{ROOT}' is a folder, not a file.",
        f"错误：'--input' 的值无效：“{ROOT}”是文件夹，不是文件。",
    ),
    (
        "missing argument",
        [],
        "Error: Missing argument 'NAME'.",
        "错误：缺少参数 'NAME'。",
    ),
    (
        "option without its value",
        ["x", "--kind"],
        "Error: Option '--kind' needs a value.",
        "错误：选项“--kind”需要一个值。",
    ),
    (
        "option without its two values",
        ["x", "--pair"],
        "Error: Option '--pair' needs 2 values.",
        "错误：选项“--pair”需要 2 个值。",
    ),
    (
        "a value for a flag",
        ["x", "--flag=yes"],
        "Error: Option '--flag' does not take a value.",
        "错误：选项“--flag”不接受值。",
    ),
    (
        "extra argument",
        ["x", "y"],
        "Error: Unexpected extra argument: y",
        "错误：多余的参数：y",
    ),
    (
        "extra arguments",
        ["x", "y", "z"],
        "Error: Unexpected extra arguments: y z",
        "错误：多余的参数：y z",
    ),
]


@pytest.mark.parametrize(
    ("args", "english", "chinese"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_click_errors_are_in_the_language(args: list[str], english: str, chinese: str) -> None:
    assert _last_line(args, "en") == english
    assert _last_line(args, "zh") == chinese


def test_a_usage_error_shows_usage_and_help_first() -> None:
    """As click prints it: the usage line, where to find help, a blank line, the error."""
    with pytest.raises(click.ClickException) as raised:
        cli.main(["--lang", "zh", "check", "--bogus"], prog_name="derivquiz", standalone_mode=False)
    assert render_click_error(raised.value, "zh").splitlines() == [
        "用法：derivquiz check [OPTIONS] [EXPECTED] [ANSWER]",
        "运行“derivquiz check --help”查看帮助。",
        "",
        "错误：没有选项“--bogus”。",
    ]


def test_every_message_has_its_translation() -> None:
    translated = catalog("zh")
    for _, ours in CLICK_MESSAGES:
        assert ours in translated, ours


def test_text_no_template_matches_is_kept() -> None:
    assert translate_click_message("Something click may say one day.", "zh") == (
        "Something click may say one day."
    )


def test_the_console_script_prints_click_errors_in_the_language() -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "--lang", "zh", "check", "x", "y", "--kind", "q"],
        cwd=ROOT,
        env=environ | {"DERIVQUIZ_LANG": ""},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 2
    assert completed.stderr.splitlines()[-1].startswith(
        "错误：'--kind' 的值无效：“q”不是以下之一："
    )
