"""Errors a user can cause. The window shows them in a dialog, the CLI prints them."""

from __future__ import annotations


class UserError(Exception):
    """An error with a one-line Dutch message meant for the user.

    Raise it for anything the user can cause or fix (bad input, a file that cannot be
    used, a database from a newer version). Nothing may be half-written when it is raised.
    """

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class Cancelled(UserError):
    """The user cancelled long work (an import, a report); nothing was written.

    Work that can be cancelled raises this (or a subclass with its own message), so the
    window and the CLI treat every cancel alike."""

    def __init__(self, message: str = "Afgebroken; er is niets opgeslagen.") -> None:
        super().__init__(message)
