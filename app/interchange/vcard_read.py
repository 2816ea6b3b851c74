"""A tolerant vCard reader: 2.1, 3.0 and 4.0 as Apple, Google, Outlook, Android, Samsung and
Thunderbird write them, into ContactRecords.

The pipeline: bytes (BOM, UTF-16/32) -> logical lines unfolded at byte level and grouped into
cards (app/interchange/vcard_lines.py) -> per property: parameters parsed leniently,
quoted-printable undone on the whole value, then the charset decoded, then text unescaped ->
typed fields. Properties we do not interpret are kept verbatim in `extras`, so that an export
writes them back.
"""

from __future__ import annotations

import binascii
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from app.collector import collector_paused
from app.domain import ContactKind, PartialDate, compose_display_name
from app.errors import Cancelled, ImportFailed, InvalidInput
from app.interchange.encoding import DEFAULT_LEGACY, bom_encoding, canonical, guess_legacy
from app.interchange.record import (
    ContactRecord,
    ImportedAddress,
    ImportedContact,
    ImportedDate,
    ImportedFact,
    ImportedJob,
    ImportedRelation,
    ParsedFile,
    Problem,
    RawProperty,
)
from app.interchange.vcard_lines import NOT_A_VCARD, OUTSIDE_A_CARD, Prop, cards, check_size
from app.interchange.vcard_syntax import (
    apple_label,
    decode_carets,
    parse_date,
    relation_type,
    split_unescaped,
    types_label,
    unescape_text,
)
from app.photos import check_photo

_CHARSET_HINT = re.compile(rb";CHARSET=\"?([A-Za-z0-9_.:-]+)", re.I)
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_WHITESPACE = re.compile(rb"\s")
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_CANCEL_EVERY_CARDS = 256
_NO_PARAMS: dict[str, list[str]] = {}
# Google's system group, which every contact is in: not a tag anyone chose.
_SYSTEM_TAGS = frozenset({"mycontacts", "my contacts"})

IM_SERVICES = {
    "X-AIM": "aim", "X-SKYPE": "skype", "X-SKYPE-USERNAME": "skype", "X-JABBER": "jabber",
    "X-MSN": "msn", "X-YAHOO": "yahoo", "X-ICQ": "icq", "X-QQ": "qq", "X-GTALK": "gtalk",
    "X-GOOGLE-TALK": "gtalk", "X-SIP": "sip", "X-MS-IMADDRESS": "im",
}
RELATION_PROPERTIES = {
    "X-MS-SPOUSE": "spouse", "X-MS-MANAGER": "manager", "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-SPOUSE": "spouse", "X-EVOLUTION-MANAGER": "manager",
    "X-EVOLUTION-ASSISTANT": "assistant", "X-SPOUSE": "spouse", "X-MANAGER": "manager",
    "X-ASSISTANT": "assistant",
}
ANNIVERSARY_PROPERTIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY")
RAPPORT_TEXT_FIELDS = {
    "X-RAPPORT-HOMETOWN": "hometown", "X-RAPPORT-HOW-WE-MET": "how_we_met",
    "X-RAPPORT-STAGE": "stage", "X-RAPPORT-INTRODUCED-BY": "introduced_by",
    "X-RAPPORT-PRONOUNS": "pronouns", "PRONOUNS": "pronouns",
}
# Android's ContactsContract codes in X-ANDROID-CUSTOM (type 0 = the custom label that follows).
_ANDROID_RELATIONS = {
    "1": "assistant", "2": "brother", "3": "child", "4": "partner", "5": "father", "6": "friend",
    "7": "manager", "8": "mother", "9": "parent", "10": "partner", "11": "referred_by",
    "12": "relative", "13": "sister", "14": "spouse",
}
_ANDROID_EVENTS = {"1": "anniversary", "2": "other", "3": "birthday"}


