"""Main window shell and shared widgets (the only place, besides feature views, with Qt)."""
