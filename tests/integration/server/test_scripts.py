"""scripts/install, which scripts/serve and scripts/test run first: a second run with
nothing changed does not run pip again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[3]


def test_installing_again_with_nothing_changed_skips_pip() -> None:
    # The suite runs after `scripts/install test`. Were pip to run now, it could not
    # fetch the build backend without an index, and would fail.
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull}

    done = subprocess.run(
        [str(ROOT / "scripts" / "install"), "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")
