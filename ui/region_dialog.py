"""File > Phone region…: how numbers typed without a country code are read (the setting the
CLI's `region` command shows and sets)."""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.errors import RapportError
from app.services.settings import DEFAULT_REGION


def region_name(code: str) -> str:
    territory = QLocale.codeToTerritory(code)
    return QLocale.territoryToString(territory) if territory.value else code


def region_choices() -> list[tuple[str, str]]:
    """(label, code) for every region phonenumbers knows, by name: 'United Kingdom (GB, +44)'."""
    choices = [(f"{region_name(code)} ({code}, +{phonenumbers.country_code_for_region(code)})",
                code) for code in phonenumbers.SUPPORTED_REGIONS]
    return sorted(choices, key=lambda choice: choice[0].casefold())


def choose_phone_region(parent: QWidget, notebook) -> str | None:
    """Ask for the region and keep it in the notebook; the code chosen, or None."""
    choices = region_choices()
    current = notebook.settings.default_region()
    labels = [label for label, _ in choices]
    codes = [code for _, code in choices]
    index = codes.index(current) if current in codes else 0
    label, ok = QInputDialog.getItem(
        parent, parent.tr("Phone region"),
        parent.tr("Phone numbers typed without a country code (like 07700 900123) are read "
                  "as numbers of:"), labels, index, False)
    if not ok:
        return None
    code = codes[labels.index(label)]
    try:
        notebook.settings.set(DEFAULT_REGION, code)
    except RapportError as exc:
        QMessageBox.warning(parent, parent.tr("Phone region"), str(exc))
        return None
    return code
