"""Database errors carry no values: their text reaches logs, dialogs and the clipboard."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError


def test_an_error_does_not_show_the_values_of_the_statement(store):
    with store.session() as s:
        s.execute(text("insert into instelling (sleutel, waarde) values ('x', 'Anna de Vries')"))
    with pytest.raises(IntegrityError) as caught, store.session() as s:
        s.execute(
            text("insert into instelling (sleutel, waarde) values (:k, :v)"),
            {"k": "x", "v": "Bert Geheim, Dorpsstraat 1"},
        )
    assert "Bert Geheim" not in str(caught.value)
    assert "parameters hidden" in str(caught.value)
