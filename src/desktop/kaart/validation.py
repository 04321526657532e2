"""Validation and normalisation of Dutch contact data: postcode, huisnummer, phone,
e-mail and website.

Every ``normalise_*`` function takes what a user typed (or a spreadsheet cell) and
returns one canonical form, or raises ``ValidationError`` with a Dutch message saying
what is wrong and how it should look. Blank input (only whitespace) returns ``""``:
whether a field is required is the form's or the importer's business, not this module's.
Normalising twice gives the same result as normalising once.

Canonical forms:

* postcode    ``"1234 AB"``
* huisnummer  ``"12"``, ``"12a"``, ``"12-2"``, ``"12a-bis"`` (number, lower-case letter,
  toevoeging after a hyphen)
* telefoon    ``"06 12345678"``, ``"010 123 4567"``, ``"0111 123 456"``,
  ``"0800 1234"``, ``"0900 123 4567"``, ``"14 020"``; foreign numbers stay international
  as ``"+3212345678"``. A 9-digit number without its leading zero (what Excel makes of
  ``0612345678`` typed as a number) gets the zero back.
* e-mail      ``"naam@voorbeeld.nl"`` (domain lower-case, local part kept as typed)
* website     ``"https://www.voorbeeld.nl/pad"`` (https:// added when no scheme is
  given; scheme and host lower-case; a bare trailing "/" dropped)

``phone_key`` and ``website_key`` give comparison keys for duplicate detection.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from desktop.errors import UserError

__all__ = [
    "MAX_EMAIL_LENGTH",
    "MAX_URL_LENGTH",
    "Huisnummer",
    "ValidationError",
    "normalise_email",
    "normalise_huisnummer",
    "normalise_phone",
    "normalise_postcode",
    "normalise_website",
    "parse_huisnummer",
    "phone_key",
    "website_key",
]

#: Longest accepted e-mail address and URL (they fit the store's columns).
MAX_EMAIL_LENGTH = 200
MAX_URL_LENGTH = 300
_MAX_INPUT = 1000  # anything longer is rejected before any regex runs


class ValidationError(UserError):
    """A value the user entered is not valid; ``field`` names the field (e.g.
    ``"postcode"``), the message says in Dutch what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _quote(text: str, limit: int = 40) -> str:
    """The user's input in quotes for a message, shortened when long."""
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def _clean(value: str, field: str) -> str:
    """Trim, turn odd spaces into plain ones; reject absurdly long input."""
    if not isinstance(value, str):
        raise ValidationError(field, "De waarde is geen tekst.")
    if len(value) > _MAX_INPUT:
        raise ValidationError(field, "De waarde is te lang.")
    value = "".join(" " if ch.isspace() else ch for ch in value)
    return value.strip()


# --- postcode ---------------------------------------------------------------------

_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
# PostNL does not use these letter combinations (historical associations).
_POSTCODE_BANNED = frozenset({"SA", "SD", "SS"})
_POSTCODE_HINT = "Een postcode bestaat uit vier cijfers en twee letters, zoals 1234 AB."


def normalise_postcode(value: str) -> str:
    """``"1234ab"`` -> ``"1234 AB"``. Rejects codes starting with 0 and the letter
    combinations SA, SD and SS, which PostNL does not issue."""
    text = _clean(value, "postcode")
    if not text:
        return ""
    compact = re.sub(r"[\s.-]+", " ", text.upper())
    match = _POSTCODE.fullmatch(compact)
    if match is None:
        if re.fullmatch(r"[0-9]{4}", compact):
            raise ValidationError(
                "postcode", f"De letters van de postcode ontbreken. {_POSTCODE_HINT}"
            )
        if re.fullmatch(r"0[0-9]{3} ?[A-Z]{2}", compact):
            raise ValidationError("postcode", "Een Nederlandse postcode begint niet met 0.")
        raise ValidationError(
            "postcode", f"{_quote(text)} is geen geldige postcode. {_POSTCODE_HINT}"
        )
    digits, letters = match.groups()
    if letters in _POSTCODE_BANNED:
        raise ValidationError(
            "postcode", f"Postcodes met de letters {letters} bestaan niet. {_POSTCODE_HINT}"
        )
    return f"{digits} {letters}"


# --- huisnummer -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Huisnummer:
    """A Dutch house number: number (1-99999), optional letter, optional toevoeging
    (at most 4 letters or digits, as in the BAG)."""

    nummer: int
    letter: str = ""
    toevoeging: str = ""

    def __str__(self) -> str:
        text = f"{self.nummer}{self.letter}"
        return f"{text}-{self.toevoeging}" if self.toevoeging else text


