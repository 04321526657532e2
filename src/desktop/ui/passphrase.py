"""Asking for the passphrase of an encrypted database."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_passphrase(parent: QWidget | None, filename: str, retry: bool = False) -> str | None:
    text = f"De database {filename} is versleuteld.\nGeef het wachtwoord:"
    if retry:
        text = "Het wachtwoord klopt niet. Probeer het opnieuw.\n\n" + text
    value, ok = QInputDialog.getText(parent, "Wachtwoord", text, QLineEdit.EchoMode.Password)
    return value if ok and value else None
