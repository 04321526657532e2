"""The full reliability suite (slow): ``pytest -m reliability tests/reliability``.

Same trials as ``benchmarks/reliability.py`` (which prints the figures for the closing
note): 200 kill -9 trials, disk full on a tmpfs, corrupted files, restore drills, fuzzing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import reliability  # noqa: E402

pytestmark = pytest.mark.reliability


def test_200_kill_trials(tmp_path):
    outcome = reliability.run_kill_trials(tmp_path, 200, seed=7)
    assert outcome.failures == []
    assert outcome.value("commits_lost") == 0 and outcome.value("kill_damaged") == 0


def test_disk_full_on_small_filesystem(tmp_path):
    outcome = reliability.run_disk_full(tmp_path)
    skipped = [f for f in outcome.figures if f.name == "diskfull_skipped"]
    if skipped:
        pytest.skip(skipped[0].note)
    assert outcome.failures == [] and outcome.value("diskfull_clean") == 1


def test_many_corrupted_variants(tmp_path):
    outcome = reliability.run_corruption(tmp_path, 90)
    assert outcome.failures == []
    assert outcome.value("damaged_refused") == outcome.value("damaged_total") >= 50


def test_restore_drill_plain_and_encrypted(tmp_path):
    outcome = reliability.run_restore_drill(tmp_path)
    assert outcome.failures == []
    assert outcome.value("restore_identical") == outcome.value("restore_trials") == 4


def test_fuzz_importers(tmp_path):
    outcome = reliability.run_fuzz(tmp_path, 400)
    assert outcome.failures == [] and outcome.value("fuzz_unhandled") == 0


def test_kill_during_backup(tmp_path):
    outcome = reliability.run_backup_kill_trials(tmp_path, 30)
    assert outcome.failures == [] and outcome.value("backup_files_damaged") == 0


def test_hostile_files_through_every_entry_point(tmp_path):
    outcome = reliability.run_hostile(tmp_path)
    assert outcome.failures == []
    assert outcome.value("hostile_refused") == outcome.value("hostile_trials") >= 200


def test_damaged_backups_are_never_restored(tmp_path):
    outcome = reliability.run_restore_refusals(tmp_path)
    assert outcome.failures == []
    assert outcome.value("restore_bad_refused") == outcome.value("restore_bad_trials")
