"""Showing the Sociale kaart again must not wipe the soort and wijken of the open form."""

from __future__ import annotations

from sqlalchemy import text

from desktop.app import create_main_window


def _stored(store, oid):
    with store.session() as s:
        soort = s.execute(text("select soort_id from organisatie where id=:i"), {"i": oid}).one()[0]
        wijken = s.execute(
            text("select wijk_id from organisatie_wijk where organisatie_id=:i order by wijk_id"),
            {"i": oid},
        ).scalars()
        return soort, list(wijken)


def test_switching_sections_keeps_soort_and_wijken(qtbot, demo_store):
    with demo_store.session() as s:
        oid = s.execute(
            text(
                "select o.id from organisatie o join organisatie_wijk w on w.organisatie_id=o.id"
                " where o.soort_id is not null group by o.id having count(*) >= 2 limit 1"
            )
        ).scalar_one()
    before = _stored(demo_store, oid)
    window = create_main_window(demo_store)
    qtbot.addWidget(window)
    window.show()
    window.open_section("kaart")
    section = window.current_section()
    section.open_record(oid)
    form = section.form
    shown = (form.soort_combo.currentData(), sorted(form.wijken.values()))
    assert shown == before
    window.open_section("start")
    window.open_section("kaart")
    assert (form.soort_combo.currentData(), sorted(form.wijken.values())) == before
    assert not form.is_dirty()
    form.notities.setPlainText("gebeld")
    form.save()
    assert _stored(demo_store, oid) == before
