"""Typetest service: rondes, respondents, answers, results, group analysis, stappenplan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.errors import UserError
from desktop.typetest import plan as plan_service
from desktop.typetest import service
from desktop.typetest.attention import attention_items
from desktop.typetest.models import Respondent, TypetestAntwoord, TypetestRonde

EVEN = (2, 4, 6, 8, 10, 12, 14)
ODD = (1, 3, 5, 7, 9, 11, 13)


def answers_with(even_a: int, odd_a: int) -> dict[int, str]:
    answers = {n: "b" for n in range(1, 15)}
    for n in EVEN[:even_a] + ODD[:odd_a]:
        answers[n] = "a"
    return answers


def make_ronde(session, naam="Ronde", datum=date(2026, 3, 1), people=()):
    ronde = service.create_ronde(session, naam, datum, "doel")
    for rol, answers in people:
        r = service.add_respondent(session, ronde.id, "", rol)
        service.set_answers(session, r.id, answers)
    return ronde


def test_result_only_when_complete_and_raw_counts_kept(store):
    with store.session() as s:
        ronde = make_ronde(s)
        r = service.add_respondent(s, ronde.id, "  Els   de Vries ", "raadslid")
        assert r.naam == "Els de Vries" and r.volgnummer == 1
        answers = answers_with(7, 2)
        for n in range(1, 14):
            result = service.set_answer(s, r.id, n, answers[n].upper())
            assert result.result is None
        assert result.beantwoord == 13
        assert result.letters.endswith("-")
        assert (result.a_even_tot_nu, result.a_oneven_tot_nu) == (6, 2)  # q14 still open
        result = service.set_answer(s, r.id, 14, answers[14])
        assert result.result is not None
        assert result.result.to_json_dict() == {
            "even_a": 7,
            "odd_a": 2,
            "beleid": "smal",
            "regie": "op afstand",
            "type": "III",
            "naam": "Op hoop van zegen",
        }
        stored = s.get(Respondent, r.id)
        assert (stored.even_a, stored.odd_a, stored.type_code) == (7, 2, "III")
        # clearing an answer removes the result again
        result = service.set_answer(s, r.id, 7, None)
        assert result.result is None and 7 not in result.answers
        assert s.get(Respondent, r.id).type_code is None


def test_answers_keep_question_key_and_instrument_version(store):
    from desktop.typetest.instrument import load_typetest

    with store.session() as s:
        ronde = make_ronde(s, people=[("ambtenaar", answers_with(3, 3))])
        rows = s.scalars(select(TypetestAntwoord).order_by(TypetestAntwoord.vraag_nummer)).all()
        assert [a.vraag_key for a in rows] == [f"q{n}" for n in range(1, 15)]
        assert {a.instrument_versie for a in rows} == {load_typetest().versie}
        assert ronde.instrument_versie == load_typetest().versie


def test_a_later_edition_never_changes_an_old_result(store):
    with store.session() as s:
        ronde = make_ronde(s, people=[("wethouder", answers_with(6, 6))])
        respondent_id = ronde.respondenten[0].id
        # Simulate a ronde filled in under an older edition with a stored result that the
        # current rule would not give for these answers.
        ronde.instrument_versie = "2005-01-01.1"
        stored = s.get(Respondent, respondent_id)
        stored.even_a, stored.odd_a, stored.type_code = 1, 1, "IV"
        s.flush()
        result = service.respondent_results(s, ronde.id)[0]
        assert result.result is not None
        assert (result.result.type, result.result.even_a, result.result.odd_a) == ("IV", 1, 1)
        with pytest.raises(UserError, match="editie 2005-01-01.1"):
            service.set_answer(s, respondent_id, 1, "b")
        assert service.respondent_results(s, ronde.id)[0].answers[1] == "a"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, rid, pid: service.create_ronde(s, "   ", date(2026, 1, 1)), "naam"),
        (lambda s, rid, pid: service.get_ronde(s, 999), "bestaat niet"),
        (lambda s, rid, pid: service.add_respondent(s, rid, "", "burgemeester"), "Onbekende rol"),
        (lambda s, rid, pid: service.set_answer(s, pid, 3, "c"), "kies a of b"),
        (lambda s, rid, pid: service.set_answer(s, pid, 15, "a"), "1 tot en met 14"),
        (lambda s, rid, pid: service.update_ronde(s, rid, naam=""), "naam"),
        (lambda s, rid, pid: service.get_respondent(s, 4242), "bestaat niet"),
    ],
)
def test_bad_input_is_a_dutch_user_error_and_keeps_data(store, call, message):
    with store.session() as s:
        ronde = make_ronde(s, people=[("ambtenaar", answers_with(2, 2))])
        ids = (ronde.id, ronde.respondenten[0].id)
    with pytest.raises(UserError, match=message), store.session() as s:
        call(s, *ids)
    with store.session() as s:
        result = service.respondent_results(s, ids[0])[0]
        assert result.result is not None and result.result.type == "IV"


def test_group_result_spread_agenda_and_dots(store):
    with store.session() as s:
        ronde = make_ronde(
            s,
            people=[
                ("ambtenaar", answers_with(5, 5)),  # I
                ("raadslid", answers_with(2, 5)),  # II
                ("steunpunt", answers_with(2, 1)),  # IV
                ("wethouder", answers_with(2, 2)),  # IV
            ],
        )
        service.add_respondent(s, ronde.id, "Half", "anders")  # no answers
        group = service.group_result(s, ronde.id)
    assert group.spread == {"I": 1, "II": 1, "III": 0, "IV": 2}
    assert len(group.complete) == 4 and len(group.incomplete) == 1
    assert group.most_common_types == ["IV"]
    # q1 (first odd) is a for all four: unanimous, never on the agenda
    splits = {q.nummer: (q.a, q.b) for q in group.agenda}
    assert splits[1] == (4, 0)
    agenda = group.discussion_agenda()
    assert agenda and all(q.a and q.b for q in agenda)
    first = agenda[0]
    assert abs(first.a - first.b) == min(abs(a - b) for a, b in splits.values())
    assert group.mean_even_a == pytest.approx(11 / 4)
    assert group.previous is None and group.shift is None


def test_shift_between_two_rondes(store):
    with store.session() as s:
        early = make_ronde(
            s,
            "Eerste",
            date(2025, 3, 1),
            [("ambtenaar", answers_with(2, 1)), ("raadslid", answers_with(2, 2))],
        )
        late = make_ronde(
            s,
            "Tweede",
            date(2026, 3, 1),
            [("ambtenaar", answers_with(2, 5)), ("raadslid", answers_with(3, 6))],
        )
        assert service.previous_ronde(s, late.id).id == early.id
        assert service.previous_ronde(s, early.id) is None
        group = service.group_result(s, late.id)
        assert group.previous.id == early.id
        assert group.shift.delta_odd_a == pytest.approx(4.0)
        assert group.shift.spread_delta == {"I": 0, "II": 2, "III": 0, "IV": -2}
        assert "dirigent" in service.shift_sentence(group.shift)
        alone = service.group_result(s, late.id, default_previous=False)
        assert alone.shift is None
        with pytest.raises(UserError):
            service.group_result(s, late.id, compare_with=late.id)
        assert [r.naam for r in service.list_rondes(s)] == ["Tweede", "Eerste"]


def test_delete_respondent_and_ronde_cascade(store):
    with store.session() as s:
        ronde = make_ronde(s, people=[("ambtenaar", answers_with(1, 1))] * 2)
        first = ronde.respondenten[0].id
        service.delete_respondent(s, first)
        assert len(service.respondent_results(s, ronde.id)) == 1
        # the next respondent gets a new number, never a re-used one
        assert service.add_respondent(s, ronde.id).volgnummer == 3
        plan = plan_service.create_plan(s, ronde_id=ronde.id)
        service.delete_ronde(s, ronde.id)
        assert s.scalars(select(TypetestRonde)).all() == []
        assert s.scalars(select(TypetestAntwoord)).all() == []
        s.refresh(plan)
        assert plan.ronde_id is None


def test_stappenplan_working_document(store):
    today = date(2026, 11, 23)
    with store.session() as s:
        ronde = make_ronde(s, people=[("ambtenaar", answers_with(1, 1))])
        plan = plan_service.current_plan(s)
        assert plan_service.current_plan(s).id == plan.id  # made once
        overzicht = plan_service.plan_overzicht(s, plan.id)
        assert [w.stap.nummer for w in overzicht.stappen] == list(range(1, 10))
        assert overzicht.voortgang == {"niet begonnen": 9, "bezig": 0, "klaar": 0}
        assert len(overzicht.s_en) == 5 and len(overzicht.themas) == 6
        plan_service.set_ronde(s, plan.id, ronde.id)
        plan_service.update_stap(
            s, plan.id, 2, status="bezig", eigenaar=" Jan ", datum=today - timedelta(days=1)
        )
        plan_service.update_stap(s, plan.id, 3, status="klaar", datum=today - timedelta(days=5))
        plan_service.update_thema(s, plan.id, "loket", afgevinkt=True, notities="ok")
        plan_service.update_s(s, plan.id, "sturen", "visie in nota")
        with pytest.raises(UserError, match="status"):
            plan_service.update_stap(s, plan.id, 1, status="half")
        with pytest.raises(UserError, match="1 tot en met 9"):
            plan_service.update_stap(s, plan.id, 10, status="bezig")
        with pytest.raises(UserError):
            plan_service.update_thema(s, plan.id, "positie", keuze="iets anders")
        overzicht = plan_service.plan_overzicht(s, plan.id)
        assert overzicht.ronde_id == ronde.id
        assert overzicht.stappen[1].eigenaar == "Jan"
        assert overzicht.voortgang == {"niet begonnen": 7, "bezig": 1, "klaar": 1}
        assert next(t for t in overzicht.themas if t.thema.key == "loket").afgevinkt
        assert next(x for x in overzicht.s_en if x.s.key == "sturen").notities == "visie in nota"
        # only the step that is not klaar is overdue
        assert [w.stap.nummer for w in plan_service.overdue_steps(s, today)] == [2]
        plan_service.update_stap(s, plan.id, 2, clear_datum=True)
        assert plan_service.overdue_steps(s, today) == []


def test_attention_items(store):
    today = date(2026, 11, 23)
    with store.session() as s:
        assert attention_items(s, today) == []
        ronde = make_ronde(s, datum=today - timedelta(days=20))
        r = service.add_respondent(s, ronde.id)
        service.set_answer(s, r.id, 1, "a")
        plan = plan_service.current_plan(s)
        plan_service.update_stap(s, plan.id, 4, status="bezig", datum=today - timedelta(days=3))
        items = attention_items(s, today)
    titles = [i.titel for i in items]
    assert any("1 respondent heeft nog niet alle vragen" in t for t in titles)
    assert any(t.startswith("Stappenplan: stap 4") for t in titles)
    assert {i.sectie for i in items} == {"typetest"}
    plan_item = next(i for i in items if i.titel.startswith("Stappenplan"))
    assert (plan_item.doel, plan_item.record_id) == ("stappenplan", 4)  # tab, first late step
    ronde_item = next(i for i in items if "respondent" in i.titel)
    assert (ronde_item.doel, ronde_item.record_id) == ("ronde", ronde.id)
    with store.session() as s:
        later = attention_items(s, today + timedelta(days=400))
    assert any("meer dan een jaar" in i.titel for i in later)


def test_excel_export_one_row_per_respondent(store, tmp_path):
    from openpyxl import load_workbook

    from desktop.typetest.export import export_headers, export_ronde

    with store.session() as s:
        ronde = make_ronde(s, people=[("raadslid", answers_with(4, 4))])
        r = service.add_respondent(s, ronde.id, "Piet", "steunpunt")
        service.set_answer(s, r.id, 2, "a")
        ronde_id = ronde.id
    out = export_ronde(store, ronde_id, tmp_path / "ronde.xlsx")
    ws = load_workbook(out)["Respondenten"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == export_headers()
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Rol"] == "Raadslid"
    assert "".join(first[f"Vraag {n}"] for n in range(1, 15)) == "".join(
        answers_with(4, 4)[n] for n in range(1, 15)
    )
    assert (first["Aantal a even vragen"], first["Aantal a oneven vragen"]) == (4, 4)
    assert (first["Type"], first["Typenaam"]) == ("I", "De ambitie voorbij")
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Naam"] == "Piet" and second["Type"] in ("", None)
    assert second["Typenaam"] == "(onvolledig)"
    anon = export_ronde(store, ronde_id, tmp_path / "anon.xlsx", anoniem=True)
    names = [row[1] for row in load_workbook(anon)["Respondenten"].iter_rows(values_only=True)]
    assert "Piet" not in names
