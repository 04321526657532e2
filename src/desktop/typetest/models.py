"""Typetest rondes with their respondents and answers, and the stappenplan as a working
document (beleidswerkplaats).

Answers keep the question key (``q1`` ... ``q14``) and the instrument version they were
given under, and a respondent keeps the raw counts and type computed under that version,
so a later edition of the typetest never changes an old result.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, IdentityMixin, TimestampMixin, UTCDateTime, utcnow
from desktop.store.overview import TABLE_LABELS

#: Roles of respondents: (key, label). The key is stored.
ROLLEN: tuple[tuple[str, str], ...] = (
    ("ambtenaar", "Ambtenaar"),
    ("wethouder", "Wethouder"),
    ("raadslid", "Raadslid"),
    ("steunpunt", "Steunpunt/maatschappelijke organisatie"),
    ("anders", "Anders"),
)
ROL_KEYS: tuple[str, ...] = tuple(k for k, _ in ROLLEN)

#: Status of a stappenplan step.
STAP_STATUS: tuple[str, ...] = ("niet begonnen", "bezig", "klaar")

#: Kinds of side notes on a plan: a theme of the thema-checklist or one of the 5 S-en.
NOTITIE_SOORTEN: tuple[str, ...] = ("thema", "s")


#: Short labels for narrow places (chart legends, table columns).
ROLLEN_KORT: dict[str, str] = {"steunpunt": "Steunpunt/org."}


def rol_label(key: str, *, kort: bool = False) -> str:
    if kort and key in ROLLEN_KORT:
        return ROLLEN_KORT[key]
    return dict(ROLLEN).get(key, key)


class TypetestRonde(IdentityMixin, TimestampMixin, Base):
    """One round of the typetest in the gemeente: several respondents, one date."""

    __tablename__ = "typetest_ronde"

    naam: Mapped[str] = mapped_column(String(200))
    datum: Mapped[date] = mapped_column(Date)
    doel: Mapped[str] = mapped_column(Text, default="")
    instrument_versie: Mapped[str] = mapped_column(String(40))

    respondenten: Mapped[list[Respondent]] = relationship(
        back_populates="ronde",
        cascade="all, delete-orphan",
        order_by="Respondent.volgnummer",
    )


class Respondent(IdentityMixin, TimestampMixin, Base):
    """Someone who filled in the typetest in a ronde (the name is optional)."""

    __tablename__ = "typetest_respondent"
    __table_args__ = (Index("ix_typetest_respondent_ronde", "ronde_id"),)

    ronde_id: Mapped[int] = mapped_column(ForeignKey("typetest_ronde.id", ondelete="CASCADE"))
    volgnummer: Mapped[int] = mapped_column(Integer)  # 1, 2, ... within the ronde (dot label)
    naam: Mapped[str] = mapped_column(String(200), default="")
    rol: Mapped[str] = mapped_column(String(40), default="ambtenaar")
    # Result computed when the answers were last changed, under the respondent's
    # instrument version; NULL while incomplete.
    even_a: Mapped[int | None] = mapped_column(Integer, nullable=True)
    odd_a: Mapped[int | None] = mapped_column(Integer, nullable=True)
    type_code: Mapped[str | None] = mapped_column(String(4), nullable=True)

    ronde: Mapped[TypetestRonde] = relationship(back_populates="respondenten")
    antwoorden: Mapped[list[TypetestAntwoord]] = relationship(
        back_populates="respondent",
        cascade="all, delete-orphan",
        order_by="TypetestAntwoord.vraag_nummer",
    )


class TypetestAntwoord(IdentityMixin, Base):
    """One answer (a or b) to one question, with the key and version of that question."""

    __tablename__ = "typetest_antwoord"
    __table_args__ = (UniqueConstraint("respondent_id", "vraag_key"),)

    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("typetest_respondent.id", ondelete="CASCADE")
    )
    vraag_key: Mapped[str] = mapped_column(String(20))
    vraag_nummer: Mapped[int] = mapped_column(Integer)
    instrument_versie: Mapped[str] = mapped_column(String(40))
    antwoord: Mapped[str] = mapped_column(String(1))
    ingevuld_op: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    respondent: Mapped[Respondent] = relationship(back_populates="antwoorden")


class Stappenplan(IdentityMixin, TimestampMixin, Base):
    """The stappenplan as a working document; a typetest ronde is the start of step 1."""

    __tablename__ = "stappenplan"

    naam: Mapped[str] = mapped_column(String(200))
    ronde_id: Mapped[int | None] = mapped_column(
        ForeignKey("typetest_ronde.id", ondelete="SET NULL"), nullable=True
    )
    instrument_versie: Mapped[str] = mapped_column(String(40))

    stappen: Mapped[list[StappenplanStap]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="StappenplanStap.nummer"
    )
    notities: Mapped[list[StappenplanNotitie]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="StappenplanNotitie.id"
    )


class StappenplanStap(IdentityMixin, TimestampMixin, Base):
    """Work on one of the nine steps: status, notes, owner and date."""

    __tablename__ = "stappenplan_stap"
    __table_args__ = (UniqueConstraint("plan_id", "stap_key"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("stappenplan.id", ondelete="CASCADE"))
    stap_key: Mapped[str] = mapped_column(String(20))
    nummer: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="niet begonnen")
    notities: Mapped[str] = mapped_column(Text, default="")
    eigenaar: Mapped[str] = mapped_column(String(200), default="")
    datum: Mapped[date | None] = mapped_column(Date, nullable=True)

    plan: Mapped[Stappenplan] = relationship(back_populates="stappen")


class StappenplanNotitie(IdentityMixin, TimestampMixin, Base):
    """A tick and notes for a theme of the thema-checklist or one of the 5 S-en."""

    __tablename__ = "stappenplan_notitie"
    __table_args__ = (UniqueConstraint("plan_id", "soort", "sleutel"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("stappenplan.id", ondelete="CASCADE"))
    soort: Mapped[str] = mapped_column(String(10))  # thema | s
    sleutel: Mapped[str] = mapped_column(String(40))
    instrument_versie: Mapped[str] = mapped_column(String(40))
    afgevinkt: Mapped[bool] = mapped_column(Boolean, default=False)
    keuze: Mapped[str] = mapped_column(Text, default="")  # theme 5: the chosen option
    notities: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Stappenplan] = relationship(back_populates="notities")


TABLE_LABELS.update(
    {
        "typetest_ronde": "Typetest-rondes",
        "typetest_respondent": "Typetest-respondenten",
        "typetest_antwoord": "Typetest-antwoorden",
        "stappenplan": "Stappenplannen",
        "stappenplan_stap": "Stappenplan: stappen",
        "stappenplan_notitie": "Stappenplan: thema's en 5 S-en",
    }
)
