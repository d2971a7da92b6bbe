"""The package face (`eventcore`) loads what it names only when asked, so code that
needs the domain alone does not pay for, or depend on, the drivers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Top-level modules the domain must never drag in: the password hasher, the JWT
# library, and the Redis and SQL clients.
DRIVERS = ("argon2", "jwt", "redis", "sqlalchemy")


def _modules_loaded_by(code: str) -> set[str]:
    """The top-level modules in sys.modules after a fresh interpreter runs `code`."""
    report = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(loaded)


def test_importing_the_domain_loads_no_driver() -> None:
    loaded = _modules_loaded_by("import eventcore.domain.events")

    assert "eventcore" in loaded
    assert loaded.isdisjoint(DRIVERS), sorted(loaded & set(DRIVERS))


# Libraries of one feature each, imported where first used: a worker that never signs
# anyone in with Google nor writes a calendar feed does not hold them (about 25 MB).
ON_FIRST_USE = ("authlib", "google", "icalendar", "redis", "requests")


def test_an_app_of_every_surface_loads_no_library_before_it_is_used(tmp_path: Path) -> None:
    loaded = _modules_loaded_by(
        "from pathlib import Path\n"
        "from eventcore.bootstrap import build_core\n"
        "from eventcore.http import create_app\n"
        "from eventcore.settings import Settings\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "settings = Settings(database_url=f'sqlite:///{folder}/app.sqlite3', "
        "secret_key='k' * 64, instance_dir=folder, media_dir=folder / 'media')\n"
        "create_app(build_core(settings))"
    )

    assert "flask" in loaded
    assert loaded.isdisjoint(ON_FIRST_USE), sorted(loaded & set(ON_FIRST_USE))


def test_the_package_face_still_hands_out_its_names() -> None:
    from eventcore import Core, Settings, build_core, errors, memory_core
    from eventcore import core as core_module
    from eventcore.bootstrap import build_core as built_by_bootstrap
    from eventcore.domain import errors as domain_errors

    assert Core is core_module.Core
    assert build_core is built_by_bootstrap
    assert errors is domain_errors
    assert isinstance(memory_core().settings, Settings)


def test_an_unknown_name_is_an_attribute_error() -> None:
    import eventcore

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = eventcore.nothing_here


README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_block(heading: str) -> str:
    """The first ```python block after `heading` in the README."""
    section = README.read_text().split(f"\n{heading}\n", 1)[1]
    return section.split("```python\n", 1)[1].split("\n```", 1)[0]


def test_the_readme_library_example_runs_as_printed_and_prints_what_it_says() -> None:
    example = _readme_block("## As a library")
    expected = example.rsplit("# ", 1)[1].strip()

    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
