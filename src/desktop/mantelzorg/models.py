"""Mantelzorg models: mantelzorgers, zorgvragers, gesprekken, ondersteuningsplannen.

Personal data lives only in an encrypted store (the services refuse a plain one, see
``service.require_encrypted``). Multi-valued keys (zorgtaken, aandoeningen, signalen)
are stored as comma-separated stable keys of ``resources/instruments/mantelzorg.toml``;
free notes per draaglast/draagkracht factor as a small JSON object.

``MantelzorgStatistiek`` holds no person at all: when a mantelzorger is erased
("vergeten") or purged after the bewaartermijn, the facts the jaaroverzicht counts for
that person (one row per year: wijk, leeftijdsgroep, relaties, urenklasse, vraaggebieden,
risicogroepen, basisfuncties and organisation types of referrals, number of gesprekken)
are written here first, so the yearly figures for the gemeente do not change. The row
has only coarse categories and a year: no name, date, id or free text.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, IdentityMixin, TimestampMixin, UTCDateTime, utcnow
from desktop.store.models import Wijk
from desktop.store.overview import TABLE_LABELS

GESPREK_SOORTEN = ("keukentafelgesprek", "telefonisch", "vervolggesprek")
GESPREK_STATUS = ("concept", "afgerond")
TOESTEMMING_HOE = ("mondeling", "schriftelijk", "digitaal")
AANMELDERS = (
    "zelf",
    "familie of naaste",
    "huisarts",
    "wijkteam",
    "thuiszorg",
    "gemeente (Wmo)",
    "school",
    "anders",
)


class Mantelzorger(IdentityMixin, TimestampMixin, Base):
    __tablename__ = "mantelzorger"
    __table_args__ = (Index("ix_mantelzorger_naam", "naam"),)

    naam: Mapped[str] = mapped_column(String(200))
    telefoon: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    adres: Mapped[str] = mapped_column(String(200), default="")  # straat en huisnummer
    postcode: Mapped[str] = mapped_column(String(7), default="")
    plaats: Mapped[str] = mapped_column(String(100), default="")
    wijk_id: Mapped[int | None] = mapped_column(
        ForeignKey("wijk.id", ondelete="SET NULL"), nullable=True, index=True
    )
    geboortedatum: Mapped[date | None] = mapped_column(Date, nullable=True)
    werkt: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # betaald werk
    studeert: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # school/studie
    werk_toelichting: Mapped[str] = mapped_column(String(300), default="")
    # Only when the mantelzorger tells it (risk group rg5); never guessed.
    migratieachtergrond: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    aanmelder: Mapped[str] = mapped_column(String(60), default="")
    toestemming_datum: Mapped[date | None] = mapped_column(Date, nullable=True)
    toestemming_waarvoor: Mapped[str] = mapped_column(Text, default="")
    toestemming_hoe: Mapped[str] = mapped_column(String(20), default="")
    toestemming_door: Mapped[str] = mapped_column(String(100), default="")
    notities: Mapped[str] = mapped_column(Text, default="")
    laatste_contact: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Keep until at least this date (e.g. a running complaint); None: the default term.
    bewaren_tot: Mapped[date | None] = mapped_column(Date, nullable=True)

    wijk: Mapped[Wijk | None] = relationship(lazy="joined")
    relaties: Mapped[list[Zorgrelatie]] = relationship(
        back_populates="mantelzorger", cascade="all, delete-orphan", order_by="Zorgrelatie.id"
    )
    gesprekken: Mapped[list[Gesprek]] = relationship(
        back_populates="mantelzorger",
        cascade="all, delete-orphan",
        order_by="Gesprek.datum.desc()",
    )
    plannen: Mapped[list[Ondersteuningsplan]] = relationship(
        back_populates="mantelzorger",
        cascade="all, delete-orphan",
        order_by=lambda: (Ondersteuningsplan.datum.desc(), Ondersteuningsplan.id.desc()),
    )
    beoordelingen: Mapped[list[RisicoBeoordeling]] = relationship(
        back_populates="mantelzorger", cascade="all, delete-orphan"
    )


class Zorgvrager(IdentityMixin, TimestampMixin, Base):
    __tablename__ = "zorgvrager"
    __table_args__ = (Index("ix_zorgvrager_naam", "naam"),)

    naam: Mapped[str] = mapped_column(String(200))
    geboortedatum: Mapped[date | None] = mapped_column(Date, nullable=True)
    aandoeningen: Mapped[str] = mapped_column(String(200), default="")  # keys, comma-separated
    toelichting: Mapped[str] = mapped_column(Text, default="")

    relaties: Mapped[list[Zorgrelatie]] = relationship(
        back_populates="zorgvrager", cascade="all, delete-orphan"
    )


class Zorgrelatie(IdentityMixin, TimestampMixin, Base):
    """One mantelzorger caring for one zorgvrager (many-to-many with attributes)."""

    __tablename__ = "zorgrelatie"
    __table_args__ = (UniqueConstraint("mantelzorger_id", "zorgvrager_id"),)

    mantelzorger_id: Mapped[int] = mapped_column(
        ForeignKey("mantelzorger.id", ondelete="CASCADE"), index=True
    )
    zorgvrager_id: Mapped[int] = mapped_column(
        ForeignKey("zorgvrager.id", ondelete="CASCADE"), index=True
    )
    relatie: Mapped[str] = mapped_column(String(20), default="")  # role of the mantelzorger
    samenwonend: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    zorgtaken: Mapped[str] = mapped_column(String(300), default="")  # zorgvormen keys
    uren_per_week: Mapped[float | None] = mapped_column(Float, nullable=True)
    sinds: Mapped[date | None] = mapped_column(Date, nullable=True)
    informele_helpers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    professionele_helpers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    centrale_mantelzorger: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    helpers_toelichting: Mapped[str] = mapped_column(Text, default="")

    mantelzorger: Mapped[Mantelzorger] = relationship(back_populates="relaties")
    zorgvrager: Mapped[Zorgvrager] = relationship(back_populates="relaties", lazy="joined")


class Gesprek(IdentityMixin, TimestampMixin, Base):
    __tablename__ = "gesprek"

    mantelzorger_id: Mapped[int] = mapped_column(
        ForeignKey("mantelzorger.id", ondelete="CASCADE"), index=True
    )
    zorgvrager_id: Mapped[int | None] = mapped_column(
        ForeignKey("zorgvrager.id", ondelete="SET NULL"), nullable=True
    )
    datum: Mapped[date] = mapped_column(Date)
    soort: Mapped[str] = mapped_column(String(30), default="keukentafelgesprek")
    waar: Mapped[str] = mapped_column(String(200), default="")
    aanwezigen: Mapped[str] = mapped_column(Text, default="")
    instrument_versie: Mapped[str] = mapped_column(String(20), default="")  # vraaggebieden
    factoren: Mapped[str] = mapped_column(Text, default="")  # JSON {df key: note}
    draaglast: Mapped[str] = mapped_column(Text, default="")
    draagkracht: Mapped[str] = mapped_column(Text, default="")
    signalen: Mapped[str] = mapped_column(String(200), default="")  # keys, comma-separated
    belasting: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0..10
    conclusies: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="concept")
    gevoerd_door: Mapped[str] = mapped_column(String(100), default="")

    mantelzorger: Mapped[Mantelzorger] = relationship(back_populates="gesprekken")
    zorgvrager: Mapped[Zorgvrager | None] = relationship()
    vraaggebieden: Mapped[list[GesprekVraaggebied]] = relationship(
        back_populates="gesprek",
        cascade="all, delete-orphan",
        order_by="GesprekVraaggebied.sleutel",
    )


class GesprekVraaggebied(Base):
    """Per vraaggebied: whether it came up and what was said (key + instrument version)."""

    __tablename__ = "gesprek_vraaggebied"

    gesprek_id: Mapped[int] = mapped_column(
        ForeignKey("gesprek.id", ondelete="CASCADE"), primary_key=True
    )
    sleutel: Mapped[str] = mapped_column(String(10), primary_key=True)  # vg1..vg9
    instrument_versie: Mapped[str] = mapped_column(String(20), default="")
    besproken: Mapped[bool] = mapped_column(Boolean, default=False)
    notitie: Mapped[str] = mapped_column(Text, default="")

    gesprek: Mapped[Gesprek] = relationship(back_populates="vraaggebieden")


class RisicoBeoordeling(Base):
    """The officer's decision on a risk flag: bevestigd True confirms/adds, False removes."""

    __tablename__ = "risico_beoordeling"
    __table_args__ = (UniqueConstraint("mantelzorger_id", "vlag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mantelzorger_id: Mapped[int] = mapped_column(
        ForeignKey("mantelzorger.id", ondelete="CASCADE"), index=True
    )
    vlag: Mapped[str] = mapped_column(String(20))  # rg1..rg6 or aandachtspunt key
    bevestigd: Mapped[bool] = mapped_column(Boolean)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    door: Mapped[str] = mapped_column(String(100), default="")
    op: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    mantelzorger: Mapped[Mantelzorger] = relationship(back_populates="beoordelingen")


class Ondersteuningsplan(IdentityMixin, TimestampMixin, Base):
    __tablename__ = "ondersteuningsplan"

    mantelzorger_id: Mapped[int] = mapped_column(
        ForeignKey("mantelzorger.id", ondelete="CASCADE"), index=True
    )
    gesprek_id: Mapped[int | None] = mapped_column(
        ForeignKey("gesprek.id", ondelete="SET NULL"), nullable=True
    )
    datum: Mapped[date] = mapped_column(Date)
    vervolgdatum: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    vervolg_gedaan: Mapped[bool] = mapped_column(Boolean, default=False)
    toelichting: Mapped[str] = mapped_column(Text, default="")

    mantelzorger: Mapped[Mantelzorger] = relationship(back_populates="plannen")
    afspraken: Mapped[list[Afspraak]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Afspraak.volgorde"
    )
    verwijzingen: Mapped[list[Verwijzing]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Verwijzing.id"
    )


class Afspraak(Base):
    __tablename__ = "afspraak"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("ondersteuningsplan.id", ondelete="CASCADE"), index=True
    )
    volgorde: Mapped[int] = mapped_column(Integer, default=0)
    wat: Mapped[str] = mapped_column(Text)
    wie: Mapped[str] = mapped_column(String(200), default="")
    wanneer: Mapped[date | None] = mapped_column(Date, nullable=True)
    klaar: Mapped[bool] = mapped_column(Boolean, default=False)

    plan: Mapped[Ondersteuningsplan] = relationship(back_populates="afspraken")


