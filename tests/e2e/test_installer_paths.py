"""desktop.paths finds resources and migrations the same way from source and from the
frozen bundle (simulated PyInstaller one-folder layout), and keeps user data out of the
program folder except in portable mode."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from desktop import paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_data_override(monkeypatch, tmp_path):
    """user_data_dir() without the test-suite override, platformdirs pointed at tmp."""
    monkeypatch.delenv("ELKAAR_DATA_DIR", raising=False)
    platform_dir = tmp_path / "platform-data" / "Elkaar"
    monkeypatch.setattr(paths, "_platform_data_dir", lambda: platform_dir)
    return platform_dir


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """A PyInstaller-like one-folder layout: <tmp>/Elkaar/elkaar(.exe) + _internal/."""
    program = tmp_path / "Programs" / "Elkaar"
    internal = program / "_internal"
    (internal / "resources").mkdir(parents=True)
    (internal / "db").mkdir()
    exe = program / ("elkaar.exe" if sys.platform == "win32" else "elkaar")
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setenv("ELKAAR_ROOT", str(tmp_path / "ignored-when-frozen"))
    return program


# ------------------------------------------------------------------ from source


def test_from_source_finds_resources_and_migrations(monkeypatch):
    monkeypatch.delenv("ELKAAR_ROOT", raising=False)
    assert not paths.is_frozen()
    assert paths.bundle_root() == ROOT
    assert paths.program_dir() == ROOT
    assert paths.resource_path("fonts", "DejaVuSans.ttf").is_file()
    assert paths.resource_path("icons", "elkaar.png").is_file()
    assert (paths.migrations_path() / "env.py").is_file()
    assert list((paths.migrations_path() / "versions").glob("*.py"))


def test_from_source_marker_is_ignored(monkeypatch, tmp_path, no_data_override):
    """A marker next to the Python interpreter does not switch a developer to portable."""
    exe = tmp_path / "python"
    exe.write_bytes(b"")
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.portable_dir() is None
    assert paths.user_data_dir() == no_data_override


# ------------------------------------------------------------------ frozen layout


def test_frozen_resources_and_migrations_come_from_the_bundle(frozen):
    internal = frozen / "_internal"
    assert paths.is_frozen()
    assert paths.bundle_root() == internal
    assert paths.program_dir() == frozen
    assert paths.resource_path("icons", "elkaar.png") == internal / "resources/icons/elkaar.png"
    assert paths.migrations_path() == internal / "db"


def test_frozen_user_data_is_not_next_to_the_program(frozen, no_data_override):
    data = paths.user_data_dir()
    assert data == no_data_override
    assert frozen not in data.parents
    assert paths.default_db_path().parent == data
    assert not (frozen / "data").exists()


def test_frozen_portable_marker_puts_data_next_to_the_exe(frozen, no_data_override):
    (frozen / paths.PORTABLE_MARKER).write_text("")
    assert paths.portable_dir() == frozen / "data"
    assert paths.user_data_dir() == frozen / "data"
    assert (frozen / "data").is_dir()
    assert paths.default_db_path() == frozen / "data" / "elkaar.db"
    assert paths.log_dir() == frozen / "data" / "logs"
    assert not no_data_override.exists()


def test_portable_marker_must_be_a_file(frozen, no_data_override):
    (frozen / paths.PORTABLE_MARKER).mkdir()
    assert paths.portable_dir() is None


def test_explicit_data_dir_wins_over_portable(frozen, monkeypatch, tmp_path):
    (frozen / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv("ELKAAR_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.user_data_dir() == tmp_path / "elsewhere"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_frozen_through_a_symlink_uses_the_real_program_folder(frozen, monkeypatch, tmp_path):
    """e.g. ~/.local/bin/elkaar -> /opt/elkaar/elkaar: the marker is looked up at the target."""
    link_dir = tmp_path / "bin"
    link_dir.mkdir()
    link = link_dir / "elkaar"
    link.symlink_to(frozen / "elkaar")
    monkeypatch.setattr(sys, "executable", str(link))
    (frozen / paths.PORTABLE_MARKER).write_text("")
    assert paths.program_dir() == frozen
    assert paths.portable_dir() == frozen / "data"


def test_frozen_layout_migrates_a_database_from_the_bundled_db_folder(frozen, tmp_path):
    """Alembic loads env.py and versions/*.py from the bundle's db/ (copied as data)."""
    from desktop.store import migrations, open_store

    internal = frozen / "_internal"
    shutil.rmtree(internal / "db")
    shutil.copytree(ROOT / "db", internal / "db", ignore=shutil.ignore_patterns("__pycache__"))
    migrations.script.cache_clear()
    try:
        assert Path(migrations.script().dir) == internal / "db"
        store = open_store(tmp_path / "frozen.db")
        try:
            assert migrations.current_revisions(store) == migrations.head_revisions()
            assert migrations.head_revisions()
        finally:
            store.close()
    finally:
        migrations.script.cache_clear()


def test_frozen_layout_without_migrations_fails_loudly(frozen, tmp_path):
    """A bundle that forgot db/ must not silently create an unmigrated database."""
    from desktop.store import migrations, open_store

    migrations.script.cache_clear()
    try:
        with pytest.raises(Exception):  # noqa: B017 - any error is fine, silence is not
            store = open_store(tmp_path / "broken.db")
            store.close()
    finally:
        migrations.script.cache_clear()
