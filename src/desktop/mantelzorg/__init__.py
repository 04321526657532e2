"""Mantelzorg: mantelzorgers, keukentafelgesprekken along the nine vraaggebieden,
ondersteuningsplannen, and the domain knowledge they rest on.

* ``instrument``: loads the reference instruments of seed 004 (vraaggebieden with example
  questions; omschrijving, draaglast/draagkracht, risk groups and signals of
  overbelasting) and the Wmo prestatievelden of seed 000.
* ``risk``: derives flags of overbelasting (the six risk groups of seed 004 and a few
  further signals) from plain data about a care situation, each with a Dutch reason.
* ``models``: mantelzorgers, zorgvragers, zorgrelaties, gesprekken, plannen, drafts and the
  anonymous statistics kept after erasure (migration branch ``mantelzorg``, m001).
* ``service`` (register, find, correct), ``gesprekken`` (gesprekken, drafts, risk flags),
  ``plannen`` (ondersteuningsplan, referrals, follow-ups), ``statistiek`` (jaaroverzicht
  with suppression of groups smaller than 5).
* ``views`` and its parts (``forms``, ``gesprek_view``, ``encrypt_view``, ``detail``,
  ``privacy_actions``, ``widgets``); ``reports``, ``cli``, ``demo``, ``attention``.

AVG: personal data only in an SQLCipher store (``desktop.store.crypto`` converts a plain
one); inzage, erasure and retention live in ``desktop.privacy``.
"""

from desktop.features import SectionInfo

SECTION = SectionInfo(
    "mantelzorg",
    "Mantelzorgers",
    "SP_DirHomeIcon",
    20,
    "desktop.mantelzorg.views:MantelzorgSection",
)
