"""Mantelzorg: mantelzorgers, keukentafelgesprekken along the nine vraaggebieden,
ondersteuningsplannen, and the domain knowledge they rest on.

* ``instrument``: loads the reference instruments of seed 004 (vraaggebieden with example
  questions; omschrijving, draaglast/draagkracht, risk groups and signals of
  overbelasting) and the Wmo prestatievelden of seed 000.
* ``risk``: derives flags of overbelasting (the six risk groups of seed 004 and a few
  further signals) from plain data about a care situation, each with a Dutch reason.
"""
