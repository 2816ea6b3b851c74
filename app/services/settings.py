"""Notebook settings, kept inside the encrypted file (they travel with the notebook)."""

from __future__ import annotations

import json
import locale
import os
from typing import Any

import phonenumbers
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.services.base import Service
from app.store.models import SettingRow

DEFAULT_REGION = "default_region"


def _get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else json.loads(row.value)


def _region_from_locale() -> str | None:
    for value in (os.environ.get("LC_ALL"), os.environ.get("LANG"), locale.getlocale()[0]):
        if value and "_" in value:
            region = value.split("_", 1)[1][:2].upper()
            if region in phonenumbers.SUPPORTED_REGIONS:
                return region
    return None


def default_region(session: Session) -> str | None:
    """Region for phone numbers typed without a country code."""
    return _get(session, DEFAULT_REGION) or _region_from_locale()


class SettingsService(Service):
    def get(self, key: str, default: Any = None) -> Any:
        with self._db.read() as session:
            return _get(session, key, default)

    def set(self, key: str, value: Any) -> None:
        if key == DEFAULT_REGION and value is not None:
            value = str(value).upper()
            if value not in phonenumbers.SUPPORTED_REGIONS:
                raise InvalidInput(f"'{value}' is not a region code such as GB, US or DE.", key)
        with self._db.transaction() as session:
            row = session.get(SettingRow, key)
            encoded = json.dumps(value)
            if row is None:
                session.add(SettingRow(key=key, value=encoded))
            else:
                row.value = encoded

    def default_region(self) -> str | None:
        with self._db.read() as session:
            return default_region(session)
