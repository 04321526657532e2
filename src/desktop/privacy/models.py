"""The application-wide audit log: append-only, each entry chained to the previous by hash.

Append-only is enforced in the database (triggers refuse UPDATE and DELETE), and the hash
chain makes tampering outside the application visible (``audit.verify``).
Entries hold record ids and short descriptions, not the personal data itself.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, IdentityMixin, TimestampMixin, UTCDateTime, utcnow
from desktop.store.overview import TABLE_LABELS


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_onderwerp", "onderwerp_soort", "onderwerp_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tijd: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    gebruiker: Mapped[str] = mapped_column(String(100), default="")
    actie: Mapped[str] = mapped_column(
        String(30)
    )  # bekijk|nieuw|wijzig|export|print|vergeet|aanmelden|...
    onderwerp_soort: Mapped[str] = mapped_column(String(40), default="")  # e.g. mantelzorger
    onderwerp_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    vorige_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


TABLE_LABELS["audit_log"] = "Auditlog"


class Gebruiker(IdentityMixin, TimestampMixin, Base):
    """A personal account (optional per database; none means no sign-in).

    Only an Argon2id hash of the password is stored (``desktop.privacy.accounts``).
    """

    __tablename__ = "gebruiker"

    naam: Mapped[str] = mapped_column(String(100), unique=True)  # sign-in name
    volledige_naam: Mapped[str] = mapped_column(String(200), default="")
    rol: Mapped[str] = mapped_column(String(20), default="medewerker")
    wachtwoord_hash: Mapped[str] = mapped_column(String(200))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    laatst_aangemeld: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    mislukte_pogingen: Mapped[int] = mapped_column(Integer, default=0)


TABLE_LABELS["gebruiker"] = "Gebruikers"