@collector_paused()  # as read_csv: also for callers other than formats.read_contacts
def read_vcards(data: bytes, file: str = "", *, encoding: str | None = None,
                should_cancel: Callable[[], bool] | None = None) -> ParsedFile:
    """Every card in a .vcf file. `encoding` is the code page for bytes that are not UTF-8
    (the user's choice); None: per-property CHARSET, the file's first CHARSET, then a guess.
    Raises ImportFailed when the file's structure is broken, Cancelled when asked to stop.
    A big file is read in two parts at once, the second by another process
    (app/interchange/vcard_parallel.py), with the same result."""
    from app.interchange import vcard_parallel

    check_size(data, file)
    data, bom = _without_bom(data)
    parts = vcard_parallel.read_in_two(data, file, encoding, should_cancel) \
        or [read_part(data, file, encoding, should_cancel)]
    records = [r for part in parts for r in part.records]
    groups = [g for part in parts for g in part.groups]
    problems = parts[0].problems
    for part in parts[1:]:  # "text outside a card" is said once per file
        said = any(p.message == OUTSIDE_A_CARD for p in problems)
        problems += [p for p in part.problems if not (said and p.message == OUTSIDE_A_CARD)]
    if not any(part.cards for part in parts):
        raise ImportFailed(file, 1, NOT_A_VCARD)
    _tag_group_members(groups, records, problems)
    used = next((part.used for part in parts if part.used), None)
    return ParsedFile(records, "vcard", bom or used or "utf-8", problems)


@dataclass
class Part:
    """What reading a part of a file found."""

    records: list[ContactRecord]
    groups: list[GroupCard]
    problems: list[Problem]
    cards: int
    used: str | None  # the first legacy code page its values needed


def read_part(data: bytes, file: str, encoding: str | None,
              should_cancel: Callable[[], bool] | None, *, start: int = 0,
              end: int | None = None, first_line: int = 1) -> Part:
    """The cards of data[start:end] (whole cards, beginning at line `first_line`). `data` is
    the whole file, whose first CHARSET or guessed code page decodes values that are not
    UTF-8."""
    decoder = Decoder(data, encoding)
    found = Part([], [], [], 0, None)
    text = data if start == 0 and end is None else data[start:end]
    for count, (begin, props) in enumerate(cards(text, file, found.problems, should_cancel,
                                                 first_line=first_line), 1):
        if should_cancel and count % _CANCEL_EVERY_CARDS == 0 and should_cancel():
            raise Cancelled()
        card = CardReader(begin, props, decoder, found.problems).read()
        (found.groups if isinstance(card, GroupCard) else found.records).append(card)
        found.cards = count
    found.used = decoder.used
    return found


