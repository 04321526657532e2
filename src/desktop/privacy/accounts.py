"""Optional personal accounts for a shared laptop (plain Python, no Qt).

Off by default: a database without accounts opens without signing in. Once a beheerder
account exists, everyone signs in. Passwords are stored only as Argon2id hashes
(argon2-cffi; 46 MiB, 2 passes, 1 lane: OWASP's recommended minimum, about 0.2 s on a
laptop). Roles:

* ``beheerder``: everything, including accounts and the audit log;
* ``medewerker``: works with the data;
* ``alleen-lezen``: looks only (the window reopens the store read-only).

Sign-in, sign-out, failed attempts, locks and account changes go to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.privacy import audit
from desktop.privacy.models import Gebruiker
from desktop.store import changelog, settings
from desktop.store.base import utcnow

ROLES: dict[str, str] = {
    "beheerder": "Beheerder",
    "medewerker": "Medewerker",
    "alleen-lezen": "Alleen lezen",
}
IDLE_KEY = "accounts.vergrendel_minuten"
DEFAULT_IDLE_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
MAX_FAILED = 5  # after this many failed attempts in a row a wrong password is logged urgent

_hasher = PasswordHasher(time_cost=2, memory_cost=47104, parallelism=1)


@dataclass(frozen=True)
class Account:
    """The signed-in user (kept in memory; no password)."""

    id: int
    naam: str
    volledige_naam: str
    rol: str

    @property
    def is_beheerder(self) -> bool:
        return self.rol == "beheerder"

    @property
    def can_write(self) -> bool:
        return self.rol != "alleen-lezen"

    @property
    def label(self) -> str:
        return self.volledige_naam or self.naam


_current: Account | None = None


def current_account() -> Account | None:
    return _current


def _set_current(account: Account | None) -> None:
    global _current
    _current = account
    changelog.set_current_user(account.naam if account else None)


def may_administer() -> bool:
    """Without accounts everyone is the beheerder of their own laptop."""
    return _current is None or _current.is_beheerder


# --------------------------------------------------------------------------- hashing


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_hash(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def validate_password(password: str, naam: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"Het wachtwoord is te kort: gebruik ten minste {MIN_PASSWORD_LENGTH} tekens "
            "(een zin van een paar woorden is goed te onthouden)."
        )
    if naam and naam.lower() in password.lower():
        raise UserError("Het wachtwoord mag de gebruikersnaam niet bevatten.")
    if len(set(password)) < 4:
        raise UserError("Het wachtwoord is te eenvoudig.")


# --------------------------------------------------------------------------- queries


def accounts_enabled(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Gebruiker).where(Gebruiker.actief)))


def list_users(session: Session) -> list[Gebruiker]:
    return list(session.scalars(select(Gebruiker).order_by(func.lower(Gebruiker.naam))))


def _find(session: Session, naam: str) -> Gebruiker | None:
    return session.scalar(
        select(Gebruiker).where(func.lower(Gebruiker.naam) == naam.strip().lower())
    )


def _active_beheerders(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Gebruiker)
            .where(Gebruiker.actief, Gebruiker.rol == "beheerder")
        )
        or 0
    )


def idle_minutes(session: Session) -> int:
    raw = settings.get(session, IDLE_KEY)
    try:
        value = int(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        value = DEFAULT_IDLE_MINUTES
    return max(0, min(value, 240))


def set_idle_minutes(session: Session, minutes: int) -> None:
    _require_beheerder(session)
    if not 0 <= minutes <= 240:
        raise UserError("Kies een tijd tussen 0 (nooit vergrendelen) en 240 minuten.")
    settings.put(session, IDLE_KEY, str(minutes))


# --------------------------------------------------------------------------- changes


def _require_beheerder(session: Session) -> None:
    if accounts_enabled(session) and not (_current is not None and _current.is_beheerder):
        raise UserError("Alleen een beheerder mag dit.")


def create_user(
    session: Session, naam: str, wachtwoord: str, rol: str = "medewerker", volledige_naam: str = ""
) -> Gebruiker:
    """Add an account. The first account turns accounts on and must be a beheerder."""
    naam = " ".join((naam or "").split())
    if not naam:
        raise UserError("Vul een gebruikersnaam in.")
    if len(naam) > 100:
        raise UserError("De gebruikersnaam is te lang (hoogstens 100 tekens).")
    if rol not in ROLES:
        raise UserError(f"Onbekende rol: {rol}.")
    first = not accounts_enabled(session)
    if first and rol != "beheerder":
        raise UserError("Het eerste account moet een beheerder zijn.")
    if not first:
        _require_beheerder(session)
    if _find(session, naam) is not None:
        raise UserError(f"Er is al een gebruiker '{naam}'.")
    validate_password(wachtwoord, naam)
    user = Gebruiker(
        naam=naam,
        volledige_naam=" ".join(volledige_naam.split())[:200],
        rol=rol,
        wachtwoord_hash=hash_password(wachtwoord),
        actief=True,
        mislukte_pogingen=0,
    )
    session.add(user)
    session.flush()
    audit.log(session, "gebruiker-nieuw", "gebruiker", user.id, f"{naam} ({ROLES[rol]})")
    if first:
        _set_current(_account(user))
    return user


def _account(user: Gebruiker) -> Account:
    return Account(user.id, user.naam, user.volledige_naam, user.rol)


WRONG = "De gebruikersnaam of het wachtwoord klopt niet."


def sign_in(store, naam: str, wachtwoord: str) -> Account:
    """Sign in against ``store`` (commits the audit entry, also for a failed attempt)."""
    with store.session() as session:
        account = authenticate(session, naam, wachtwoord, log=not store.readonly)
    if account is None:
        raise UserError(WRONG)
    return account


def restrict_store(store) -> None:
    """After a sign-in: an alleen-lezen account gets the store reopened read-only (the
    window and the command line alike)."""
    from desktop.store import engine as store_engine

    account = current_account()
    if account is None or account.can_write or store.readonly or store.path is None:
        return
    readonly = store_engine.open_store(
        store.path, passphrase=store.passphrase, readonly=True, migrate=False
    )
    store.adopt(readonly)


def authenticate(
    session: Session, naam: str, wachtwoord: str, *, log: bool = True
) -> Account | None:
    """Check name and password; None when wrong (the attempt is logged, commit it)."""
    user = _find(session, naam or "")
    if user is None or not user.actief or not check_password_hash(user.wachtwoord_hash, wachtwoord):
        if not log:
            return None
        if user is not None:
            user.mislukte_pogingen = (user.mislukte_pogingen or 0) + 1
        audit.log(
            session,
            "aanmelden-mislukt",
            "gebruiker",
            user.id if user is not None else None,
            f"aanmelden als '{(naam or '')[:100]}' mislukt"
            + (
                f" ({user.mislukte_pogingen}e keer op rij)"
                if user is not None and user.mislukte_pogingen >= MAX_FAILED
                else ""
            ),
            gebruiker=(naam or "")[:100],
        )
        return None
    account = _account(user)
    _set_current(account)
    if not log:
        return account
    if _hasher.check_needs_rehash(user.wachtwoord_hash):
        user.wachtwoord_hash = hash_password(wachtwoord)
    user.mislukte_pogingen = 0
    user.laatst_aangemeld = utcnow()
    audit.log(session, "aanmelden", "gebruiker", user.id, f"{user.naam} aangemeld")
    return account


def sign_out(session: Session, reason: str = "afgemeld") -> None:
    if _current is not None:
        audit.log(session, "afmelden", "gebruiker", _current.id, f"{_current.naam} {reason}")
    _set_current(None)


def unlock(session: Session, wachtwoord: str, *, log: bool = True) -> bool:
    """Re-enter the password after the idle lock. False (and logged) when wrong."""
    if _current is None:
        return True
    user = session.get(Gebruiker, _current.id)
    if user is None or not user.actief or not check_password_hash(user.wachtwoord_hash, wachtwoord):
        if log:
            audit.log(session, "ontgrendelen-mislukt", "gebruiker", _current.id, "")
        return False
    if log:
        audit.log(session, "ontgrendelen", "gebruiker", user.id, f"{user.naam} weer aan het werk")
    return True


def log_locked(session: Session) -> None:
    if _current is not None:
        audit.log(session, "vergrendeld", "gebruiker", _current.id, "na een tijd zonder gebruik")


def change_password(session: Session, user_id: int, nieuw: str, oud: str | None = None) -> None:
    """Own password (with the old one) or, for a beheerder, anyone's."""
    user = session.get(Gebruiker, user_id)
    if user is None:
        raise UserError("Deze gebruiker bestaat niet.")
    own = _current is not None and _current.id == user_id
    if own and not may_administer():
        if oud is None or not check_password_hash(user.wachtwoord_hash, oud):
            raise UserError("Het huidige wachtwoord klopt niet.")
    elif not own:
        _require_beheerder(session)
    validate_password(nieuw, user.naam)
    user.wachtwoord_hash = hash_password(nieuw)
    audit.log(session, "wachtwoord", "gebruiker", user.id, f"wachtwoord van {user.naam} gewijzigd")