_HUISNUMMER = re.compile(
    r"(?P<nummer>[0-9]{1,5})(?![0-9])"
    r"(?:\s*(?P<letter>[A-Za-z])(?![A-Za-z]))?"
    r"(?:\s*[-/\s]?\s*(?P<toevoeging>[A-Za-z0-9]{1,4}))?"
)
_HUISNUMMER_HINT = (
    "Gebruik een huisnummer met eventueel een letter of toevoeging, zoals 12, 12a of 12-2."
)


def parse_huisnummer(value: str) -> Huisnummer | None:
    """Split a house number into its parts; ``None`` for blank input."""
    text = _clean(value, "huisnummer")
    if not text:
        return None
    if text.lower().startswith(("nr.", "nr ")):
        text = text[3:].strip()
    match = _HUISNUMMER.fullmatch(text)
    if match is None:
        raise ValidationError(
            "huisnummer", f"{_quote(text)} is geen geldig huisnummer. {_HUISNUMMER_HINT}"
        )
    nummer = int(match["nummer"])
    if nummer == 0:
        raise ValidationError("huisnummer", "Huisnummer 0 bestaat niet.")
    letter = (match["letter"] or "").lower()
    toevoeging = match["toevoeging"] or ""
    return Huisnummer(nummer, letter, toevoeging)


def normalise_huisnummer(value: str) -> str:
    """``"12 A"`` -> ``"12a"``, ``"12 bis"`` -> ``"12-bis"``, ``"12a 2"`` -> ``"12a-2"``."""
    parsed = parse_huisnummer(value)
    return "" if parsed is None else str(parsed)


# --- phone ------------------------------------------------------------------------

# Two-digit area codes (with the 0); all other geographic area codes have three digits.
_AREA_2 = frozenset(
    {"010", "013", "015", "020", "023", "024", "026", "030", "033", "035", "036", "038"}
    | {"040", "043", "045", "046", "050", "053", "055", "058", "070", "071", "072", "073"}
    | {"074", "075", "076", "077", "078", "079"}
)
# Non-geographic national numbers with a two-digit prefix after the 0.
_NATIONAL_3 = frozenset({"084", "085", "087", "088", "091"})
_SERVICE = ("0800", "0900", "0906", "0909")
_PHONE_HINT = "Gebruik een Nederlands nummer van tien cijfers, zoals 010 123 4567 of 06 12345678."


def _phone_digits(value: str) -> tuple[str, str]:
    """(international prefix '+' or '', digits). Raises on letters and the like."""
    text = _clean(value, "telefoon")
    text = text.replace("(0)", "")
    if re.search(r"[^0-9+\s().\-/]", text):
        raise ValidationError(
            "telefoon",
            f"{_quote(text)} is geen telefoonnummer: alleen cijfers, spaties en +, -, ( ) zijn toegestaan.",
        )
    plus = "+" if text.startswith("+") else ""
    if "+" in text[1:]:
        raise ValidationError("telefoon", f"{_quote(text)} is geen geldig telefoonnummer.")
    return plus, re.sub(r"[^0-9]", "", text)


def _national(plus: str, digits: str) -> str | None:
    """Dutch national form (starting with 0, or a 14-number), or None for a foreign
    international number."""
    if plus:
        if not digits.startswith("31"):
            return None
        return "0" + digits[2:].removeprefix("0")
    if digits.startswith("00"):
        if not digits.startswith("0031"):
            return None
        return "0" + digits[4:].removeprefix("0")
    if len(digits) == 11 and digits.startswith("31"):
        return "0" + digits[2:]
    if len(digits) == 9 and digits[0] != "0":
        return "0" + digits  # leading zero lost, e.g. by Excel
    return digits


def _format_national(number: str) -> str:
    if number.startswith("14") and len(number) in (5, 6) and number[2] == "0":
        return f"14 {number[2:]}"
    if number.startswith(_SERVICE):
        if len(number) not in (8, 11):
            raise ValidationError(
                "telefoon",
                f"Een {number[:4]}-nummer heeft 4 of 7 cijfers na {number[:4]}, zoals {number[:4]} 1234.",
            )
        rest = number[4:]
        return f"{number[:4]} {rest}" if len(rest) == 4 else f"{number[:4]} {rest[:3]} {rest[3:]}"
    if not number.startswith("0") or number.startswith("00"):
        raise ValidationError(
            "telefoon", f"{_quote(number)} is geen geldig Nederlands nummer. {_PHONE_HINT}"
        )
    if len(number) != 10:
        raise ValidationError(
            "telefoon",
            f"Een Nederlands nummer heeft tien cijfers; dit nummer heeft er {len(number)}. {_PHONE_HINT}",
        )
    if number.startswith("06"):
        return f"06 {number[2:]}"
    if number[:3] in _AREA_2 or number[:3] in _NATIONAL_3:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return f"{number[:4]} {number[4:7]} {number[7:]}"


