"""Typetest and plan-van-aanpak reports say something true with a ronde without
respondents, with one respondent, and when the earlier ronde has no results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.errors import UserError
from desktop.rapporten import catalogue
from desktop.typetest import plan as plan_service
from desktop.typetest import service


def _text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def _build(store, key: str, out: Path, **options) -> str:
    catalogue.load_report_modules()
    catalogue.get(key).build(store, options, out, None, None)
    return _text(out)


def _ronde(store, naam: str, answers: list[dict[int, str]]) -> int:
    with store.session() as s:
        ronde = service.create_ronde(s, naam, date(2026, 11, 1))
        for given in answers:
            r = service.add_respondent(s, ronde.id)
            service.set_answers(s, r.id, given)
        return ronde.id


ALL_A = {n: "a" for n in range(1, 15)}


def test_ronde_without_respondents(store, tmp_path) -> None:
    ronde_id = _ronde(store, "Leeg", [])
    text = _build(store, "typetest", tmp_path / "t.pdf", ronde=ronde_id)
    assert "Respondenten nog geen" in text
    assert "0, waarvan 0" not in text
    assert "Deze ronde heeft nog geen respondenten" in text
    assert "Nog geen respondenten in deze ronde" in text
    assert "(nog)" not in text


def test_one_respondent(store, tmp_path) -> None:
    ronde_id = _ronde(store, "Een", [ALL_A])
    text = _build(store, "typetest", tmp_path / "t.pdf", ronde=ronde_id)
    assert "1, die alle vragen beantwoordde" in text
    assert "De respondent koos 7 keer a" in text and "Gemiddeld koos de groep" not in text
    assert "pas één volledig ingevulde test" in text
    with store.session() as s:
        plan_service.set_ronde(s, plan_service.current_plan(s).id, ronde_id)
    plan = _build(store, "plan-van-aanpak", tmp_path / "p.pdf")
    assert "1 respondent met een uitslag: type I" in plan
    assert "1 respondenten" not in plan and "de meesten" not in plan


def test_unanimous_group_is_not_told_to_fill_in_two_tests(store, tmp_path) -> None:
    ronde_id = _ronde(store, "Eens", [ALL_A, ALL_A, ALL_A])
    text = _build(store, "typetest", tmp_path / "t.pdf", ronde=ronde_id)
    assert "3, die allemaal alle vragen beantwoordden" in text
    assert "Alle 3 respondenten gaven op elke vraag hetzelfde antwoord" in text
    assert "minstens twee" not in text


def test_shift_against_a_ronde_without_results_is_not_called_unchanged(store, tmp_path) -> None:
    earlier = _ronde(store, "Voorjaar", [ALL_A])
    now = _ronde(store, "Najaar", [{1: "a", 2: "b"}])
    text = _build(store, "typetest", tmp_path / "t.pdf", ronde=now, vergelijk=earlier)
    assert "nauwelijks veranderd" not in text
    assert "deze ronde heeft nog geen respondent met een uitslag" in text
    assert "1, die nog niet alle vragen beantwoordde" in text


def test_no_ronde_at_all_tells_the_user_to_start_one(store, tmp_path) -> None:
    catalogue.load_report_modules()
    with pytest.raises(UserError, match="nog geen typetest-ronde"):
        catalogue.get("typetest").build(store, {}, tmp_path / "t.pdf", None, None)
    assert not (tmp_path / "t.pdf").exists()