def _without_bom(data: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes without a byte-order mark, and the BOM's encoding ("" without one)."""
    name = bom_encoding(data)
    if name is None:
        return data, ""
    if name == "utf-8-sig":
        return data[3:], "utf-8"
    return data.decode(name, errors="replace").encode("utf-8"), name


class Decoder:
    """Bytes -> text: strict UTF-8, else the property's CHARSET, else the file's legacy code page
    (the user's choice, or the first CHARSET named in the file, or a guess)."""

    def __init__(self, data: bytes, forced: str | None) -> None:
        self.data = data
        self.forced = (canonical(forced) or DEFAULT_LEGACY) if forced else None
        self.used: str | None = None  # the first legacy code page that was needed
        # Parameters repeat from card to card ("TEL;TYPE=CELL"): parsed once per file.
        self.params: dict[tuple[bytes, bool], dict[str, list[str]]] = {}
        self.labels: dict[tuple[bytes, tuple[str, ...], bool], str] = {}
        self._fallback: str | None = None

    def text(self, raw: bytes, charset: str = "") -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        name = (not self.forced and charset and canonical(charset)) or self.fallback()
        if name == "utf-8":  # a CHARSET=UTF-8 label on bytes that are not UTF-8
            name = self.fallback()
        self.used = self.used or name
        return raw.decode(name, errors="replace")

    def fallback(self) -> str:
        if self._fallback is None:
            self._fallback = self.forced or _first_charset(self.data) or self._guess()
        return self._fallback

    def _guess(self) -> str:
        """A guess from the file's bytes, when they hold any that are not UTF-8. When only
        quoted-printable hid them, the guess would rest on a few bytes: take Windows-1252,
        which is what Windows' own contacts program writes."""
        try:
            self.data.decode("utf-8")
        except UnicodeDecodeError:
            return guess_legacy(self.data)
        return DEFAULT_LEGACY


def _first_charset(data: bytes) -> str | None:
    for match in _CHARSET_HINT.finditer(data):
        name = canonical(match.group(1).decode("ascii"))
        if name and name != "utf-8":
            return name
    return None


@dataclass
class GroupCard:
    """An Apple/iCloud or 4.0 group: a card that lists members rather than being a person."""

    line: int
    name: str
    members: list[str] = field(default_factory=list)


def _tag_group_members(groups: list[GroupCard], records: list[ContactRecord],
                       problems: list[Problem]) -> None:
    by_uid = {r.uid: r for r in records if r.uid}
    for group in groups:
        if not group.name:
            problems.append(Problem(group.line, "a group card without a name was skipped"))
            continue
        tagged = 0
        for uid in group.members:
            member = by_uid.get(uid)
            if member is not None:
                tagged += 1
                if group.name not in member.tags:
                    member.tags.append(group.name)
        members = f"{tagged} member" + ("" if tagged == 1 else "s")
        problems.append(Problem(group.line, f"“{group.name}” is a group, not a person, so it was "
                                f"not imported; its {members} in this file were tagged "
                                f"“{group.name}”"))


# ---- Parameters --------------------------------------------------------------------------

def parse_params(head: str, carets: bool) -> dict[str, list[str]]:
    """';TYPE=a,b;CELL;CHARSET=UTF-8' -> {'TYPE': ['a,b', 'CELL'], 'CHARSET': ['UTF-8']}.
    2.1 bare values count as TYPE (or ENCODING); quotes are removed; empty ones skipped."""
    params: dict[str, list[str]] = {}
    for segment in _param_segments(head):
        if not segment:
            continue
        if segment[:9].upper() == "X-CUSTOM(":
            params.setdefault("X-CUSTOM", []).append(_samsung_label(segment))
            continue
        key, equals, value = segment.partition("=")
        if equals:
            key = key.strip().upper()
            if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
                value = value[1:-1]
        else:
            value = segment.strip()
            key = "ENCODING" if value.upper() in _BARE_ENCODINGS else "TYPE"
        params.setdefault(key, []).append(decode_carets(value) if carets else value)
    return params


def _param_segments(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")[1:]
    segments, start, quoted = [], 1, False
    for index, char in enumerate(head):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted and index:
            segments.append(head[start:index])
            start = index + 1
    segments.append(head[start:])
    return segments


def _samsung_label(segment: str) -> str:
    """Samsung's 'X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=4D=79)' -> 'My'."""
    inner = segment[segment.index("(") + 1:]
    inner = inner[:inner.rindex(")")] if ")" in inner else inner
    *options, label = inner.split(",")
    settings = {k.strip().upper(): v.strip() for k, _, v in (o.partition("=") for o in options)}
    if settings.get("ENCODING", "").upper() == "QUOTED-PRINTABLE":
        charset = canonical(settings.get("CHARSET", "utf-8")) or "utf-8"
        label = binascii.a2b_qp(label.encode("ascii", "replace")).decode(charset, "replace")
    return label.strip()


def type_tokens(params: dict[str, list[str]]) -> list[str]:
    return [t.strip() for v in params.get("TYPE", ()) for t in v.split(",") if t.strip()]


def _encoding(params: dict[str, list[str]]) -> str:
    values = params.get("ENCODING")
    return values[0].strip().upper() if values else ""


def _base64(value: bytes) -> bytes | None:
    cleaned = _NOT_BASE64.sub(b"", value)
    try:
        return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))
    except binascii.Error:
        return None


def _data_uri(value: bytes) -> bytes | None:
    """data:image/png;base64,... (also base64\\, as some converters escape the comma)."""
    header, _, payload = value.partition(b",")
    if b";base64" in header.lower():
        return _base64(payload)
    return unquote_to_bytes(payload)


# ---- One card ----------------------------------------------------------------------------

