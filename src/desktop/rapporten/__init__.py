"""Shared report framework: fonts, styles, the A4 document template, charts, Excel export
and the report catalogue.

Nothing is imported here on purpose: ``desktop.rapporten.catalogue`` must stay cheap to
import (``elkaar report list``), while reportlab and openpyxl are only loaded by the
modules that need them (``document``, ``styles``, ``charts``, ``excel``).
"""