class Verwijzing(Base):
    """A referral to aanbod of the sociale kaart, with the basisfunctie it serves.

    ``omschrijving`` and ``soort_sleutel`` are snapshots taken when the referral is made,
    so the plan and the statistics stay readable when the aanbod is later archived."""

    __tablename__ = "verwijzing"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("ondersteuningsplan.id", ondelete="CASCADE"), index=True
    )
    aanbod_id: Mapped[int | None] = mapped_column(
        ForeignKey("aanbod.id", ondelete="SET NULL"), nullable=True, index=True
    )
    omschrijving: Mapped[str] = mapped_column(String(400), default="")
    basisfunctie: Mapped[str] = mapped_column(String(10), default="")  # mz1..mz8
    soort_sleutel: Mapped[str] = mapped_column(String(60), default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Ondersteuningsplan] = relationship(back_populates="verwijzingen")


class GesprekConcept(Base):
    """Autosaved draft of a gesprek being filled in; removed when the gesprek is saved."""

    __tablename__ = "gesprek_concept"

    id: Mapped[int] = mapped_column(primary_key=True)
    mantelzorger_id: Mapped[int] = mapped_column(
        ForeignKey("mantelzorger.id", ondelete="CASCADE"), index=True
    )
    gesprek_id: Mapped[int | None] = mapped_column(
        ForeignKey("gesprek.id", ondelete="CASCADE"), nullable=True
    )
    gebruiker: Mapped[str] = mapped_column(String(100), default="")
    inhoud: Mapped[str] = mapped_column(Text, default="{}")  # JSON of the form
    bijgewerkt_op: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MantelzorgStatistiek(Base):
    """Anonymous yearly facts of an erased mantelzorger (see the module docstring)."""

    __tablename__ = "mantelzorg_statistiek"

    id: Mapped[int] = mapped_column(primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, index=True)
    wijk_id: Mapped[int | None] = mapped_column(
        ForeignKey("wijk.id", ondelete="SET NULL"), nullable=True
    )
    leeftijdsgroep: Mapped[str] = mapped_column(String(20), default="")
    relaties: Mapped[str] = mapped_column(String(200), default="")
    urenklasse: Mapped[str] = mapped_column(String(20), default="")
    vraaggebieden: Mapped[str] = mapped_column(String(100), default="")
    risicogroepen: Mapped[str] = mapped_column(String(200), default="")
    basisfuncties: Mapped[str] = mapped_column(String(100), default="")
    soorten: Mapped[str] = mapped_column(String(400), default="")
    gesprekken: Mapped[int] = mapped_column(Integer, default=0)
    verwijzingen: Mapped[int] = mapped_column(Integer, default=0)


TABLE_LABELS.update(
    {
        "mantelzorger": "Mantelzorgers",
        "zorgvrager": "Zorgvragers",
        "zorgrelatie": "Zorgrelaties",
        "gesprek": "Gesprekken",
        "gesprek_vraaggebied": "Vraaggebieden van gesprekken",
        "risico_beoordeling": "Beoordeelde risicovlaggen",
        "ondersteuningsplan": "Ondersteuningsplannen",
        "afspraak": "Afspraken",
        "verwijzing": "Verwijzingen",
        "gesprek_concept": "Concepten van gesprekken",
        "mantelzorg_statistiek": "Anonieme statistiek mantelzorg",
    }
)

#: Tables that hold personal data of a mantelzorger (inzage, erasure, changelog cleanup).
PERSONAL_TABLES = (
    "mantelzorger",
    "zorgvrager",
    "zorgrelatie",
    "gesprek",
    "ondersteuningsplan",
)
