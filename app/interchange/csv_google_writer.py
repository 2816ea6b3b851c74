"""Records -> Google Contacts' current CSV format (what Google, Outlook.com, Apple and most
address books import). Reached through app.interchange.csv_contacts.write_google_csv."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from app.domain import ContactKind
from app.interchange.csv_values import (
    FORMULA_TRIGGERS,
    GOOGLE_SEPARATOR,
    composed_name,
    export_label,
    neutralised,
    neutralised_phone,
)
from app.interchange.record import ContactRecord, ImportedAddress, ImportedJob

BASE_COLUMNS = (
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels",
)
GROUPS = (
    ("E-mail", ("Label", "Value")),
    ("Phone", ("Label", "Value")),
    ("Address", ("Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code",
                 "Country", "Extended Address")),
    ("Relation", ("Label", "Value")),
    ("Website", ("Label", "Value")),
    ("Event", ("Label", "Value")),
    ("IM", ("Label", "Service", "Value")),
    ("Custom Field", ("Label", "Value")),
)
CHUNK_ROWS = 2000  # lines per yielded chunk
# Record fields Google has no column for, written as custom fields of these names (the reader
# puts them back).
CUSTOM_FIELD_NAMES = (("Hometown", "hometown"), ("Pronouns", "pronouns"))


def write_google_csv(records: Iterable[ContactRecord]) -> Iterator[str]:
    """Text chunks of the file: every cell quoted, CRLF line ends, as many numbered groups as
    the data needs. The caller encodes them as "utf-8-sig" (Excel needs the BOM).

    Free-text cells that a spreadsheet would run as a formula (= + - @ TAB CR LF first) get a
    leading apostrophe (OWASP); phone numbers made of digits and + ( ) . / - and dates do not.
    Written: names, display name (as File As), the first current job, birthday, notes, tags
    (Labels), emails, phones, addresses, relations, websites and social profiles, events, IM,
    custom fields, hometown and pronouns. Not written: past jobs, facts, photo, how-we-met,
    stage and cadence (the JSON export has everything)."""
    records = list(records)
    layout = _Layout(_group_counts(records))
    lines = [csv_line(layout.header)]
    for record in records:
        lines.append(csv_line(layout.row(record)))
        if len(lines) == CHUNK_ROWS:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def csv_line(cells: list[str]) -> str:
    """One RFC 4180 line with every cell quoted, as csv.writer(quoting=QUOTE_ALL,
    lineterminator="\r\n") writes it, but built from a few whole-line string operations
    (four times faster here)."""
    joined = _UNIT.join(cells)
    if joined.count(_UNIT) != len(cells) - 1:  # a cell holds the separator itself
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(cells)
        return out.getvalue()
    if '"' in joined:
        joined = joined.replace('"', '""')
    return '"' + joined.replace(_UNIT, '","') + '"\r\n'


_UNIT = "\x1f"  # ASCII unit separator: not in contact data, so a safe stand-in for '","'


def _group_counts(records: list[ContactRecord]) -> dict[str, int]:
    """The most values any one record has in each numbered group."""
    most = dict.fromkeys((name for name, _ in GROUPS), 0)
    addresses = relations = events = customs = 0
    for record in records:
        if record.contacts:
            for name, count in _contact_counts(record).items():
                if count > most[name]:
                    most[name] = count
        if len(record.addresses) > addresses:
            addresses = len(record.addresses)
        if len(record.relations) > relations:
            relations = len(record.relations)
        if len(record.dates) > events:
            events = len(record.dates)
        if record.custom_fields or record.hometown or record.pronouns:
            customs = max(customs, len(record.custom_fields) + bool(record.hometown)
                          + bool(record.pronouns))
    most.update({"Address": addresses, "Relation": relations, "Event": events,
                 "Custom Field": customs})
    return most


def _contact_counts(record: ContactRecord) -> dict[str, int]:
    counts = {"E-mail": 0, "Phone": 0, "Website": 0, "IM": 0}
    for contact in record.contacts:
        group = _CONTACT_GROUPS.get(contact.kind)
        if group:
            counts[group] += 1
    return counts


_CONTACT_GROUPS = {ContactKind.EMAIL: "E-mail", ContactKind.PHONE: "Phone",
                   ContactKind.URL: "Website", ContactKind.SOCIAL: "Website", ContactKind.IM: "IM"}
_RISKY_START = FORMULA_TRIGGERS | {"'"}
_RISKY_CELL = re.compile("\x1f[=+\\-@\t\r\n']")  # in "\x1f".join(row): a cell starting so
_label = lru_cache(maxsize=4096)(export_label)  # labels repeat: "Mobile" thousands of times


class _Layout:
    """The header for these group counts, and where each value of a record goes. A group has
    as many slots as the fullest record needs; the rest of a row stays blank."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.header = list(BASE_COLUMNS)
        self.slots: dict[str, list[int]] = {}  # group -> first column of its 1st, 2nd … value
        for name, parts in GROUPS:
            self.slots[name] = []
            for n in range(1, counts[name] + 1):
                self.slots[name].append(len(self.header))
                self.header += [f"{name} {n} - {part}" for part in parts]
        self.blank = [""] * len(self.header)

    def row(self, record: ContactRecord) -> list[str]:
        """Free text goes in as written and is made safe in one pass (most rows need nothing:
        one C-level search tells); phone numbers and dates, which have their own rule, go in
        after."""
        row = self.blank[:]
        _fill_base(row, record)
        phones = self._fill_contacts(row, record) if record.contacts else ()
        if record.addresses or record.relations or record.dates:
            self._fill_places_and_people(row, record)
        if record.custom_fields or record.hometown or record.pronouns:
            self._fill_custom_fields(row, record)
        if _RISKY_CELL.search("\x1f" + "\x1f".join(row)):
            row = [c if c[:1] not in _RISKY_START else neutralised(c) for c in row]
        for start, number in phones:
            row[start] = neutralised_phone(number)
        if record.birthday is not None:
            row[13] = record.birthday.iso()
        for start, date in zip(self.slots["Event"], record.dates, strict=False):
            row[start + 1] = date.date.iso()
        return row

    def _fill_contacts(self, row: list[str], record: ContactRecord) -> list[tuple[int, str]]:
        used = {"E-mail": 0, "Phone": 0, "Website": 0, "IM": 0}
        slots, phones = self.slots, []
        for contact in record.contacts:
            group = _CONTACT_GROUPS.get(contact.kind)
            if group is None:
                continue
            start = slots[group][used[group]]
            used[group] += 1
            row[start] = _label(contact.label)
            if group == "Phone":
                phones.append((start + 1, contact.value))
            else:
                row[start + 2 if group == "IM" else start + 1] = contact.value
        return phones

    def _fill_places_and_people(self, row: list[str], record: ContactRecord) -> None:
        slots = self.slots
        addresses = [a for a in record.addresses if not a.is_empty()]
        for start, address in zip(slots["Address"], addresses, strict=False):
            row[start:start + 9] = _address_cells(address)
        relations = [r for r in record.relations if r.name]
        for start, relation in zip(slots["Relation"], relations, strict=False):
            row[start], row[start + 1] = _label(relation.type), relation.name
        for start, date in zip(slots["Event"], record.dates, strict=False):
            row[start] = _label(date.label)

    def _fill_custom_fields(self, row: list[str], record: ContactRecord) -> None:
        # Hometown and Pronouns first: on reading, the first field of that name fills the field.
        named = [(label, getattr(record, a)) for label, a in CUSTOM_FIELD_NAMES if getattr(record, a)]
        for start, (label, value) in zip(self.slots["Custom Field"], named + record.custom_fields,
                                         strict=False):
            row[start], row[start + 1] = label, value


def _fill_base(row: list[str], record: ContactRecord) -> None:
    job = _current_job(record)
    display = record.display_name
    (row[0], row[1], row[2], row[6], row[7], row[8], row[14]) = (
        record.given_name, record.middle_name, record.family_name, record.prefix, record.suffix,
        record.nickname, record.notes)
    if display and display != composed_name(record):
        row[9] = display
    if job is not None:
        row[10], row[11], row[12] = job.organization, job.title, job.department
    if record.tags:
        row[16] = GOOGLE_SEPARATOR.join(record.tags)


def _current_job(record: ContactRecord) -> ImportedJob | None:
    for job in record.jobs:
        if job.end is None and (job.organization or job.title or job.department):
            return job
    return None


def _address_cells(address: ImportedAddress) -> list[str]:
    street, city, region, postcode, country = (address.street, address.locality, address.region,
                                               address.postcode, address.country)
    place = " ".join([p for p in (city, region, postcode) if p])
    formatted = "\n".join([p for p in (street, place, country) if p])
    return [_label(address.label), formatted, street, city, "", region, postcode, country, ""]
