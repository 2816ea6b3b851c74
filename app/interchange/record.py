"""One person as a file holds it, between a reader or writer and the notebook.

Readers (vCard, CSV) turn files into `ContactRecord`s without touching the notebook; the
import service matches and writes them. The export service turns people into records;
writers turn records into files. Records carry only plain values (no database ids), so a
record read from our own export and a record built from the notebook compare equal.

What a record holds beyond a phone's address book travels in vCard as `X-RAPPORT-*`
properties (see app/interchange/vcard.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain import ContactKind, PartialDate, compose_display_name

# Limits on input, each with its own message (app.errors.ImportFailed names file and line).
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024  # one logical (unfolded) line: a 5 MB photo in base64 fits
MAX_RECORDS = 250_000
# Photo limits: app.photos (MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, check_photo).


@dataclass(frozen=True)
class ImportedContact:
    kind: ContactKind
    value: str
    label: str = ""  # "home", "work", "mobile", "twitter", an Apple custom label ...


@dataclass(frozen=True)
class ImportedAddress:
    label: str = ""
    street: str = ""  # PO box, extended and street lines joined by newlines
    locality: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""

    def is_empty(self) -> bool:
        return not any((self.street, self.locality, self.region, self.postcode, self.country))


@dataclass(frozen=True)
class ImportedDate:
    label: str  # "anniversary", or the file's own label
    date: PartialDate


@dataclass(frozen=True)
class ImportedJob:
    organization: str
    title: str = ""
    department: str = ""
    start: dt.date | None = None
    end: dt.date | None = None  # None: the current job


@dataclass(frozen=True)
class ImportedRelation:
    """Someone related to the person: ("spouse", "Jane"). `uid` links to another person in
    the same file or the notebook; without one the importer makes a light entry."""

    type: str  # one of app.domain.RELATIONSHIP_INVERSES' keys where it maps, else as written
    name: str
    uid: str = ""
    birthday: PartialDate | None = None


@dataclass(frozen=True)
class ImportedFact:
    category: str
    text: str
    noted_on: dt.date | None = None


@dataclass(frozen=True)
class RawProperty:
    """A vCard property we do not interpret, kept verbatim so that exporting writes it back:
    `group` ("item3" or ""), `name` ("X-FOO"), `params` as written (";TYPE=x"), `value` as
    written (still escaped)."""

    name: str
    value: str
    params: str = ""
    group: str = ""


@dataclass
class ContactRecord:
    line: int = 0  # where the card or row starts in its file (1-based), for messages
    uid: str = ""
    prefix: str = ""
    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    suffix: str = ""
    nickname: str = ""  # several nicknames joined by ", "
    display_name: str = ""  # FN when it differs from the composed name parts
    pronouns: str = ""
    birthday: PartialDate | None = None
    hometown: str = ""
    how_we_met: str = ""
    met_on: dt.date | None = None
    introduced_by: str = ""  # the introducer's uid if known, else their name
    stage: str = ""
    cadence_days: int | None = None
    notes: str = ""
    contacts: list[ImportedContact] = field(default_factory=list)
    addresses: list[ImportedAddress] = field(default_factory=list)
    dates: list[ImportedDate] = field(default_factory=list)
    jobs: list[ImportedJob] = field(default_factory=list)
    relations: list[ImportedRelation] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    facts: list[ImportedFact] = field(default_factory=list)
    custom_fields: list[tuple[str, str]] = field(default_factory=list)
    photo: bytes | None = None
    extras: list[RawProperty] = field(default_factory=list)
    # A company's own card (Apple X-ABShowAs:COMPANY, vCard 4.0 KIND:org, or an ORG with no
    # personal name): the importer makes it an organization, not a person.
    is_organization: bool = False

    def name(self) -> str:
        """What the person would be called, for previews and messages."""
        return compose_display_name(
            display_name=self.display_name, prefix=self.prefix, given_name=self.given_name,
            middle_name=self.middle_name, family_name=self.family_name, suffix=self.suffix,
            nickname=self.nickname)


@dataclass(frozen=True)
class Problem:
    """Something a reader skipped or repaired, for the import report."""

    line: int
    message: str


@dataclass
class ParsedFile:
    records: list[ContactRecord]
    format: str  # "vcard", "google-csv", "outlook-csv", "csv", "json"
    encoding: str = "utf-8"
    problems: list[Problem] = field(default_factory=list)