def normalise_phone(value: str) -> str:
    """Normalise a phone number; accepts +31, 0031 and 0 forms, mobile 06, 0800/0900
    service numbers and 14 + area code. See the module docstring for the output."""
    plus, digits = _phone_digits(value)
    if not digits:
        if plus or _clean(value, "telefoon"):
            raise ValidationError(
                "telefoon", f"Het telefoonnummer bevat geen cijfers. {_PHONE_HINT}"
            )
        return ""
    national = _national(plus, digits)
    if national is None:
        international = digits[2:] if digits.startswith("00") else digits
        if not 8 <= len(international) <= 15 or international.startswith("0"):
            raise ValidationError(
                "telefoon", f"{_quote('+' + international)} is geen geldig internationaal nummer."
            )
        return f"+{international}"
    return _format_national(national)


def phone_key(value: str) -> str:
    """Digits only, for comparing numbers ("" when the number is not valid)."""
    try:
        normalised = normalise_phone(value)
    except ValidationError:
        return ""
    return ("+" if normalised.startswith("+") else "") + re.sub(r"[^0-9]", "", normalised)


# --- e-mail -----------------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_TLD = re.compile(r"(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})")


def _domain(host: str, field: str, message: str) -> str:
    """Lower-case, IDNA-checked host name with at least two labels; keeps Unicode."""
    host = host.lower()
    if host.endswith("."):
        host = host[:-1]  # fully qualified form "voorbeeld.nl."
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as exc:
        raise ValidationError(field, message) from exc
    labels = ascii_host.split(".")
    if len(labels) < 2 or len(ascii_host) > 253:
        raise ValidationError(field, message)
    if not all(_LABEL.fullmatch(label) for label in labels) or not _TLD.fullmatch(labels[-1]):
        raise ValidationError(field, message)
    return unicodedata.normalize("NFC", host)


def normalise_email(value: str) -> str:
    """Check one e-mail address; ``"mailto:"`` is dropped, the domain lower-cased."""
    text = _clean(value, "email")
    if not text:
        return ""
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    hint = f"{_quote(text)} is geen geldig e-mailadres. Gebruik de vorm naam@voorbeeld.nl."
    if any(sep in text for sep in (";", ",")) or text.count("@") > 1:
        raise ValidationError("email", "Vul één e-mailadres in (niet meerdere).")
    if " " in text or "@" not in text:
        raise ValidationError("email", hint)
    local, _, host = text.rpartition("@")
    if not local or len(local) > 64 or not _LOCAL.fullmatch(local):
        raise ValidationError("email", hint)
    domain = _domain(host, "email", hint)
    result = f"{local}@{domain}"
    if len(result) > MAX_EMAIL_LENGTH:
        raise ValidationError("email", "Het e-mailadres is te lang.")
    return result


# --- website ----------------------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def normalise_website(value: str) -> str:
    """Check a website address; ``"www.voorbeeld.nl"`` -> ``"https://www.voorbeeld.nl"``.
    Only http and https are accepted; spaces, user names and IP addresses are not."""
    text = _clean(value, "website")
    if not text:
        return ""
    hint = f"{_quote(text)} is geen geldig webadres. Gebruik de vorm www.voorbeeld.nl."
    if " " in text or any(ord(ch) < 32 or ch in '<>"\\{}|^`' for ch in text):
        raise ValidationError("website", hint)
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text) or re.match(r"[^/:]+:[0-9]+(?:[/?#]|$)", text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValidationError("website", hint) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(
            "website",
            f"Alleen adressen met http of https zijn toegestaan, niet {_quote(scheme + ':')}.",
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError("website", hint)
    host = parts.hostname or ""
    if not host or re.fullmatch(r"[0-9.]+|\[.*\]", host):
        raise ValidationError("website", hint)
    domain = _domain(host, "website", hint)
    netloc = domain
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc = f"{domain}:{port}"
    path = parts.path
    if path == "/" and not parts.query and not parts.fragment:
        path = ""
    result = urlunsplit((scheme, netloc, path, parts.query, parts.fragment))
    if len(result) > MAX_URL_LENGTH:
        raise ValidationError("website", "Het webadres is te lang.")
    return result


def website_key(value: str) -> str:
    """Host and path without scheme, "www." and trailing "/", for comparing websites
    ("" when the address is not valid)."""
    try:
        normalised = normalise_website(value)
    except ValidationError:
        return ""
    parts = urlsplit(normalised)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/")
