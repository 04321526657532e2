"""The backup list in Instellingen shows only this database's backups."""

from __future__ import annotations

from desktop.app import create_main_window
from desktop.store import backup, open_store, settings


def test_backups_of_other_databases_in_the_same_folder_are_not_listed(qtbot, tmp_path):
    folder = tmp_path / "kopieen"
    folder.mkdir()
    other = open_store(tmp_path / "ander.db")
    mine = open_store(tmp_path / "eigen.db")
    try:
        for store in (other, mine):
            with store.session() as s:
                settings.put(s, settings.BACKUP_MAP, str(folder))
                settings.put(s, settings.WELKOM_GEDAAN, "1")
        backup.make_backup(other, tag="handmatig")
        backup.make_backup(mine, tag="handmatig")
        assert len(list(folder.glob("*.db"))) == 2
        window = create_main_window(mine)
        qtbot.addWidget(window)
        window.open_section("instellingen")
        panel = window.current_section().backups
        panel.refresh()
        names = [info.path.name for info in panel.infos]
        assert len(names) == 1 and names[0].startswith("eigen-")
    finally:
        other.close()
        mine.close()
