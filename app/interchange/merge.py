"""Merging two records of the same person: add what is new, keep what is there.

Pure functions over ContactRecord: the import service uses them both to merge a card into
someone already in the notebook (it loads that person as a record first) and to merge two
cards of the same person found in one file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from app.interchange.record import ContactRecord, ImportedContact

ContactKey = Callable[[ImportedContact], str]

# Filled only when the existing record has nothing there.
SCALAR_FIELDS = ("prefix", "given_name", "middle_name", "family_name", "suffix", "nickname",
                 "display_name", "pronouns", "birthday", "hometown", "how_we_met", "met_on",
                 "introduced_by", "stage", "cadence_days", "photo")


def _casefolded(text: str) -> str:
    return " ".join(text.split()).casefold()


def default_contact_key(contact: ImportedContact) -> str:
    return f"{contact.kind.value}:{_casefolded(contact.value)}"


def _new_items(existing: list, incoming: list, key: Callable) -> list:
    seen = {key(item) for item in existing}
    added = []
    for item in incoming:
        k = key(item)
        if k not in seen:
            seen.add(k)
            added.append(item)
    return added


def _job_key(job) -> tuple:
    return (_casefolded(job.organization), _casefolded(job.title), job.end is None)


def _fact_key(fact) -> tuple:
    return (_casefolded(fact.category), _casefolded(fact.text))


def _address_key(address) -> tuple:
    return tuple(_casefolded(getattr(address, f.name)) for f in dataclasses.fields(address)
                 if f.name != "label")


def missing_from(existing: ContactRecord, incoming: ContactRecord,
                 contact_key: ContactKey = default_contact_key) -> ContactRecord:
    """What `incoming` knows that `existing` does not: a record holding only that (every
    scalar field empty unless existing's is empty and incoming's is not)."""
    delta = ContactRecord(line=incoming.line)
    for name in SCALAR_FIELDS:
        if not getattr(existing, name) and getattr(incoming, name):
            setattr(delta, name, getattr(incoming, name))
    notes = incoming.notes.strip()
    if notes and notes not in existing.notes:
        delta.notes = notes
    delta.contacts = _new_items(existing.contacts, incoming.contacts, contact_key)
    delta.addresses = [a for a in _new_items(existing.addresses, incoming.addresses, _address_key)
                       if not a.is_empty()]
    delta.dates = _new_items(existing.dates, incoming.dates,
                             lambda d: (_casefolded(d.label), d.date))
    delta.jobs = _new_items(existing.jobs, incoming.jobs, _job_key)
    delta.relations = _new_items(existing.relations, incoming.relations,
                                 lambda r: (r.type, _casefolded(r.name)))
    delta.tags = _new_items(existing.tags, incoming.tags, _casefolded)
    delta.facts = _new_items(existing.facts, incoming.facts, _fact_key)
    delta.custom_fields = _new_items(existing.custom_fields, incoming.custom_fields,
                                     lambda f: (_casefolded(f[0]), f[1].strip()))
    delta.extras = _new_items(existing.extras, incoming.extras,
                              lambda x: (x.name.upper(), x.params, x.value))
    return delta


def is_empty(delta: ContactRecord) -> bool:
    """True when merging this delta would change nothing."""
    blank = ContactRecord(line=delta.line)
    return delta == blank


def combined(first: ContactRecord, second: ContactRecord,
             contact_key: ContactKey = default_contact_key) -> ContactRecord:
    """Two cards of one person in the same file, as one record (the first one's line)."""
    delta = missing_from(first, second, contact_key)
    merged = dataclasses.replace(first)
    for name in SCALAR_FIELDS:
        if getattr(delta, name):
            setattr(merged, name, getattr(delta, name))
    if delta.notes:
        merged.notes = f"{first.notes}\n\n{delta.notes}" if first.notes else delta.notes
    for name in ("contacts", "addresses", "dates", "jobs", "relations", "tags", "facts",
                 "custom_fields", "extras"):
        setattr(merged, name, list(getattr(first, name)) + list(getattr(delta, name)))
    return merged
