"""The command line in-process: ``cli("metrics", "--json")`` calls ``main([...])``, returns its output."""

import dataclasses
import io
import sys
from collections.abc import Callable

import pytest

from workforce.cli import main


@dataclasses.dataclass
class Ran:
    """One command's exit status and output."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run ``python -m workforce ARGS`` in this process, ``stdin`` as its input, ``env`` set."""

    def run(*args: str, stdin: str = "", env: dict | None = None) -> Ran:
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's own refusals
            code = stop.code if isinstance(stop.code, int) else 2
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run
