"""Turning what people type into values we can match: E.164 phones, lower-case emails."""

from __future__ import annotations

import re

import phonenumbers

from app.domain import ContactKind
from app.errors import InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_phone(value: str, default_region: str | None) -> str:
    """E.164 when the number can be understood; raises InvalidInput otherwise."""
    try:
        number = phonenumbers.parse(value, (default_region or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        hint = "" if default_region else " (add the country code, e.g. +44, or set a default region)"
        raise InvalidInput(f"'{value}' is not a phone number{hint}.", "phone") from exc
    if not phonenumbers.is_possible_number(number):
        region = f" in {default_region.upper()}" if default_region and not value.startswith("+") \
            else ""
        raise InvalidInput(f"'{value}' is too short or too long to be a phone number{region}; "
                           "write it with its country code, e.g. +351 912 345 999.", "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise InvalidInput(f"'{value}' is not an email address.", "email")
    return value.lower()


def normalize_contact(kind: ContactKind, value: str, default_region: str | None) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"The {kind.value} is empty.", kind.value)
    if kind == ContactKind.PHONE:
        return normalize_phone(value, default_region)
    if kind == ContactKind.EMAIL:
        return normalize_email(value)
    return value.lower()


def sort_key(name: str) -> str:
    return name.casefold()
