"""The typetest and plan-van-aanpak reports, rendered and read back with pypdf; and the
demo content."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.typetest import plan as plan_service
from desktop.typetest import service
from desktop.typetest.instrument import load_stappenplan, load_typetest

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(store):
    from desktop.demo import DemoContext
    from desktop.store import settings
    from desktop.typetest import demo

    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        ctx = DemoContext(random.Random(5), TODAY, [], False)
        demo.load_demo(s, ctx)
        demo.load_demo(s, ctx)  # a second call adds nothing
    return store


def text_of(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def build(store, key: str, out: Path, **options) -> str:
    from desktop.rapporten import catalogue

    report = catalogue.get(key)
    report.run(store, options, out)
    return text_of(out)


def test_typetest_report_content(demo, tmp_path):
    test = load_typetest()
    text = build(demo, "typetest", tmp_path / "t.pdf", ronde=2)
    assert "Gemeente Lindewaard" in text
    assert "Typetest scorekaart" in text
    assert "regie op afstand" in text and "gemeente als dirigent" in text
    with demo.session() as s:
        group = service.group_result(s, 2)
    # the types that occur, with their verbatim description; absent types are not described
    for code in ("I", "II", "III", "IV"):
        described = squash(test.type(code).beschrijving)[:80] in text
        assert described == bool(group.spread[code])
    # disagreement agenda and discussion questions (verbatim)
    assert "Agenda voor het gesprek" in text
    top = group.discussion_agenda()[0]
    assert squash(test.vraag(top.nummer).tekst) in text
    for vraag in test.interpretatie.discussievragen:
        assert vraag in text
    # shift against the first ronde
    assert "Verschuiving ten opzichte van 'Visiebijeenkomst" in text
    # per respondent: names and the answer letters
    assert "Fatima El Idrissi" in text
    assert "Antwoorden per respondent" in text


def test_typetest_report_anonymised(demo, tmp_path):
    text = build(demo, "typetest", tmp_path / "a.pdf", ronde=2, anoniem=True)
    for naam in ("Marieke Jansen", "Henk Bosman", "Fatima El Idrissi", "Kees Vermeulen"):
        assert naam not in text
    assert "Anoniem" in text or "anoniem" in text.lower()


def test_typetest_report_without_comparison_and_errors(demo, tmp_path):
    from desktop.errors import UserError

    text = build(demo, "typetest", tmp_path / "f.pdf", ronde=1)
    assert "Verschuiving" not in text  # the first ronde has nothing before it
    with pytest.raises(UserError):
        build(demo, "typetest", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_plan_van_aanpak_report(demo, tmp_path):
    text = build(demo, "plan-van-aanpak", tmp_path / "p.pdf")
    stappenplan = load_stappenplan()
    for stap in stappenplan.stappen:
        assert squash(f"Stap {stap.nummer}: {stap.titel}")[:60] in text
    # verbatim questions of step 2 and aandachtspunten of step 6
    assert squash(stappenplan.stap(2).vragen[0]) in text
    assert "borging (hoe houden we goede resultaten vast" in text
    assert "Startpunt" in text and "Herhaling na een jaar" in text
    assert "De regierol van de gemeenten: de 5 S-en" in text
    assert "Checklist belangrijke thema's" in text
    assert "Marieke Jansen" in text  # owner of step 1


def test_demo_content(demo):
    with demo.session() as s:
        rondes = sorted(service.list_rondes(s), key=lambda r: r.datum)
        assert len(rondes) == 2
        first, second = rondes
        assert 330 <= (second.datum - first.datum).days <= 400
        for ronde in rondes:
            assert 6 <= ronde.respondenten <= 10
            results = service.respondent_results(s, ronde.id)
            assert len({r.rol for r in results}) >= 4
        group = service.group_result(s, second.id)
        assert group.previous.id == first.id
        # a visible shift towards gemeente als dirigent
        assert group.shift.delta_odd_a >= 1.0
        assert group.spread != group.shift.previous_spread
        assert len(group.incomplete) == 1  # one respondent has not finished
        plan = plan_service.current_plan(s, create=False)
        overzicht = plan_service.plan_overzicht(s, plan.id)
        assert overzicht.ronde_id == second.id
        v = overzicht.voortgang
        assert v["klaar"] >= 1 and v["bezig"] >= 1 and v["niet begonnen"] >= 1
        assert plan_service.overdue_steps(s, TODAY)
