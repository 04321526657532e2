"""Integrity checks: SQLite integrity_check + foreign_key_check + schema revision."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from desktop.store import migrations
from desktop.store.engine import Store


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)


def full_check(store: Store) -> CheckReport:
    report = CheckReport()
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if rows == ["ok"]:
                report.lines.append("integriteit: in orde")
            else:
                report.fail(f"integriteit: {len(rows)} problemen, bijvoorbeeld: {rows[0]}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if fk:
                report.fail(f"verwijzingen: {len(fk)} verwijzingen naar ontbrekende records")
            else:
                report.lines.append("verwijzingen: in orde")
        else:
            conn.execute(text("SELECT 1"))
            report.lines.append("verbinding: in orde")
    current = migrations.current_revisions(store)
    heads = migrations.head_revisions()
    if current == heads:
        report.lines.append(f"schema: actueel ({', '.join(sorted(current))})")
    else:
        report.fail("schema: niet actueel")
    if store.encrypted:
        report.lines.append("versleuteling: aan (SQLCipher)")
    return report
