"""Core models owned by the foundation: settings, wijken, change log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, IdentityMixin, TimestampMixin, UTCDateTime, utcnow


class Instelling(Base):
    """A setting that belongs to the data (gemeente name, logo, backup folder, ...)."""

    __tablename__ = "instelling"

    sleutel: Mapped[str] = mapped_column(String(100), primary_key=True)
    waarde: Mapped[str] = mapped_column(Text, default="")


class Wijk(IdentityMixin, TimestampMixin, Base):
    """A wijk or kern of the gemeente."""

    __tablename__ = "wijk"

    naam: Mapped[str] = mapped_column(String(200), unique=True)
    soort: Mapped[str] = mapped_column(String(20), default="wijk")  # wijk | kern
    volgorde: Mapped[int] = mapped_column(Integer, default=0)


class Wijziging(Base):
    """Change log: who changed which field of which record, old -> new. Append-only."""

    __tablename__ = "wijziging"
    __table_args__ = (Index("ix_wijziging_record", "tabel", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tijd: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    gebruiker: Mapped[str] = mapped_column(String(100), default="")
    tabel: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int] = mapped_column(Integer)
    record_uuid: Mapped[str] = mapped_column(String(36), default="")
    actie: Mapped[str] = mapped_column(
        String(20), default="wijzig"
    )  # nieuw | wijzig | archiveer | herstel | samenvoeg
    veld: Mapped[str] = mapped_column(String(60), default="")
    oud: Mapped[str | None] = mapped_column(Text, nullable=True)
    nieuw: Mapped[str | None] = mapped_column(Text, nullable=True)


class WijkAlias(Base):
    """Records of a merged wijk point to the wijk it was merged into (kept for imports)."""

    __tablename__ = "wijk_alias"

    naam: Mapped[str] = mapped_column(String(200), primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
