import sys
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.rapporten import catalogue
from desktop.rapporten.catalogue import Report, ReportOption


def _noop(ctx, options, out, progress, cancel):
    out.write_text(repr(sorted(options.items())))


def _other(ctx, options, out, progress, cancel):
    pass


@pytest.fixture
def sample():
    report = Report(
        key="proef",
        title="Ääntjes proefrapport",
        description="Voor de tests.",
        options=[
            ReportOption("jaar", "Peiljaar", "year", required=True),
            ReportOption("wijk", "Wijk", "choice", choices=["Noord", "Zuid"], default="Noord"),
            ReportOption("alles", "Alles tonen", "bool", default=False),
            ReportOption("max", "Maximum", "int"),
            ReportOption("map", "Map", "path"),
            ReportOption("naam", "Naam", "str"),
        ],
        build=_noop,
    )
    catalogue.register(report)
    yield report
    catalogue.unregister("proef")


def test_get_and_list(sample):
    assert catalogue.get("proef") is sample
    titles = [r.title for r in catalogue.all_reports()]
    assert titles == sorted(titles, key=catalogue._sort_key)
    assert "Ääntjes proefrapport" in titles


def test_unknown_key_lists_available_reports(sample):
    with pytest.raises(UserError) as err:
        catalogue.get("bestaat-niet")
    message = str(err.value)
    assert message.startswith("Onbekend rapport 'bestaat-niet'.")
    assert "proef" in message


def test_options_are_parsed_defaulted_and_checked(sample):
    resolved = sample.resolve_options(
        {"jaar": "2026", "wijk": "zuid", "alles": "ja", "max": "10", "map": "~/x", "naam": " A "}
    )
    assert resolved == {
        "jaar": 2026,
        "wijk": "Zuid",
        "alles": True,
        "max": 10,
        "map": Path("~/x").expanduser(),
        "naam": "A",
    }
    assert sample.resolve_options({"jaar": 2025})["wijk"] == "Noord"
    with pytest.raises(UserError, match="Peiljaar"):
        sample.resolve_options({})
    with pytest.raises(UserError, match="geen geldig jaartal"):
        sample.resolve_options({"jaar": "20265"})
    with pytest.raises(UserError, match="Kies uit: Noord, Zuid"):
        sample.resolve_options({"jaar": 2026, "wijk": "West"})
    with pytest.raises(UserError, match="ja of nee"):
        sample.resolve_options({"jaar": 2026, "alles": "misschien"})
    with pytest.raises(UserError, match="geen geheel getal"):
        sample.resolve_options({"jaar": 2026, "max": "tien"})
    with pytest.raises(UserError, match="kent de optie onbekend"):
        sample.resolve_options({"jaar": 2026, "onbekend": 1})
    assert sample.option("max").flag == "--max"


def test_run_builds_with_resolved_options(sample, tmp_path):
    out = sample.run(None, {"jaar": "2026"}, tmp_path / "r.txt")
    assert "('jaar', 2026)" in out.read_text()


def test_duplicate_key_is_refused(sample):
    twin = Report("proef", "Ander", "", [], build=_other)
    with pytest.raises(ValueError):
        catalogue.register(twin)
    catalogue.register(sample)  # the same report again is fine


def test_option_definitions_are_validated():
    with pytest.raises(ValueError):
        ReportOption("x", "X", "datum")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ReportOption("x", "X", "choice")
    with pytest.raises(ValueError):
        Report("k", "T", "", [ReportOption("a", "A", "int"), ReportOption("a", "B", "int")], _noop)


def test_missing_modules_are_skipped_but_broken_ones_raise(tmp_path, monkeypatch):
    pkg = tmp_path / "elkaar_testpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "goed.py").write_text(
        "from desktop.rapporten.catalogue import Report, register\n"
        "def build(*a): pass\n"
        "register(Report('testgoed', 'Goed', '', [], build))\n"
    )
    (pkg / "kapot.py").write_text("raise RuntimeError('kapotte module')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        catalogue.load_report_modules(
            ["elkaar_testpkg.goed", "elkaar_testpkg.bestaatniet", "elkaar_nergens.reports"]
        )
        assert catalogue.get("testgoed").title == "Goed"
        with pytest.raises(RuntimeError, match="kapotte module"):
            catalogue.load_report_modules(["elkaar_testpkg.kapot"])
    finally:
        catalogue.unregister("testgoed")
        for name in [m for m in sys.modules if m.startswith("elkaar_testpkg")]:
            del sys.modules[name]


def test_default_module_list_loads():
    # Every listed module that exists imports cleanly (missing ones are skipped).
    catalogue.load_report_modules(list(catalogue.REPORT_MODULES))
    assert isinstance(catalogue.all_reports(), list)
