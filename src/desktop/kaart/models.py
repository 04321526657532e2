"""Sociale kaart models: a simplified subset of Open Referral HSDS 3.0.

HSDS mapping: Organisatie -> organization (+ address, phone, contact), Aanbod -> service
(+ service_at_location / service_area via wijken), Soort/doelgroep/basisfunctie/
prestatieveld -> taxonomy_term + attribute. Nothing is hard-deleted by a normal user:
``gearchiveerd_op`` puts a record in the Prullenbak.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, IdentityMixin, TimestampMixin, UTCDateTime
from desktop.store.models import Wijk
from desktop.store.overview import TABLE_LABELS

ORGANISATIE_STATUS = ("actief", "tijdelijk gesloten", "opgeheven")
AANBOD_STATUS = ("actief", "tijdelijk gestopt", "gestopt")
WERKGEBIED = ("landelijk", "regio", "gemeente", "wijken")

organisatie_wijk = Table(
    "organisatie_wijk",
    Base.metadata,
    Column("organisatie_id", ForeignKey("organisatie.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_id", ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True),
)

aanbod_wijk = Table(
    "aanbod_wijk",
    Base.metadata,
    Column("aanbod_id", ForeignKey("aanbod.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_id", ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True),
)


class Soort(IdentityMixin, Base):
    """Organisation type (two-level taxonomy from resources/taxonomies/soorten.toml,
    extendable by the user: ``eigen`` is true for user-added soorten)."""

    __tablename__ = "soort"

    sleutel: Mapped[str] = mapped_column(String(60), unique=True)
    naam: Mapped[str] = mapped_column(String(120))
    groep: Mapped[str] = mapped_column(String(120), default="")
    eigen: Mapped[bool] = mapped_column(Boolean, default=False)
    volgorde: Mapped[int] = mapped_column(Integer, default=0)


class Organisatie(IdentityMixin, TimestampMixin, Base):
    __tablename__ = "organisatie"
    __table_args__ = (
        Index("ix_organisatie_naam", "naam"),
        Index("ix_organisatie_postcode", "postcode"),
    )

    naam: Mapped[str] = mapped_column(String(200))
    soort_id: Mapped[int | None] = mapped_column(ForeignKey("soort.id"), nullable=True)
    beschrijving: Mapped[str] = mapped_column(Text, default="")
    straat: Mapped[str] = mapped_column(String(200), default="")
    huisnummer: Mapped[str] = mapped_column(String(20), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    plaats: Mapped[str] = mapped_column(String(100), default="")
    telefoon: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    werkgebied: Mapped[str] = mapped_column(String(20), default="gemeente")
    status: Mapped[str] = mapped_column(String(30), default="actief")
    niet_publiceren: Mapped[bool] = mapped_column(Boolean, default=False)
    gecontroleerd_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    gecontroleerd_door: Mapped[str] = mapped_column(String(100), default="")
    bron: Mapped[str] = mapped_column(String(200), default="")
    notities: Mapped[str] = mapped_column(Text, default="")
    gearchiveerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    samengevoegd_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisatie.id", ondelete="SET NULL"), nullable=True
    )

    soort: Mapped[Soort | None] = relationship(lazy="joined")
    wijken: Mapped[list[Wijk]] = relationship(secondary=organisatie_wijk, order_by=Wijk.naam)
    contactpersonen: Mapped[list[Contactpersoon]] = relationship(
        back_populates="organisatie", cascade="all, delete-orphan", order_by="Contactpersoon.id"
    )
    aanbod: Mapped[list[Aanbod]] = relationship(
        back_populates="organisatie", cascade="all, delete-orphan", order_by="Aanbod.naam"
    )


class Contactpersoon(IdentityMixin, Base):
    __tablename__ = "contactpersoon"

    organisatie_id: Mapped[int] = mapped_column(
        ForeignKey("organisatie.id", ondelete="CASCADE"), index=True
    )
    naam: Mapped[str] = mapped_column(String(200))
    functie: Mapped[str] = mapped_column(String(120), default="")
    telefoon: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    organisatie: Mapped[Organisatie] = relationship(back_populates="contactpersonen")


class Aanbod(IdentityMixin, TimestampMixin, Base):
    """One service an organisation offers (HSDS service)."""

    __tablename__ = "aanbod"
    __table_args__ = (Index("ix_aanbod_naam", "naam"),)

    organisatie_id: Mapped[int] = mapped_column(
        ForeignKey("organisatie.id", ondelete="CASCADE"), index=True
    )
    naam: Mapped[str] = mapped_column(String(200))
    beschrijving: Mapped[str] = mapped_column(Text, default="")
    kosten: Mapped[str] = mapped_column(String(300), default="")
    aanmelden: Mapped[str] = mapped_column(Text, default="")
    openingstijden: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(30), default="actief")
    gearchiveerd_op: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    organisatie: Mapped[Organisatie] = relationship(back_populates="aanbod")
    wijken: Mapped[list[Wijk]] = relationship(secondary=aanbod_wijk, order_by=Wijk.naam)
    kenmerken: Mapped[list[AanbodKenmerk]] = relationship(
        back_populates="aanbod", cascade="all, delete-orphan"
    )

    def keys(self, soort: str) -> list[str]:
        return sorted(k.sleutel for k in self.kenmerken if k.soort == soort)


class AanbodKenmerk(Base):
    """Tags of an aanbod: doelgroep, basisfunctie (vw1..vw5, mz1..mz8) or prestatieveld
    (pv1..pv9), by stable key from resources/ (HSDS attribute -> taxonomy_term)."""

    __tablename__ = "aanbod_kenmerk"
    __table_args__ = (Index("ix_aanbod_kenmerk_soort_sleutel", "soort", "sleutel"),)

    aanbod_id: Mapped[int] = mapped_column(
        ForeignKey("aanbod.id", ondelete="CASCADE"), primary_key=True
    )
    soort: Mapped[str] = mapped_column(
        String(20), primary_key=True
    )  # doelgroep|basisfunctie|prestatieveld
    sleutel: Mapped[str] = mapped_column(String(60), primary_key=True)

    aanbod: Mapped[Aanbod] = relationship(back_populates="kenmerken")


class ZoekIndex(Base):
    """Folded search text for databases without FTS5 (PostgreSQL and others): one row
    per organisatie (``soort="o"``) and per aanbod (``soort="a"``). SQLite uses the
    ``fts_kaart_*`` FTS5 tables instead and leaves this table empty."""

    __tablename__ = "kaart_zoekindex"
    __table_args__ = (Index("ix_kaart_zoekindex_organisatie", "organisatie_id"),)

    soort: Mapped[str] = mapped_column(String(1), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisatie_id: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(Text, default="")
    tekst: Mapped[str] = mapped_column(Text, default="")


TABLE_LABELS.update(
    {
        "soort": "Soorten organisaties",
        "organisatie": "Organisaties",
        "organisatie_wijk": "Werkgebied (wijken) van organisaties",
        "contactpersoon": "Contactpersonen",
        "aanbod": "Aanbod",
        "aanbod_wijk": "Wijken van aanbod",
        "aanbod_kenmerk": "Kenmerken van aanbod",
        "kaart_zoekindex": "Zoekindex sociale kaart",
    }
)
