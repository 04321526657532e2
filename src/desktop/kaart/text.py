"""Text helpers for the sociale kaart: folding for search, name keys for duplicate
detection, and neutralising spreadsheet formulas in exports.

* ``fold`` makes text comparable regardless of case, diacritics, ligatures and
  typographic punctuation: "Cliënten" and "clienten" fold to the same string, so do
  "IJsselmonde", "Ĳsselmonde" and "ijsselmonde". "y" is *not* treated as "ij" (that would
  make "hobby" match "hobbij"); only the letter pair and the ligature are unified.
* ``normalise_name`` builds a key for "looks like the same organisation": folded, legal
  forms ("Stichting", "B.V.", ...) and leading/trailing articles dropped, punctuation gone.
* ``neutralise_formula`` prefixes a single quote to text a spreadsheet would otherwise
  run as a formula. Use it for CSV exports; in .xlsx write such cells as plain strings.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "FORMULA_PREFIX",
    "fold",
    "neutralise_formula",
    "normalise_name",
    "restore_neutralised",
]

# Letters that do not decompose under NFKD, plus typographic punctuation.
_FOLD_TABLE = str.maketrans(
    {
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ß": "ss",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` for search and matching.

    Casefolds, strips diacritics ("cliënten" -> "clienten", "café" -> "cafe"), expands
    ligatures ("ĳ" -> "ij", "æ" -> "ae"), unifies quotes and dashes, and collapses
    whitespace. The result is idempotent: ``fold(fold(s)) == fold(s)``.
    """
    if text.isascii():
        return " ".join(text.lower().translate(_FOLD_TABLE).split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A second casefold/NFKD round catches characters that only decompose or lower-case
    # after the first step, so that folding is idempotent.
    again = unicodedata.normalize("NFKD", stripped.translate(_FOLD_TABLE).casefold())
    again = "".join(ch for ch in again if not unicodedata.combining(ch))
    return " ".join(again.split())


# Legal forms and similar words that do not distinguish one organisation from another.
_LEGAL_FORMS = frozenset(
    {
        "stichting",
        "stg",
        "vereniging",
        "ver",
        "bv",
        "nv",
        "vof",
        "cv",
        "ua",
        "wa",
        "ba",
        "cooperatie",
        "cooperatieve",
        "eenmanszaak",
        "vzw",
        "gmbh",
        "ltd",
        "inc",
    }
)
_ARTICLES = frozenset({"de", "het", "t", "een"})
# Dotted abbreviations such as "B.V.", "U.A.", "v.o.f." -> "bv", "ua", "vof".
_DOTTED = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.){1,3}[^\W\d_])\.?(?![^\W\d_])")
_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Key for duplicate detection: "Stichting De Zonnebloem" and "Zonnebloem, de"
    both give "zonnebloem"; "Buur & Co B.V." gives "buur en co".

    Folds the text, removes legal forms (stichting, vereniging, B.V., N.V., v.o.f.,
    coöperatie U.A., ...), leading and trailing articles (de, het, 't, een) and all
    punctuation. If nothing would remain (a name that is only "Stichting"), the folded
    name without punctuation is returned instead.
    """
    folded = fold(name).replace("&", " en ")
    folded = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), folded)
    tokens = _NON_WORD.sub(" ", folded).split()
    kept = [t for t in tokens if t not in _LEGAL_FORMS]
    while kept and kept[0] in _ARTICLES:
        kept.pop(0)
    while kept and kept[-1] in _ARTICLES:
        kept.pop()
    return " ".join(kept or tokens)


#: What ``neutralise_formula`` puts in front of dangerous text.
FORMULA_PREFIX = "'"
_FORMULA_START = frozenset("=+-@\t\r\n\0")
_FORMULA_AFTER_SPACE = frozenset("=+-@")


def neutralise_formula(text: str) -> str:
    """Make ``text`` safe to put in a CSV file that may be opened in a spreadsheet.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR, LF or NUL -- or with
    spaces followed by ``=``, ``+``, ``-`` or ``@`` -- gets a single quote in front, so
    Excel and LibreOffice show it as text instead of running it as a formula (OWASP
    "CSV injection"). Other text is returned unchanged; applying it twice changes nothing
    more. Note the price: "+31 6 ..." or "-" placeholders also get the quote, so apply it
    on export only and keep the stored value as it was.
    """
    if not text:
        return text
    if text[0] in _FORMULA_START:
        return FORMULA_PREFIX + text
    stripped = text.lstrip(" ")
    if stripped and len(stripped) != len(text) and stripped[0] in _FORMULA_AFTER_SPACE:
        return FORMULA_PREFIX + text
    return text


def restore_neutralised(text: str) -> str:
    """Undo ``neutralise_formula`` for a value read back from one of our CSV exports:
    a leading quote is removed only when what follows would have been neutralised."""
    if text.startswith(FORMULA_PREFIX):
        rest = text[len(FORMULA_PREFIX) :]
        if rest and neutralise_formula(rest) != rest:
            return rest
    return text
