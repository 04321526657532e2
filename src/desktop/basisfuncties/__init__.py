"""Basisfuncties: the checklist of the 5 basisfuncties lokale ondersteuning
vrijwilligerswerk and the 8 basisfuncties mantelzorg (seed 004), metingen against it,
their scores, the comparison of two metingen and the witte-vlekken matrix.

* ``instrument``: loads and validates ``resources/instruments/basisfuncties.toml`` into
  frozen dataclasses (functions, items with stable keys, the status scale).
* ``scoring``: pure functions over plain data: scores per function, per domain and in
  total, and ``compare`` for two metingen (also across instrument editions).
* ``witte_vlekken``: ``gap_matrix``, basisfuncties by wijk with the organisations on
  offer (re-exported by ``scoring``).

All of it is plain Python: no Qt, no database.
"""
