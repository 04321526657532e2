"""Basisfuncties: the checklist of the 5 basisfuncties lokale ondersteuning
vrijwilligerswerk and the 8 basisfuncties mantelzorg (seed 004), metingen against it,
their scores, the comparison of two metingen, the witte-vlekken matrix and the actieplan.

Pure (no Qt, no database):

* ``instrument``: loads and validates ``resources/instruments/basisfuncties.toml`` into
  frozen dataclasses (functions, items with stable keys, the status scale).
* ``scoring``: scores per function, per domain and in total, and ``compare`` for two
  metingen (also across instrument editions).
* ``witte_vlekken``: ``gap_matrix``, basisfuncties by wijk with the organisations on
  offer (re-exported by ``scoring``).
* ``weergave``: colours and short texts shared by the window and the reports.

Storage and services (SQLAlchemy, no Qt):

* ``models``: Meting, MetingItem (with uitvoerders and wijken), Actie; migration b001.
* ``service``: create/copy/update metingen, save answers, scores and comparison; it
  re-exports ``dekking`` (witte vlekken from the sociale kaart and a meting, the rule is
  in its docstring) and ``actieplan`` (actions CRUD, gap -> action).
* ``export``: Excel export of a meting; ``reports``: the two PDF reports; ``cli``,
  ``demo``, ``attention``: the feature hooks.

Window (Qt): ``views`` (the section), ``invullen`` + ``item_detail`` (fill-in screen),
``vlekken_view``, ``actieplan_view``.
"""

from desktop.features import SectionInfo

SECTION = SectionInfo(
    "basisfuncties",
    "Basisfuncties",
    "SP_FileDialogListView",
    40,
    "desktop.basisfuncties.views:BasisfunctiesSection",
)
