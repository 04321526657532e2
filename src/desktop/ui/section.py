"""The contract between the main window and a section (a page in the navigation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.features import SectionInfo
    from desktop.store.engine import Store


@dataclass
class AppContext:
    """What sections get: the store and a way to talk to the window."""

    store: Store
    window: Any = None  # MainWindow; set once it exists

    def status(self, message: str, timeout_ms: int = 8000) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(message, timeout_ms)

    def open_section(self, key: str, record_id: int | None = None, doel: str | None = None) -> None:
        if self.window is not None:
            self.window.open_section(key, record_id, doel)

    def refresh_start(self) -> None:
        if self.window is not None:
            self.window.refresh_section("start")


class Section(QWidget):
    """A page of the main window.

    Subclasses set ``info`` (the SectionInfo the navigation shows before the page is built,
    see desktop.features), which fills ``key``, ``title``, ``icon`` and ``order``.
    """

    info: SectionInfo | None = None
    key: str = ""
    title: str = ""
    icon: str = "SP_FileIcon"  # name of a QStyle.StandardPixmap
    order: int = 50
    help_text: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        info = cls.__dict__.get("info")
        if info is not None:
            cls.key, cls.title, cls.icon, cls.order = info.key, info.title, info.icon, info.order

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"section_{self.key}")
        self.setAccessibleName(self.title)

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the section's search box."""

    def refresh(self) -> None:
        """Called when the section is shown."""

    def open_record(self, record_id: int) -> None:
        """Show one record (from the Start page)."""

    def open_target(self, doel: str | None, record_id: int | None = None) -> None:
        """Show a place inside the section named by the feature (an AttentionItem's
        ``doel``: a tab or a filtered list), or the record. Unknown names show the section
        as it is."""
        if record_id is not None:
            self.open_record(record_id)

    def can_leave(self) -> bool:
        """False keeps the user on this page (e.g. unsaved changes they chose to keep)."""
        return True
