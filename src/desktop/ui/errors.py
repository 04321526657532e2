"""Error dialogs: UserError as a plain message, anything else with 'Details kopiëren'."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.errors import UserError

log = logging.getLogger(__name__)


def show_user_error(
    parent: QWidget | None, error: UserError | str, title: str = "Dat lukte niet"
) -> None:
    text = error.message if isinstance(error, UserError) else str(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("userErrorBox")
    box.exec()


def show_unexpected(
    parent: QWidget | None, exc: BaseException, tb: TracebackType | None = None
) -> None:
    details = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
    log.error("Onverwachte fout:\n%s", details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Onverwachte fout")
    box.setText(
        "Er ging iets mis dat we niet hadden voorzien. Uw opgeslagen gegevens zijn niet "
        "aangetast. De details staan in het logbestand."
    )
    box.setDetailedText(details)
    copy = box.addButton("Details kopiëren", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.exec()


def install_excepthook() -> None:
    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        parent = QApplication.activeWindow()
        if isinstance(exc, UserError):
            show_user_error(parent, exc)
        else:
            show_unexpected(parent, exc, tb)

    sys.excepthook = hook
