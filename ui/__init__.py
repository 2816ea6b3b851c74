"""Rapport's PySide6 desktop layer. It talks to app/ only through app.notebook and the
services; nothing in app/ imports from here."""