class CardReader:
    """Turns one card's properties into a ContactRecord (or a GroupCard)."""

    def __init__(self, begin: int, props: list[Prop], decoder: Decoder,
                 problems: list[Problem]) -> None:
        self.props, self.decoder, self.problems = props, decoder, problems
        self.record = ContactRecord(line=begin)
        self.v21 = self.v4 = False
        self.group_labels: dict[str, Prop] = {}
        self.interpreted_groups: set[str] = set()
        self.has_address = False
        self.fn = ""
        self.seen_n = False
        self.nicknames: list[str] = []
        self.notes: list[str] = []
        self.orgs: list[tuple[str, str]] = []  # (organization, department) per ORG, in order
        self.titles: list[str] = []
        self.roles: list[Prop] = []
        self.job_slots: list[ImportedJob | int] = []  # an int is an index into self.orgs
        self.rapport_relations: list[ImportedRelation] = []
        self.other_relations: list[ImportedRelation] = []
        self.legacy_im: list[ImportedContact] = []
        self.kind = ""
        self.is_company = False
        self.members: list[str] = []

    def read(self) -> ContactRecord | GroupCard:
        self._survey()
        for prop in self.props:
            handler = HANDLERS.get(prop.name)
            if handler is None:
                self.keep(prop)
            else:
                handler(self, prop)
        return self._finish()

    def _survey(self) -> None:
        """What must be known before the properties are read in order: the version (Thunderbird
        writes it last), the X-ABLabel of each group, and whether an ADR exists."""
        for prop in self.props:
            name = prop.name
            if name == "VERSION":
                version = prop.value.strip()
                self.v21, self.v4 = version.startswith(b"2"), version.startswith(b"4")
            elif name == "ADR":
                self.has_address = True
            if prop.group:
                group = prop.group.lower()
                if name == "X-ABLABEL":
                    self.group_labels[group] = prop
                elif name in HANDLERS:
                    self.interpreted_groups.add(group)

    # -- decoding values --

    def params(self, prop: Prop) -> dict[str, list[str]]:
        """The property's parameters (shared between equal heads: read them, never change them)."""
        if prop.params is None:
            if not prop.head:
                prop.params = _NO_PARAMS
            else:
                key = (prop.head, self.v4 or prop.name.startswith("X-RAPPORT-"))
                cache = self.decoder.params
                prop.params = cache.get(key) or parse_params(self.decoder.text(prop.head), key[1])
                if len(cache) < 10_000:  # a hostile file cannot grow it without end
                    cache[key] = prop.params
        return prop.params

    def param(self, prop: Prop, key: str) -> str:
        values = self.params(prop).get(key)
        return values[0].strip() if values else ""

    def raw_text(self, prop: Prop) -> str:
        """The value as text, still escaped: quoted-printable undone, then the charset decoded."""
        if not prop.head:
            try:  # Decoder.text()'s first step, without a call for each of a file's values
                return prop.value.decode("utf-8")
            except UnicodeDecodeError:
                return self.decoder.text(prop.value)
        params = self.params(prop)
        raw = prop.value
        if "ENCODING" in params and _encoding(params) == "QUOTED-PRINTABLE":
            raw = binascii.a2b_qp(raw)
        charset = params.get("CHARSET")
        text = self.decoder.text(raw, charset[0] if charset else "")
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    # text() and components() test for a backslash before calling the unescaping: most values
    # have none, and a call per value added a tenth to reading a file.

    def text(self, prop: Prop) -> str:
        raw = self.raw_text(prop)
        return (unescape_text(raw, self.v21) if "\\" in raw else raw).strip()

    def components(self, prop: Prop, count: int) -> list[str]:
        raw = self.raw_text(prop)
        if "\\" in raw:
            parts = [unescape_text(p, self.v21).strip() for p in split_unescaped(raw, ";")]
        else:
            parts = [p.strip() for p in raw.split(";")]
        return parts + [""] * (count - len(parts))

    def group_label(self, prop: Prop) -> str:
        """The X-ABLabel of the property's group: '_$!<HomePage>!$_' -> 'homepage'."""
        label_prop = self.group_labels.get(prop.group.lower()) if prop.group else None
        if label_prop is None:
            return ""
        return apple_label(unescape_text(self.raw_text(label_prop), self.v21))

    def label(self, prop: Prop, service_keys: tuple[str, ...] = ()) -> str:
        """An Apple group label, else Samsung's X-CUSTOM, else a service type, else TYPE."""
        label = self.group_label(prop)
        if label or not prop.head:
            return label
        key = (prop.head, service_keys, self.v4)
        labels = self.decoder.labels
        label = labels.get(key)
        if label is None:
            label = self._params_label(self.params(prop), service_keys)
            if len(labels) < 10_000:
                labels[key] = label
        return label

    @staticmethod
    def _params_label(params: dict[str, list[str]], service_keys: tuple[str, ...]) -> str:
        for key in ("X-CUSTOM", *service_keys):
            values = params.get(key)
            if values and values[0].strip():
                return values[0].strip() if key == "X-CUSTOM" else values[0].strip().lower()
        return types_label(type_tokens(params))

    def problem(self, prop: Prop, message: str) -> None:
        self.problems.append(Problem(prop.line, message))

    def date(self, prop: Prop, text: str, what: str) -> PartialDate | None:
        """The date, or None after keeping the text as a custom field and saying so."""
        if self.param(prop, "VALUE").lower() == "text":
            self.problem(prop, f"the {what} “{text}” is text, not a date; it was kept as a custom field")
        else:
            try:
                return parse_date(text, self.param(prop, "X-APPLE-OMIT-YEAR"))
            except ValueError as exc:
                self.problem(prop, f"the {what} {exc}; it was kept as a custom field")
        self.record.custom_fields.append((what[:1].upper() + what[1:], text))
        return None

    def param_date(self, prop: Prop, key: str) -> dt.date | None:
        text = self.param(prop, key)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(prop, f"{key.lower()} “{text}” is not a date (YYYY-MM-DD); it was left out")
            return None

    # -- what is kept verbatim --

    def keep(self, prop: Prop) -> None:
        head = self.decoder.text(prop.head) if prop.head else ""
        params = self.params(prop) if prop.head else {}
        encoding = _encoding(params)
        if encoding == "QUOTED-PRINTABLE" or "CHARSET" in params:
            # Decoded now: the export is UTF-8, so the CHARSET and ENCODING no longer apply.
            value = self.raw_text(prop).replace("\n", "\\n")
            head = _without_charset_and_qp(head)
        elif encoding in ("B", "BASE64"):
            value = _WHITESPACE.sub(b"", prop.value).decode("ascii", "replace")
        else:
            value = self.decoder.text(prop.value)
        self.record.extras.append(RawProperty(prop.written_name, value, head, prop.group))

    def skip(self, prop: Prop) -> None:
        """VERSION, PRODID, REV: regenerated by whoever writes the card next."""

    # -- identity --

    def read_uid(self, prop: Prop) -> None:
        uid = self.text(prop)
        if uid[:9].lower() == "urn:uuid:":
            uid = uid[9:].strip()
        if not self.record.uid:
            self.record.uid = uid

    def read_fn(self, prop: Prop) -> None:
        if not self.fn:
            self.fn = self.text(prop)

    def read_n(self, prop: Prop) -> None:
        if self.seen_n:
            return
        self.seen_n = True
        r = self.record
        r.family_name, r.given_name, r.middle_name, r.prefix, r.suffix = self.components(prop, 5)[:5]

    def read_nickname(self, prop: Prop) -> None:
        for part in split_unescaped(self.raw_text(prop), ","):
            nickname = unescape_text(part, self.v21).strip()
            if nickname:
                self.nicknames.append(nickname)

    def read_rapport_text(self, prop: Prop) -> None:
        attribute = RAPPORT_TEXT_FIELDS[prop.name]
        if not getattr(self.record, attribute):
            setattr(self.record, attribute, self.text(prop))

    def read_kind(self, prop: Prop) -> None:
        self.kind = self.text(prop).lower()

    def read_member(self, prop: Prop) -> None:
        uid = self.text(prop)
        self.members.append(uid[9:].strip() if uid[:9].lower() == "urn:uuid:" else uid)

    def read_show_as(self, prop: Prop) -> None:
        self.is_company = self.text(prop).upper() == "COMPANY"
        self.keep(prop)  # Apple needs it back to show the card as a company

    # -- dates --

    def read_bday(self, prop: Prop) -> None:
        if self.record.birthday is not None and "ALTID" in self.params(prop):
            return  # another representation of the birthday already read
        date = self.date(prop, self.text(prop), "birthday")
        if date is None:
            return
        if self.record.birthday is None:
            self.record.birthday = date
        elif date != self.record.birthday:
            self.problem(prop, f"a second birthday ({date}) was left out")

    def read_anniversary(self, prop: Prop) -> None:
        self.add_date("anniversary", self.text(prop), prop)

    def read_abdate(self, prop: Prop) -> None:
        self.add_date(self.label(prop), self.text(prop), prop)

    def add_date(self, label: str, text: str, prop: Prop) -> None:
        date = self.date(prop, text, label or "date")
        if date is not None:
            self.record.dates.append(ImportedDate(label, date))

    # -- contact points --

    def add_contact(self, kind: ContactKind, value: str, label: str) -> ImportedContact | None:
        if not value:
            return None
        contact = ImportedContact(kind, value, label)
        self.record.contacts.append(contact)
        return contact

    def read_tel(self, prop: Prop) -> None:
        value = self.text(prop)
        if value[:4].lower() == "tel:":
            value = value[4:].strip()
        self.add_contact(ContactKind.PHONE, value, self.label(prop))

    def read_email(self, prop: Prop) -> None:
        self.add_contact(ContactKind.EMAIL, self.text(prop), self.label(prop))

    def read_url(self, prop: Prop) -> None:
        label = self.label(prop) or ("blog" if prop.name == "X-EVOLUTION-BLOG-URL" else "")
        self.add_contact(ContactKind.URL, self.text(prop), label)

    def read_social(self, prop: Prop) -> None:
        label = self.label(prop, ("SERVICE-TYPE", "X-SERVICE-TYPE"))
        self.add_contact(ContactKind.SOCIAL, self.text(prop), label)

    def read_impp(self, prop: Prop) -> None:
        label = self.label(prop, ("X-SERVICE-TYPE", "SERVICE-TYPE"))
        self.add_contact(ContactKind.IM, self.text(prop), label)

    def read_legacy_im(self, prop: Prop) -> None:
        label = self.group_label(prop) or IM_SERVICES[prop.name]
        contact = self.add_contact(ContactKind.IM, self.text(prop), label)
        if contact is not None:
            self.legacy_im.append(contact)

    # -- addresses --

    def read_adr(self, prop: Prop) -> None:
        pobox, extended, street, locality, region, postcode, country = self.components(prop, 7)[:7]
        address = ImportedAddress(self.label(prop), "\n".join(p for p in (pobox, extended, street) if p),
                                  locality, region, postcode, country)
        if not address.is_empty():
            self.record.addresses.append(address)

    def read_label(self, prop: Prop) -> None:
        if not self.has_address:  # a printable address with no ADR: better kept than lost
            self.keep(prop)

    # -- work --

    def read_org(self, prop: Prop) -> None:
        organization, *units = self.components(prop, 1)
        self.orgs.append((organization, ", ".join(u for u in units if u)))
        self.job_slots.append(len(self.orgs) - 1)

    def read_title(self, prop: Prop) -> None:
        self.titles.append(self.text(prop))

    def read_role(self, prop: Prop) -> None:
        self.roles.append(prop)

    def read_rapport_job(self, prop: Prop) -> None:
        self.job_slots.append(ImportedJob(
            self.text(prop), self.param(prop, "TITLE"), self.param(prop, "DEPARTMENT"),
            self.param_date(prop, "START"), self.param_date(prop, "END")))

    # -- relations --

    def read_related(self, prop: Prop) -> None:
        value = self.text(prop)
        tokens = type_tokens(self.params(prop)) if prop.head else []
        kind = relation_type(tokens[0]) if tokens else "relative"
        if value[:9].lower() == "urn:uuid:":
            self.other_relations.append(ImportedRelation(kind, "", value[9:].strip()))
        elif value:
            self.other_relations.append(ImportedRelation(kind, value))

    def read_related_names(self, prop: Prop) -> None:
        name = self.text(prop)
        if name:
            self.other_relations.append(ImportedRelation(relation_type(self.label(prop)), name))

    def read_relation_property(self, prop: Prop) -> None:
        name = self.text(prop)
        if name:
            self.other_relations.append(ImportedRelation(RELATION_PROPERTIES[prop.name], name))

    def read_rapport_related(self, prop: Prop) -> None:
        birthday = None
        text = self.param(prop, "BDAY")
        if text:
            try:
                birthday = parse_date(text, placeholder_1604=False)
            except ValueError as exc:
                self.problem(prop, f"the relation's birthday {exc}; it was left out")
        self.rapport_relations.append(ImportedRelation(
            self.param(prop, "TYPE") or "relative", self.text(prop), self.param(prop, "UID"), birthday))

    # -- the rest --

    def read_note(self, prop: Prop) -> None:
        self.notes.append(self.text(prop))

    def read_categories(self, prop: Prop) -> None:
        for part in split_unescaped(self.raw_text(prop), ","):
            tag = unescape_text(part, self.v21).strip()
            if tag and tag.lower() not in _SYSTEM_TAGS:
                self.record.tags.append(tag)

    def read_photo(self, prop: Prop) -> None:
        value = prop.value.strip()
        if value[:5].lower() == b"data:":
            photo = _data_uri(value)
        elif prop.head and _encoding(self.params(prop)) in ("B", "BASE64"):
            photo = _base64(value)
        else:
            self.keep(prop)  # a URL: never fetched behind the user's back
            return
        if photo is None:
            self.problem(prop, "the photo is not valid base64; it was left out")
        elif self.record.photo is not None:
            self.problem(prop, "the card has a second photo; it was left out")
        else:
            try:
                check_photo(photo)
            except InvalidInput as exc:
                self.problem(prop, f"{exc}; it was left out")
                return
            self.record.photo = photo

    def read_android_custom(self, prop: Prop) -> None:
        """Android 2.1: 'vnd.android.cursor.item/<kind>;data1;data2;data3;...'."""
        kind, data1, data2, data3 = self.components(prop, 4)[:4]
        kind = kind.lower().rpartition("/")[2]
        if kind == "nickname" and data1:
            self.nicknames.append(data1)
        elif kind == "relation" and data1:
            label = _ANDROID_RELATIONS.get(data2) or data3
            self.other_relations.append(ImportedRelation(relation_type(label), data1))
        elif kind == "contact_event" and data1:
            label = _ANDROID_EVENTS.get(data2) or data3
            if label == "birthday" and self.record.birthday is None:
                self.record.birthday = self.date(prop, data1, "birthday")
            else:
                self.add_date(label, data1, prop)
        else:
            self.keep(prop)

    def read_ablabel(self, prop: Prop) -> None:
        if prop.group.lower() not in self.interpreted_groups:
            self.keep(prop)  # it labels a property we keep verbatim, so it stays with it

    def read_met_on(self, prop: Prop) -> None:
        try:
            self.record.met_on = dt.date.fromisoformat(self.text(prop))
        except ValueError:
            self.problem(prop, f"“{self.text(prop)}” is not a date (YYYY-MM-DD); it was left out")

    def read_cadence(self, prop: Prop) -> None:
        try:
            self.record.cadence_days = int(self.text(prop))
        except ValueError:
            self.problem(prop, f"“{self.text(prop)}” is not a number of days; it was left out")

    def read_fact(self, prop: Prop) -> None:
        self.record.facts.append(ImportedFact(self.param(prop, "CATEGORY"), self.text(prop),
                                              self.param_date(prop, "NOTED")))

    def read_field(self, prop: Prop) -> None:
        self.record.custom_fields.append((self.param(prop, "NAME"), self.text(prop)))

    # -- putting it together --

    def _finish(self) -> ContactRecord | GroupCard:
        r = self.record
        r.nickname = ", ".join(self.nicknames)
        r.notes = "\n".join([n for n in self.notes if n])
        r.jobs = self._jobs()
        if self.rapport_relations or self.other_relations:
            r.relations = self._relations()
        if self.legacy_im:
            self._drop_duplicate_im()
        self._name()
        if self.kind == "group" or self.members:
            return GroupCard(r.line, r.name(), self.members)
        return r

    def _jobs(self) -> list[ImportedJob]:
        """ORG i pairs with TITLE i (ROLE when there is no TITLE). An X-RAPPORT-JOB with a start
        date that repeats the ORG job (as the writer does) replaces it."""
        if not (self.job_slots or self.titles or self.roles):
            return []
        if len(self.job_slots) == 1 == len(self.orgs) and len(self.titles) <= 1 and not self.roles:
            (organization, department), title = self.orgs[0], self.titles[0] if self.titles else ""
            if not (organization or title or department):
                return []
            return [ImportedJob(organization, title, department)]
        titles = self.titles or [self.text(p) for p in self.roles]
        for role in self.roles if self.titles else ():
            self.keep(role)
        standard = [ImportedJob(org, titles[i] if i < len(titles) else "", department)
                    for i, (org, department) in enumerate(self.orgs)]
        standard += [ImportedJob("", title) for title in titles[len(self.orgs):]]
        extended = [s for s in self.job_slots if isinstance(s, ImportedJob)]
        repeated = {(j.organization, j.title) for j in extended if j.end is None and j.start}
        jobs: list[ImportedJob] = []
        slots = self.job_slots + list(range(len(self.orgs), len(standard)))
        for slot in slots:
            job = standard[slot] if isinstance(slot, int) else slot
            if isinstance(slot, int) and ((job.organization, job.title) in repeated
                                          or not (job.organization or job.title or job.department)):
                continue
            jobs.append(job)
        return jobs

    def _relations(self) -> list[ImportedRelation]:
        """Ours (X-RAPPORT-RELATED) first; the forms other apps read only when they add someone
        (Evolution writes the spouse twice, as X-EVOLUTION-SPOUSE and X-SPOUSE)."""
        seen = {(relation_type(r.type), r.name) for r in self.rapport_relations}
        relations = list(self.rapport_relations)
        for relation in self.other_relations:
            key = (relation_type(relation.type), relation.name)
            if key not in seen:
                seen.add(key)
                relations.append(relation)
        return relations

    def _drop_duplicate_im(self) -> None:
        """Apple writes X-AIM:jo next to IMPP;X-SERVICE-TYPE=AIM:aim:jo."""
        legacy = {id(c) for c in self.legacy_im}
        impp = {c.value.rpartition(":")[2].lower() for c in self.record.contacts
                if c.kind == ContactKind.IM and id(c) not in legacy}
        self.record.contacts = [c for c in self.record.contacts
                                if id(c) not in legacy or c.value.lower() not in impp]

    def _name(self) -> None:
        """display_name is FN when FN says more than the name parts do; a card with neither
        (an Apple company card, a bare address) is named after its organization or address."""
        r = self.record
        composed = compose_display_name(
            prefix=r.prefix, given_name=r.given_name, middle_name=r.middle_name,
            family_name=r.family_name, suffix=r.suffix, nickname=r.nickname)
        organization = next((j.organization for j in r.jobs if j.organization), "")
        shown = self.fn
        if organization and (self.is_company or (self.kind == "org" and not shown)):
            shown = organization
        r.is_organization = bool(organization) and (
            self.is_company or self.kind == "org"
            or (not composed and (not self.fn or self.fn.strip() == organization.strip())))
        if shown:
            r.display_name = "" if shown == composed else shown
        elif not composed:
            r.display_name = organization or next((c.value for c in r.contacts), "")
            if not r.display_name:
                self.problems.append(Problem(r.line, "this card has no name, organization or "
                                             "contact details"))


