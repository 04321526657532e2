"""Quick reliability run for every change (the full run is tests/reliability, -m reliability)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import reliability  # noqa: E402


def test_kill_minus_nine_loses_no_acknowledged_commit(tmp_path):
    outcome = reliability.run_kill_trials(tmp_path, 10)
    assert outcome.failures == []
    assert outcome.value("kill_trials") == 10
    assert outcome.value("commits_lost") == 0
    assert outcome.value("kill_commits_acknowledged") > 0


def test_corrupted_databases_are_refused_untouched(tmp_path, demo_template):
    outcome = reliability.run_corruption(tmp_path, 50, good=demo_template)
    assert outcome.failures == []
    assert outcome.value("damaged_total") >= 50
    assert outcome.value("damaged_refused") == outcome.value("damaged_total")


def test_importers_survive_broken_files(tmp_path):
    outcome = reliability.run_fuzz(tmp_path, 15)
    assert outcome.failures == []
    assert outcome.value("fuzz_unhandled") == 0
    assert outcome.value("fuzz_cases") > 100


def test_kill_during_backup_leaves_no_half_backup(tmp_path, demo_template):
    outcome = reliability.run_backup_kill_trials(tmp_path, 3, template=demo_template)
    assert outcome.failures == []
    assert outcome.value("backup_files_damaged") == 0
