"""Metingen of the basisfuncties checklist and the actieplan.

A ``Meting`` is one filled-in checklist at a date (nulmeting or vervolgmeting). It keeps
the instrument id and ``versie`` it was filled in under, and each ``MetingItem`` keeps the
item key and version it answers, so a later edition of the instrument never changes old
results. Uitvoerders are organisations of the sociale kaart (``organisatie.id``) and/or
"de gemeente zelf"; the wijken an activity reaches are ``wijk.id``.

An ``Actie`` is one line of the actieplan: what will be done for a basisfunctie, by whom,
when, and how far it is; it may point at the meting, item and wijk it came from.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.kaart.models import Organisatie
from desktop.store.base import Base, IdentityMixin, TimestampMixin
from desktop.store.models import Wijk
from desktop.store.overview import TABLE_LABELS

#: Kinds of meting: (key, label).
SOORTEN: tuple[tuple[str, str], ...] = (
    ("nulmeting", "Nulmeting"),
    ("vervolgmeting", "Vervolgmeting"),
)
SOORT_KEYS: tuple[str, ...] = tuple(k for k, _ in SOORTEN)

#: Domains a meting covers: (key, label).
DOMEINEN: tuple[tuple[str, str], ...] = (
    ("beide", "Vrijwilligerswerk en mantelzorg"),
    ("vrijwilligerswerk", "Vrijwilligerswerk"),
    ("mantelzorg", "Mantelzorg"),
)
DOMEIN_KEYS: tuple[str, ...] = tuple(k for k, _ in DOMEINEN)

#: Priority of the ambitie for an item ("" = no ambitie).
PRIORITEITEN: tuple[str, ...] = ("", "hoog", "middel", "laag")

#: Status of an action of the actieplan.
ACTIE_STATUS: tuple[str, ...] = ("open", "bezig", "klaar")

meting_item_organisatie = Table(
    "meting_item_organisatie",
    Base.metadata,
    Column("meting_item_id", ForeignKey("meting_item.id", ondelete="CASCADE"), primary_key=True),
    Column("organisatie_id", ForeignKey("organisatie.id", ondelete="CASCADE"), primary_key=True),
)

meting_item_wijk = Table(
    "meting_item_wijk",
    Base.metadata,
    Column("meting_item_id", ForeignKey("meting_item.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_id", ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True),
)


class Meting(IdentityMixin, TimestampMixin, Base):
    """One filled-in basisfuncties checklist."""

    __tablename__ = "meting"

    soort: Mapped[str] = mapped_column(String(20), default="nulmeting")
    domeinen: Mapped[str] = mapped_column(String(20), default="beide")
    datum: Mapped[date] = mapped_column(Date)
    ingevuld_door: Mapped[str] = mapped_column(String(200), default="")
    instrument_id: Mapped[str] = mapped_column(String(40), default="basisfuncties")
    instrument_versie: Mapped[str] = mapped_column(String(40))
    # Keys of the basisfuncties the gemeente works on, comma-separated ("vw1,vw2,mz1").
    functies: Mapped[str] = mapped_column(Text, default="")
    notities: Mapped[str] = mapped_column(Text, default="")
    vorige_id: Mapped[int | None] = mapped_column(
        ForeignKey("meting.id", ondelete="SET NULL"), nullable=True
    )

    items: Mapped[list[MetingItem]] = relationship(
        back_populates="meting", cascade="all, delete-orphan", order_by="MetingItem.item_key"
    )

    @property
    def function_keys(self) -> tuple[str, ...]:
        return tuple(k for k in (self.functies or "").split(",") if k)


class MetingItem(IdentityMixin, TimestampMixin, Base):
    """The answer for one activity (item) of the checklist in one meting."""

    __tablename__ = "meting_item"
    __table_args__ = (UniqueConstraint("meting_id", "item_key"),)

    meting_id: Mapped[int] = mapped_column(ForeignKey("meting.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(20))
    instrument_versie: Mapped[str] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(30), nullable=True)  # None: unanswered
    notitie: Mapped[str] = mapped_column(Text, default="")
    gemeente_zelf: Mapped[bool] = mapped_column(Boolean, default=False)
    prioriteit: Mapped[str] = mapped_column(String(10), default="")
    streefdatum: Mapped[date | None] = mapped_column(Date, nullable=True)

    meting: Mapped[Meting] = relationship(back_populates="items")
    uitvoerders: Mapped[list[Organisatie]] = relationship(
        secondary=meting_item_organisatie, order_by=Organisatie.naam
    )
    wijken: Mapped[list[Wijk]] = relationship(secondary=meting_item_wijk, order_by=Wijk.naam)


class Actie(IdentityMixin, TimestampMixin, Base):
    """One action of the actieplan for a basisfunctie."""

    __tablename__ = "basisfunctie_actie"
    __table_args__ = (Index("ix_basisfunctie_actie_status_datum", "status", "datum"),)

    functie_key: Mapped[str] = mapped_column(String(20))
    omschrijving: Mapped[str] = mapped_column(Text)
    eigenaar: Mapped[str] = mapped_column(String(200), default="")
    datum: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    meting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meting.id", ondelete="SET NULL"), nullable=True
    )
    item_key: Mapped[str] = mapped_column(String(20), default="")
    wijk_id: Mapped[int | None] = mapped_column(
        ForeignKey("wijk.id", ondelete="SET NULL"), nullable=True
    )

    wijk: Mapped[Wijk | None] = relationship()


TABLE_LABELS.update(
    {
        "meting": "Basisfuncties: metingen",
        "meting_item": "Basisfuncties: antwoorden per activiteit",
        "meting_item_organisatie": "Basisfuncties: uitvoerders",
        "meting_item_wijk": "Basisfuncties: bereikte wijken",
        "basisfunctie_actie": "Basisfuncties: actieplan",
    }
)
