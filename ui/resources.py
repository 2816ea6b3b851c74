"""The one place that finds bundled files (icons, translations), in a source tree or a
frozen build alike."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from app import bundle


def resources_dir() -> Path:
    return bundle.resource()


def icon(name: str) -> QIcon:
    return QIcon(str(bundle.resource("icons", f"{name}.svg")))