def _without_charset_and_qp(head: str) -> str:
    kept = [s for s in _param_segments(head) if s and not (
        s.upper().startswith("CHARSET=") or s.upper() in ("ENCODING=QUOTED-PRINTABLE",
                                                          "QUOTED-PRINTABLE"))]
    return "".join(";" + s for s in kept)


HANDLERS: dict[str, Callable[[CardReader, Prop], None]] = {
    "VERSION": CardReader.skip, "PRODID": CardReader.skip, "REV": CardReader.skip,
    "BEGIN": CardReader.skip, "END": CardReader.skip,
    "UID": CardReader.read_uid, "FN": CardReader.read_fn, "N": CardReader.read_n,
    "NICKNAME": CardReader.read_nickname, "KIND": CardReader.read_kind,
    "X-ADDRESSBOOKSERVER-KIND": CardReader.read_kind, "MEMBER": CardReader.read_member,
    "X-ADDRESSBOOKSERVER-MEMBER": CardReader.read_member, "X-ABSHOWAS": CardReader.read_show_as,
    "BDAY": CardReader.read_bday, "X-ABDATE": CardReader.read_abdate,
    "TEL": CardReader.read_tel, "X-MS-TEL": CardReader.read_tel, "EMAIL": CardReader.read_email,
    "URL": CardReader.read_url, "X-EVOLUTION-BLOG-URL": CardReader.read_url,
    "X-SOCIALPROFILE": CardReader.read_social, "SOCIALPROFILE": CardReader.read_social,
    "IMPP": CardReader.read_impp, "ADR": CardReader.read_adr, "LABEL": CardReader.read_label,
    "ORG": CardReader.read_org, "TITLE": CardReader.read_title, "ROLE": CardReader.read_role,
    "RELATED": CardReader.read_related, "X-ABRELATEDNAMES": CardReader.read_related_names,
    "NOTE": CardReader.read_note, "CATEGORIES": CardReader.read_categories,
    "PHOTO": CardReader.read_photo, "X-ANDROID-CUSTOM": CardReader.read_android_custom,
    "X-ABLABEL": CardReader.read_ablabel,
    "X-RAPPORT-MET-ON": CardReader.read_met_on, "X-RAPPORT-CADENCE": CardReader.read_cadence,
    "X-RAPPORT-FACT": CardReader.read_fact, "X-RAPPORT-FIELD": CardReader.read_field,
    "X-RAPPORT-JOB": CardReader.read_rapport_job, "X-RAPPORT-RELATED": CardReader.read_rapport_related,
    **{name: CardReader.read_anniversary for name in ANNIVERSARY_PROPERTIES},
    **{name: CardReader.read_legacy_im for name in IM_SERVICES},
    **{name: CardReader.read_relation_property for name in RELATION_PROPERTIES},
    **{name: CardReader.read_rapport_text for name in RAPPORT_TEXT_FIELDS},
}
