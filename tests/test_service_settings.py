"""Service settings travel to uvicorn workers through DERIVQUIZ_* environment variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.service.settings import Settings


def test_settings_survive_the_trip_through_the_environment() -> None:
    """What `serve` puts in the environment, each worker reads back unchanged."""
    settings = Settings(
        teacher_token="s3cret",
        cors_origins=("https://a.example", "https://b.example"),
        max_body_bytes=1000,
        max_batch=7,
        check_timeout=2.5,
        bank_dirs=(Path("/srv/banks"), Path("/srv/more")),
    )
    assert Settings.from_env(settings.to_env()) == settings


def test_unset_variables_keep_the_defaults() -> None:
    """An empty environment gives the defaults: no token, no CORS."""
    assert Settings.from_env({}) == Settings()
    assert Settings().teacher_token is None and Settings().cors_origins == ()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DERIVQUIZ_MAX_BATCH", "lots"),
        ("DERIVQUIZ_MAX_BATCH", "0"),
        ("DERIVQUIZ_CHECK_TIMEOUT", "-1"),
    ],
    ids=["not-a-number", "zero", "negative"],
)
def test_unusable_values_are_named(variable: str, value: str) -> None:
    """A bad value stops the worker with a message naming the variable and the value."""
    with pytest.raises(UsageError) as caught:
        Settings.from_env({variable: value})
    assert str(caught.value) == f"Environment variable {variable} has an unusable value {value!r}."


def test_serve_takes_environment_then_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` starts from DERIVQUIZ_* and lets options override; workers get the result."""
    import os

    import uvicorn
    from click.testing import CliRunner

    from generator.cli import cli

    started: dict[str, object] = {}
    monkeypatch.setattr(
        os, "environ", {"DERIVQUIZ_MAX_BATCH": "50", "DERIVQUIZ_CHECK_TIMEOUT": "9"}
    )
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(options, app=app))
    result = CliRunner().invoke(cli, ["serve", "--check-timeout", "2", "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert started["app"] == "generator.service.app:app_from_env" and started["workers"] == 3
    settings = Settings.from_env()
    assert (settings.max_batch, settings.check_timeout) == (50, 2.0)
