"""The one place that finds the files shipped with Rapport: the schema migrations, icons,
translations and licence texts.

From a source tree they sit beside the code; in a PyInstaller bundle they are unpacked under
`sys._MEIPASS` in the same layout (packaging/rapport.spec puts them there), so nothing else
needs to know whether it runs frozen.
"""

from __future__ import annotations

import sys
from pathlib import Path


def root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parents[1]


def migrations_dir() -> Path:
    return root() / "app" / "store" / "migrations"


def resource(*parts: str) -> Path:
    """A file under resources/ (icons/…, translations/…)."""
    return root().joinpath("resources", *parts)
