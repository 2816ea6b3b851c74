"""vCard writer: 3.0 by default (what Apple, Google and Outlook import) or 4.0.

Every line ends in CRLF and is folded at 75 octets without splitting a UTF-8 character.
Each card carries the standard properties other apps read, plus Rapport's own X-RAPPORT-*
properties (app/interchange/vcard.py describes them), so that reading our own export gives
back the same ContactRecord.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
import uuid
from collections.abc import Iterable, Iterator

from app.domain import ContactKind, PartialDate
from app.interchange.record import ContactRecord, ImportedJob
from app.interchange.vcard_syntax import (
    APPLE_ANNIVERSARY,
    APPLE_RELATION_LABELS,
    apple_built_in,
    date_30,
    date_40,
    encode_param,
    escape_joined,
    escape_text,
    is_token,
    relation_type,
    standard_types,
    types_label,
)
from app.photos import photo_type

PRODID = "-//Rapport//Rapport contacts notebook//EN"
VERSIONS = ("3.0", "4.0")
_MAX_OCTETS = 75
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Properties the writer makes from the record's fields: a kept extra of the same name would
# contradict them (or repeat them).
GENERATED = frozenset({
    "BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "FN", "N", "NICKNAME", "PRONOUNS", "BDAY",
    "ANNIVERSARY", "ORG", "TITLE", "TEL", "EMAIL", "URL", "IMPP", "X-SOCIALPROFILE",
    "SOCIALPROFILE", "ADR", "X-ABDATE", "RELATED", "X-ABRELATEDNAMES", "NOTE", "CATEGORIES",
})


def write_vcards(records: Iterable[ContactRecord], version: str = "3.0") -> Iterator[str]:
    """The text of a .vcf file, one card per chunk."""
    _check_version(version)
    for record in records:
        yield CardWriter(record, version).text()


def write_vcard(record: ContactRecord, version: str = "3.0") -> str:
    _check_version(version)
    return CardWriter(record, version).text()


def _check_version(version: str) -> None:
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} cannot be written; use 3.0 or 4.0")


def fold(line: str) -> str:
    """Lines over 75 octets continue on lines that start with a space (RFC 6350 §3.2)."""
    if len(line) <= _MAX_OCTETS and (line.isascii() or len(line.encode()) <= _MAX_OCTETS):
        return line
    if line.isascii():
        rest = range(_MAX_OCTETS, len(line), _MAX_OCTETS - 1)
        return "\r\n ".join([line[:_MAX_OCTETS], *(line[i:i + _MAX_OCTETS - 1] for i in rest)])
    data = line.encode()
    chunks, start, limit = [], 0, _MAX_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        chunks.append(data[start:end].decode())
        start, limit = end, _MAX_OCTETS - 1  # a continuation line's leading space counts
    chunks.append(data[start:].decode())
    return "\r\n ".join(chunks)


def _params(**values: str) -> str:
    return "".join(f";{key.replace('_', '-')}={encode_param(value)}"
                   for key, value in values.items() if value)


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def fallback_name(record: ContactRecord) -> str:
    """What to put in FN for a record with no name: its organization, else a contact detail."""
    organization = next((j.organization for j in record.jobs if j.organization), "")
    return organization or next((c.value for c in record.contacts), "")


_TYPED_PROPERTIES = {ContactKind.PHONE: "TEL", ContactKind.EMAIL: "EMAIL", ContactKind.URL: "URL"}


@functools.lru_cache(maxsize=1024)  # labels repeat from card to card
def _typed_start(name: str, label: str) -> str | None:
    """'TEL;TYPE=cell:' for a label TYPE can say; None when it needs an X-ABLabel."""
    types = standard_types(label, name)
    if types is None:
        return None
    return f"{name};TYPE={types}:" if types else f"{name}:"


def _current_job(jobs: list[ImportedJob]) -> ImportedJob | None:
    for job in jobs:
        if job.end is None:
            return job
    return None


class CardWriter:
    """One record as one card (unfolded lines until text()).

    Export writes 100,000 cards in one go: the common properties append their line directly
    and escape a property's parts with one check (escape_joined); add() is for the rest."""

    def __init__(self, record: ContactRecord, version: str) -> None:
        self.record = record
        self.v4 = version == "4.0"
        self.lines = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:{PRODID}"]
        self.taken_groups: set[str] | None = None  # the extras' groups, found when needed
        self.group_count = 0

    def text(self) -> str:
        r = self.record
        self.identity()
        self.work()
        self.contacts()
        self.addresses()
        if r.dates:
            self.dates()
        if r.relations:
            self.relations()
        self.notebook_fields()
        if r.extras:
            self.extras()
        self.photo()
        lines = self.lines
        lines.append("END:VCARD")
        card = "\r\n".join(lines)
        # Most cards are ASCII with short lines: two C-level checks instead of one per line.
        if card.isascii() and max(map(len, lines)) <= _MAX_OCTETS:
            return card + "\r\n"
        return "\r\n".join([line if len(line) <= _MAX_OCTETS and line.isascii() else fold(line)
                            for line in lines]) + "\r\n"

    def add(self, name: str, value: str, params: str = "", group: str = "") -> None:
        self.lines.append(f"{group}.{name}{params}:{value}" if group else f"{name}{params}:{value}")

    def new_group(self) -> str:
        """The next free Apple-style group name (a kept extra may already use item1)."""
        if self.taken_groups is None:
            self.taken_groups = {e.group.lower() for e in self.record.extras if e.group}
        while True:
            self.group_count += 1
            group = f"item{self.group_count}"
            if group not in self.taken_groups:
                return group

    def add_labelled(self, name: str, value: str, label: str, params: str = "") -> None:
        """A custom label, as Apple and Google write it: itemN.NAME + itemN.X-ABLabel."""
        group = self.new_group()
        self.add(name, value, params, group)
        self.add("X-ABLabel", escape_text(label), group=group)

    def add_date(self, name: str, date: PartialDate, group: str = "") -> None:
        if self.v4:
            self.add(name, date_40(date), group=group)
        else:
            # 3.0 cannot say "year unknown": Apple's X-APPLE-OMIT-YEAR=1604 form is the one
            # Apple, iCloud and DAVx5 read back as year-less (research notes §3).
            params, value = date_30(date)
            self.add(name, value, params, group)

    # -- sections --

    def identity(self) -> None:
        r = self.record
        lines = self.lines
        uid = r.uid or str(uuid.uuid4())
        if not self.v4:
            lines.append("UID:" + escape_text(uid))
        elif _UUID.fullmatch(uid):
            lines.append(f"UID:urn:uuid:{uid}")
        else:
            lines.append("UID;VALUE=text:" + escape_text(uid))
        lines.append("FN:" + escape_text(r.name() or fallback_name(r)))
        lines.append("N:" + escape_joined(
            (r.family_name, r.given_name, r.middle_name, r.prefix, r.suffix), ";"))
        if r.nickname:
            self.add("NICKNAME", escape_text(r.nickname))  # its commas escaped: one nickname
        if r.pronouns:
            self.add("PRONOUNS" if self.v4 else "X-RAPPORT-PRONOUNS", escape_text(r.pronouns))
        if r.birthday is not None:
            self.add_date("BDAY", r.birthday)

    def work(self) -> None:
        """The first current job in ORG/TITLE; every job ORG/TITLE cannot say in X-RAPPORT-JOB."""
        primary = _current_job(self.record.jobs)
        for job in self.record.jobs:
            if job is primary:
                organization = escape_text(job.organization)
                if job.department:
                    organization += ";" + escape_text(job.department)
                self.lines.append("ORG:" + organization)
                if job.title:
                    self.lines.append("TITLE:" + escape_text(job.title))
                if job.start is None:
                    continue
            self.add_rapport_job(job)

    def add_rapport_job(self, job: ImportedJob) -> None:
        params = _params(TITLE=job.title, DEPARTMENT=job.department, START=_iso(job.start),
                         END=_iso(job.end))
        self.add("X-RAPPORT-JOB", escape_text(job.organization), params)

    def contacts(self) -> None:
        social = ("SOCIALPROFILE", "SERVICE-TYPE") if self.v4 else ("X-SOCIALPROFILE", "TYPE")
        for contact in self.record.contacts:
            value, label, kind = escape_text(contact.value), contact.label, contact.kind
            typed = _TYPED_PROPERTIES.get(kind)
            if typed:
                self.add_typed(typed, value, label)
            elif kind == ContactKind.SOCIAL:
                self.add_service(*social, value, label)
            else:
                self.add_service("IMPP", "X-SERVICE-TYPE", value, label)

    def add_typed(self, name: str, value: str, label: str) -> None:
        start = _typed_start(name, label)
        if start is None:
            self.add_labelled(name, value, label)
        else:
            self.lines.append(start + value)

    def add_service(self, name: str, key: str, value: str, label: str) -> None:
        """Social and IM: the service in a parameter; an X-ABLabel too unless the parameter
        alone gives the label back (the reader lower-cases service types)."""
        if not label:
            self.add(name, value)
            return
        params = f";{key}={label}" if is_token(label) else ""
        reads_back = types_label([label]) if key == "TYPE" else label.lower()
        if params and reads_back == label:
            self.add(name, value, params)
        else:
            self.add_labelled(name, value, label, params)

    def addresses(self) -> None:
        for a in self.record.addresses:
            if not a.is_empty():
                parts = (a.street, a.locality, a.region, a.postcode, a.country)
                self.add_typed("ADR", ";;" + escape_joined(parts, ";"), a.label)

    def dates(self) -> None:
        anniversary_written = False
        for date in self.record.dates:
            if self.v4 and date.label == "anniversary" and not anniversary_written:
                self.add_date("ANNIVERSARY", date.date)
                anniversary_written = True
            elif not date.label:
                self.add_date("X-ABDATE", date.date)
            else:
                group = self.new_group()
                self.add_date("X-ABDATE", date.date, group)
                label = APPLE_ANNIVERSARY if date.label == "anniversary" else escape_text(date.label)
                self.add("X-ABLabel", label, group=group)

    def relations(self) -> None:
        """Every relation as X-RAPPORT-RELATED, then again in the form other apps read."""
        relations = self.record.relations
        for rel in relations:
            params = _params(TYPE=rel.type, UID=rel.uid, BDAY=rel.birthday.iso() if rel.birthday else "")
            self.add("X-RAPPORT-RELATED", escape_text(rel.name), params)
        for rel in relations:
            if not rel.name:
                continue
            if self.v4:
                if is_token(rel.type):
                    self.add("RELATED", escape_text(rel.name), f";TYPE={rel.type.lower()};VALUE=text")
                continue
            apple = APPLE_RELATION_LABELS.get(relation_type(rel.type))
            group = self.new_group()
            self.add("X-ABRELATEDNAMES", escape_text(rel.name), group=group)
            label = apple_built_in(apple) if apple else escape_text(rel.type)
            self.add("X-ABLabel", label, group=group)

    def notebook_fields(self) -> None:
        r = self.record
        if r.notes:
            self.lines.append("NOTE:" + escape_text(r.notes))
        if r.tags:
            self.lines.append("CATEGORIES:" + escape_joined(r.tags, ","))
        if r.hometown or r.how_we_met or r.met_on or r.stage or r.introduced_by:
            self.relationship_fields()
        if r.cadence_days is not None:
            self.add("X-RAPPORT-CADENCE", str(r.cadence_days))
        for fact in r.facts:
            params = _params(CATEGORY=fact.category, NOTED=_iso(fact.noted_on))
            self.add("X-RAPPORT-FACT", escape_text(fact.text), params)
        for name, value in r.custom_fields:
            self.add("X-RAPPORT-FIELD", escape_text(value), _params(NAME=name))

    def relationship_fields(self) -> None:
        r = self.record
        for name, value in (("X-RAPPORT-HOMETOWN", r.hometown), ("X-RAPPORT-HOW-WE-MET", r.how_we_met),
                            ("X-RAPPORT-MET-ON", _iso(r.met_on)), ("X-RAPPORT-STAGE", r.stage),
                            ("X-RAPPORT-INTRODUCED-BY", r.introduced_by)):
            if value:
                self.add(name, escape_text(value))

    def extras(self) -> None:
        """What a file held that we do not interpret, as it was written."""
        for extra in self.record.extras:
            name = extra.name.upper()
            if name in GENERATED or name.startswith("X-RAPPORT-") or (
                    name == "PHOTO" and self.record.photo):
                continue
            value = extra.value
            if "\n" in value or "\r" in value:  # would end the line early
                value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
            self.add(extra.name, value, extra.params, extra.group)

    def photo(self) -> None:
        photo = self.record.photo
        if not photo:
            return
        mime = photo_type(photo)
        data = base64.b64encode(photo).decode("ascii")
        if self.v4:
            self.add("PHOTO", f"data:{mime or 'application/octet-stream'};base64,{data}")
        else:
            self.add("PHOTO", data, f";ENCODING=b;TYPE={mime.split('/')[1].upper()}" if mime
                     else ";ENCODING=b")