def set_role(session: Session, user_id: int, rol: str) -> None:
    _require_beheerder(session)
    user = session.get(Gebruiker, user_id)
    if user is None:
        raise UserError("Deze gebruiker bestaat niet.")
    if rol not in ROLES:
        raise UserError(f"Onbekende rol: {rol}.")
    if user.rol == "beheerder" and rol != "beheerder" and _active_beheerders(session) <= 1:
        raise UserError("Er moet ten minste één beheerder blijven.")
    old = user.rol
    user.rol = rol
    audit.log(session, "rol", "gebruiker", user.id, f"{user.naam}: {ROLES[old]} -> {ROLES[rol]}")


def set_active(session: Session, user_id: int, actief: bool) -> None:
    _require_beheerder(session)
    user = session.get(Gebruiker, user_id)
    if user is None:
        raise UserError("Deze gebruiker bestaat niet.")
    if not actief and user.rol == "beheerder" and user.actief and _active_beheerders(session) <= 1:
        raise UserError(
            "Dit is de laatste beheerder. Maak eerst een andere beheerder, of zet alle "
            "accounts uit door de andere gebruikers te verwijderen."
        )
    user.actief = actief
    audit.log(
        session,
        "gebruiker-actief" if actief else "gebruiker-uit",
        "gebruiker",
        user.id,
        f"{user.naam} {'weer actief' if actief else 'uitgezet'}",
    )
