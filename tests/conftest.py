"""Shared fixtures. Every test gets its own data folder and Qt settings; nothing touches
the developer's real Elkaar data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_TMP = Path(tempfile.mkdtemp(prefix="elkaar-tests-"))
os.environ["ELKAAR_DATA_DIR"] = str(_SESSION_TMP / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_TMP / "config")
os.environ.setdefault("XDG_RUNTIME_DIR", str(_SESSION_TMP / "runtime"))
Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
for var in ("ELKAAR_DB", "ELKAAR_PASSPHRASE"):
    os.environ.pop(var, None)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "elkaar.db"


@pytest.fixture
def store(db_path: Path):
    from desktop.store import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A demo database built once per test session; copy it with ``demo_db``."""
    from desktop import demo
    from desktop.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = open_store(path)
    demo.load_demo(s)
    s.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.db"
    shutil.copy2(demo_template, target)
    return target


@pytest.fixture
def demo_store(demo_db: Path):
    from desktop.store import open_store

    s = open_store(demo_db)
    yield s
    s.close()


def run_elkaar(
    *args: str,
    env: dict[str, str] | None = None,
    input: str | None = None,
    cwd: Path | None = None,
    timeout: int = 120,
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_elkaar
