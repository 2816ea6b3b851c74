"""Contacts in CSV files: read Google, Outlook (desktop, outlook.com, German and French),
Thunderbird and hand-made spreadsheets; write Google Contacts' current CSV format.

Reading goes bytes -> text (encoding.decode_text: BOM, strict UTF-8, legacy code page) ->
delimiter (",", ";" or TAB: whichever splits the header row into the most columns) -> dialect
(from the header names) -> a plan of column steps, built once per file -> one ContactRecord per
data row. Columns are found by name, never by position. Google and Outlook files are read with
their full meaning (labels, numbered groups, addresses, relations); any other file goes through
a header -> FIELDS mapping that `sniff_csv` suggests and the user may change.

A leading apostrophe in front of = + - @ TAB CR LF is taken as a spreadsheet-formula guard (ours,
see `write_google_csv`, or a spreadsheet's) and removed from every file read. Limits: record.py.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from app.collector import collector_paused
from app.domain import ContactKind, PartialDate
from app.errors import Cancelled, ImportFailed, InvalidInput
from app.interchange import csv_tables as tables
from app.interchange.company import company_name
from app.interchange.csv_google_writer import write_google_csv
from app.interchange.csv_values import (
    GOOGLE_SEPARATOR,
    PRIMARY_MARK,
    NotADate,
    cell_value,
    clean_label,
    composed_name,
    google_tags,
    google_values,
    outlook_tags,
    parallel_values,
    parse_date,
    relation_type,
    split_full_name,
    unique_tags,
)
from app.interchange.encoding import bom_encoding, decode_text
from app.interchange.record import (
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_RECORDS,
    ContactRecord,
    ImportedAddress,
    ImportedContact,
    ImportedDate,
    ImportedJob,
    ImportedRelation,
    ParsedFile,
    Problem,
)

__all__ = ["FIELDS", "CsvLayout", "read_csv", "sniff_csv", "write_google_csv"]

GOOGLE_CSV, OUTLOOK_CSV, GENERIC_CSV = "google-csv", "outlook-csv", "csv"
DELIMITERS = (",", ";", "\t")
SAMPLE_ROWS = 5
CANCEL_EVERY = 1000

FIELDS: dict[str, str] = {
    "ignore": "Don't import",
    "full_name": "Full name",
    "given_name": "First name",
    "middle_name": "Middle name",
    "family_name": "Last name",
    "prefix": "Name prefix (Dr, Ms …)",
    "suffix": "Name suffix (Jr, PhD …)",
    "nickname": "Nickname",
    "email": "Email",
    "phone": "Phone",
    "mobile": "Mobile phone",
    "work_phone": "Work phone",
    "home_phone": "Home phone",
    "fax": "Fax",
    "pager": "Pager",
    "url": "Website",
    "im": "Instant messaging",
    "organization": "Organization",
    "title": "Job title",
    "department": "Department",
    "birthday": "Birthday",
    "birth_year": "Birthday: year",
    "birth_month": "Birthday: month",
    "birth_day": "Birthday: day",
    "anniversary": "Anniversary",
    "date": "Other date (named after the column)",
    "street": "Address: street",
    "city": "Address: city",
    "region": "Address: state or region",
    "postcode": "Address: postcode",
    "country": "Address: country",
    "work_street": "Work address: street",
    "work_city": "Work address: city",
    "work_region": "Work address: state or region",
    "work_postcode": "Work address: postcode",
    "work_country": "Work address: country",
    "relation": "Related person (named after the column: Spouse, Manager …)",
    "introduced_by": "Introduced by",
    "notes": "Notes",
    "tags": "Tags",
    "hometown": "Hometown",
    "label": "Label of the neighbouring value (Google and Outlook files)",
    "custom": "Custom field (named after the column)",
}


@dataclass
class CsvLayout:
    encoding: str  # the name used to decode
    delimiter: str  # "," ";" "\t"
    headers: list[str]  # as written; a repeated name gets " (2)", an empty one "Column N"
    dialect: str  # GOOGLE_CSV | OUTLOOK_CSV | GENERIC_CSV (which needs a mapping)
    mapping: dict[str, str]  # header -> FIELDS key: a suggestion
    sample: list[list[str]]  # the first <= 5 data rows, one cell per header
    row_count: int  # data rows (records, not physical lines)


def sniff_csv(data: bytes, file: str = "", *, encoding: str | None = None) -> CsvLayout:
    """What the file looks like, for the import preview and the column-mapping step."""
    source = _open(data, file, encoding, None, None)
    sample, count = [], 0
    for _, cells in source.rows:
        count += 1
        if len(sample) < SAMPLE_ROWS:
            sample.append(_fitted(cells, len(source.columns)))
    return CsvLayout(
        encoding=source.encoding, delimiter=source.delimiter,
        headers=[c.header for c in source.columns], dialect=source.dialect,
        mapping=_suggested_mapping(source), sample=sample, row_count=count)


def read_csv(data: bytes, file: str = "", *, encoding: str | None = None,
             delimiter: str | None = None, mapping: dict[str, str] | None = None,
             should_cancel: Callable[[], bool] | None = None) -> ParsedFile:
    """The file's contacts. `mapping` (header -> FIELDS key) overrides the suggestion; for Google
    and Outlook files, the columns whose mapping differs from the suggestion are read the
    generic way and the others keep their full meaning. Headers left out keep the suggestion."""
    source = _open(data, file, encoding, delimiter, should_cancel)
    plan = _plan(source, mapping)
    records = []
    with collector_paused():
        for line, cells in source.rows:
            record = plan.record(cells, line, source.problems)
            if record is not None:
                records.append(record)
    if not records and not source.problems:
        source.problems.append(Problem(source.header_line, "the file has column names but no rows"))
    return ParsedFile(records, format=source.dialect, encoding=source.encoding,
                      problems=source.problems)


# --- bytes -> text -> rows -----------------------------------------------------------------------

class _Column(NamedTuple):
    index: int
    header: str  # as shown to the user (unique)
    key: str  # tables.header_key() of the header as written


@dataclass
class _Source:
    file: str
    encoding: str
    delimiter: str
    dialect: str
    columns: list[_Column]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]
    day_first: Callable[[], bool]
    problems: list[Problem] = field(default_factory=list)


def _open(data: bytes, file: str, encoding: str | None, delimiter: str | None,
          should_cancel: Callable[[], bool] | None) -> _Source:
    text, used = _decoded(data, file, encoding)
    text, hinted = _without_separator_hint(text)
    delimiter = delimiter or hinted or _delimiter(text)
    problems: list[Problem] = []
    rows = _rows(text, delimiter, file, problems, should_cancel)
    header_line, header = next(rows, (0, []))
    if not header:
        raise ImportFailed(file, None, "the file holds no rows")
    columns = _columns(header)
    dialect = _dialect([c.key for c in columns])
    if dialect == GENERIC_CSV:
        _refuse_data_as_header(header, header_line, file)
    source = _Source(file, used, delimiter, dialect, columns, header_line, rows,
                     _DayOrder(text, columns, delimiter), problems)
    return source


def _decoded(data: bytes, file: str, encoding: str | None) -> tuple[str, str]:
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(file, None, f"the file is {_size(len(data))}; Rapport reads files of "
                                       f"up to {_size(MAX_FILE_BYTES)}")
    if not data.strip():
        raise ImportFailed(file, None, "the file is empty")
    _refuse_known_binary(data, file)
    if encoding is None and bom_encoding(data) is None:
        encoding = _bomless_utf16(data)
    text, used = decode_text(data, encoding)
    text = text.removeprefix("\ufeff")  # a forced UTF-8 keeps the BOM; it is no header text
    if not text.strip():
        raise ImportFailed(file, None, "the file is empty")
    _refuse_non_csv_text(text, file)
    return text, used


_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook is one); "
                    "save it from the spreadsheet as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls or .msg); save it from Excel or Outlook as CSV"),
    (b"!BDN", "an Outlook data file (.pst); export the contacts from Outlook as CSV"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip-compressed file; unpack it first"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_known_binary(data: bytes, file: str) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ImportFailed(file, None, f"this is not a CSV file: it looks like {what}")


def _refuse_non_csv_text(text: str, file: str) -> None:
    start = text.lstrip()[:16].upper()
    if start.startswith("BEGIN:VCARD"):
        raise ImportFailed(file, None, "this is a vCard file, not CSV: import it as vCard (.vcf)")
    if start.startswith(("<?XML", "<HTML", "<!DOCTYPE")):
        raise ImportFailed(file, None, "this is not a CSV file: it looks like XML or HTML")
    if start.startswith("{"):
        raise ImportFailed(file, None, "this is not a CSV file: it looks like JSON")
    nul = text.find("\x00")
    if nul >= 0:
        raise ImportFailed(file, _line_at(text, nul), "this is not a CSV file: it holds NUL "
                                                      "bytes, so it is binary data")
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ImportFailed(file, None, "this is not a CSV file: it is mostly binary data")


def _size(count: int) -> str:
    return f"{count / 2**20:,.0f} MB" if count >= 2**20 else f"{count:,} bytes"


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM (some Outlook/Excel paths): every other byte of ASCII text is 0."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    if sample[1::2].count(0) > half * 0.9 and sample[0::2].count(0) < half * 0.1:
        return "utf-16-le"
    if sample[0::2].count(0) > half * 0.9 and sample[1::2].count(0) < half * 0.1:
        return "utf-16-be"
    return None


_SEPARATOR_HINT = re.compile(r"sep=(.)[ \t]*(?=\r\n|\r|\n|$)", re.IGNORECASE)


def _without_separator_hint(text: str) -> tuple[str, str | None]:
    """Excel's "sep=;" first line names the delimiter; it is blanked so line numbers hold."""
    match = _SEPARATOR_HINT.match(text)
    if not match:
        return text, None
    return text[match.end():], match[1]


def _delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most columns (Thunderbird's rule);
    "," on a tie."""
    head = text[:65536]
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        try:
            row = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(row) > best_count:
            best, best_count = delimiter, len(row)
    return best


def _rows(text: str, delimiter: str, file: str, problems: list[Problem],
          should_cancel: Callable[[], bool] | None) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the row starts, cells) for every row with some text in it."""
    csv.field_size_limit(MAX_LINE_BYTES)  # characters; a character is at least one byte
    lines: list[str] = []  # the physical lines of the row being read, for error messages
    reader = csv.reader(_remembered(io.StringIO(text, newline=""), lines),
                        delimiter=delimiter, strict=True)
    end, count = 0, 0
    while True:
        lines.clear()
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            cells = _recovered(exc, "".join(lines), start, delimiter, file, problems)
        end = reader.line_num
        if not cells or not "".join(cells).strip():
            continue
        count += 1
        if count % CANCEL_EVERY == 0 and should_cancel is not None and should_cancel():
            raise Cancelled()
        if count > MAX_RECORDS + 1:  # + the header row
            raise ImportFailed(file, start, f"the file has more than {MAX_RECORDS:,} rows; "
                                            "split it into smaller files")
        yield start, cells


def _remembered(lines: Iterable[str], into: list[str]) -> Iterator[str]:
    remember = into.append
    for line in lines:
        remember(line)
        yield line


def _recovered(exc: csv.Error, raw: str, start: int, delimiter: str, file: str,
               problems: list[Problem]) -> list[str]:
    """The row after a strict-mode error: a misplaced quote is a Problem (the row is read as
    written); a quote that never closes, or a giant cell, fails the file."""
    message = str(exc)
    if "field larger than field limit" in message:
        raise ImportFailed(file, start, f"a cell in the row that starts on line {start} is larger "
                                        f"than {_size(MAX_LINE_BYTES)} (is a closing quote "
                                        "missing?)")
    cells = next(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=False), [])
    if "unexpected end of data" in message:
        line = start + sum(_line_breaks(cell) for cell in cells[:-1])
        raise ImportFailed(file, line, f'a quoted cell that starts on line {line} never ends: '
                                       'its closing quote (") is missing')
    if "expected after" in message:
        problems.append(Problem(start, 'a quote (") is out of place in this row (one missing or '
                                       "one too many?); the row was read as written: check it"))
        return cells
    raise ImportFailed(file, start, f"this row is not valid CSV ({message})")


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _columns(header: list[str]) -> list[_Column]:
    columns, seen = [], {}
    for index, cell in enumerate(header):
        written = cell.replace("\ufeff", "").strip()
        shown = written or f"Column {index + 1}"
        seen[shown] = seen.get(shown, 0) + 1
        if seen[shown] > 1:
            shown = f"{shown} ({seen[shown]})"
        columns.append(_Column(index, shown, tables.header_key(written)))
    return columns


_LOOKS_LIKE_DATA = re.compile(r"[^@\s]+@[^@\s]+\.\w+|\+?[\d (). -]{7,}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _refuse_data_as_header(header: list[str], line: int, file: str) -> None:
    for cell in header:
        if _LOOKS_LIKE_DATA.fullmatch(cell.strip()):
            raise ImportFailed(file, line, f'the first row holds "{cell.strip()}", which looks '
                                           "like contact data, not a column name: add a first "
                                           "row that names the columns (Name,Email,Phone …)")


_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b")


class _DayOrder:
    """Whether 03/04/1980 means 3 April in this file, worked out the first time a date needs
    it (most files never do)."""

    def __init__(self, text: str, columns: list[_Column], delimiter: str) -> None:
        self._facts: tuple | None = (text, columns, delimiter)
        self._day_first = False

    def __call__(self) -> bool:
        if self._facts is not None:
            self._day_first = _day_first(*self._facts)
            self._facts = None
        return self._day_first


def _day_first(text: str, columns: list[_Column], delimiter: str) -> bool:
    """Decided by the file's unambiguous slash dates (28/12/1969 or 12/28/1969), else by its
    language (German/French Outlook names, or ";", which Excel writes where dates are day
    first)."""
    days_first = months_first = False
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match[1]), int(match[2])
        days_first |= first > 12 >= second
        months_first |= second > 12 >= first
        if days_first and months_first:
            break
    if days_first != months_first:
        return days_first
    keys = {c.key for c in columns}
    return delimiter == ";" or bool(keys & set(tables.OUTLOOK_LANGUAGE_MARKERS.values()))


def _fitted(cells: list[str], width: int) -> list[str]:
    return cells[:width] if len(cells) >= width else cells + [""] * (width - len(cells))


# --- dialects --------------------------------------------------------------------------------------

def _dialect(keys: list[str]) -> str:
    present = set(keys)
    if present & tables.GOOGLE_MARKERS or any(tables.GOOGLE_GROUP.fullmatch(k) for k in keys):
        return GOOGLE_CSV
    if present & tables.THUNDERBIRD_MARKERS:
        return GENERIC_CSV
    canonical = _outlook_names(keys)
    known = sum(1 for name in canonical if _outlook_role(name)[0] != "unknown")
    if known >= 4 and set(canonical) & tables.OUTLOOK_MARKERS:
        return OUTLOOK_CSV
    return GENERIC_CSV


def _outlook_names(keys: list[str]) -> list[str]:
    """English Outlook names for the (possibly German or French) header keys."""
    repeats = {key: keys.count(key) for key in tables.OUTLOOK_REPEATED}
    seen: dict[str, int] = {}
    names = []
    for key in keys:
        if key in tables.OUTLOOK_REPEATED:
            choices = tables.OUTLOOK_REPEATED[key]
            nth = seen.get(key, 0)
            seen[key] = nth + 1
            names.append(choices[nth] if repeats[key] > 1 and nth < len(choices) else choices[-1])
        else:
            names.append(tables.OUTLOOK_LOCALIZED.get(key, key))
    return names


_OUTLOOK_SIMPLE_ROLES = {
    "birthday": "birthday", "anniversary": "anniversary", "notes": "notes", "categories": "tags",
    "referred by": "introduced_by", "imaddress": "im", "im address": "im",
}


def _outlook_role(name: str) -> tuple[str, object]:
    """(role, argument) for an English Outlook column name."""
    if name in _OUTLOOK_SIMPLE_ROLES:
        return _OUTLOOK_SIMPLE_ROLES[name], None
    for role, table in (("name", tables.OUTLOOK_NAMES), ("job", tables.OUTLOOK_JOB),
                        ("phone", tables.OUTLOOK_PHONES), ("relation", tables.OUTLOOK_RELATIONS),
                        ("url", tables.OUTLOOK_URLS)):
        if name in table:
            return role, table[name]
    if name in tables.OUTLOOK_EMAILS:
        return "email", None
    if name in tables.OUTLOOK_IGNORED:
        return "ignore", None
    if name in tables.OUTLOOK_CUSTOM:
        return "custom", tables.OUTLOOK_DEFAULTS.get(name, frozenset())
    match = tables.OUTLOOK_ADDRESS.fullmatch(name)
    if match and match[2] in tables.OUTLOOK_ADDRESS_PARTS:
        return "address", (tables.OUTLOOK_ADDRESS_PREFIXES[match[1]],
                           tables.OUTLOOK_ADDRESS_PARTS[match[2]])
    return "unknown", None


def _suggested_mapping(source: _Source) -> dict[str, str]:
    if source.dialect == GOOGLE_CSV:
        suggestion = _GooglePlan(source.columns).suggestion
    elif source.dialect == OUTLOOK_CSV:
        suggestion = _OutlookPlan(source.columns).suggestion
    else:
        suggestion = {c.index: tables.GENERIC_SYNONYMS.get(c.key, "ignore") for c in source.columns}
    return {c.header: suggestion.get(c.index, "ignore") for c in source.columns}


# --- plans: columns -> steps, built once per file --------------------------------------------------

class _RowState:
    """What one row's steps share besides the record."""

    __slots__ = ("line", "problems", "day_first", "full_name", "display_name", "birth", "primary",
                 "building")

    def __init__(self, line: int, problems: list[Problem], day_first: Callable[[], bool]) -> None:
        self.line, self.problems, self.day_first = line, problems, day_first
        self.full_name = self.display_name = ""
        self.birth: dict[str, str] = {}  # Thunderbird's birth_year / birth_month / birth_day
        self.primary: list[ImportedContact] = []  # Google's "* " entries: first of their kind
        self.building: dict[str, int] = {}  # "job" / "address:<label>" -> index being filled


Step = Callable[[list[str], ContactRecord, _RowState], None]


class _Plan:
    def __init__(self, width: int, steps: list[Step], day_first: Callable[[], bool]) -> None:
        self.width, self.steps, self.day_first = width, steps, day_first

    def record(self, cells: list[str], line: int, problems: list[Problem]) -> ContactRecord | None:
        if len(cells) != self.width:
            cells = self._fitted(cells, line, problems)
        record = ContactRecord(line=line)
        state = _RowState(line, problems, self.day_first)
        for step in self.steps:
            step(cells, record, state)
        _finish(record, state)
        if not _is_someone(record):
            problems.append(Problem(line, "skipped a row with no name, email, phone or organization"))
            return None
        return record

    def _fitted(self, cells: list[str], line: int, problems: list[Problem]) -> list[str]:
        extra = [c.strip() for c in cells[self.width:] if c.strip()]
        if extra:
            shown = ", ".join(f'"{c[:40]}"' for c in extra[:3]) + (" …" if len(extra) > 3 else "")
            problems.append(Problem(line, f"the row has {len(cells)} cells but there are "
                                          f"{self.width} column names; the extra cells were "
                                          f"ignored: {shown}"))
        return _fitted(cells, self.width)


def _plan(source: _Source, mapping: dict[str, str] | None) -> _Plan:
    if mapping is not None:
        unknown = sorted(set(mapping.values()) - FIELDS.keys())
        if unknown:
            raise InvalidInput(f"unknown CSV field(s): {', '.join(unknown)}", "mapping")
    suggested = _suggested_mapping(source)
    chosen = {c.header: (mapping or {}).get(c.header, suggested[c.header]) for c in source.columns}
    if source.dialect == GENERIC_CSV:
        builtin, generic = [], source.columns
    else:
        changed = {c.header for c in source.columns if chosen[c.header] != suggested[c.header]}
        builtin = [c for c in source.columns if c.header not in changed]
        generic = [c for c in source.columns if c.header in changed]
    steps: list[Step] = []
    if builtin:
        plan_type = _GooglePlan if source.dialect == GOOGLE_CSV else _OutlookPlan
        steps += plan_type(builtin).steps
    wanted = [(c.index, c.header, chosen[c.header]) for c in generic
              if chosen[c.header] not in ("ignore", "label")]
    if wanted:
        steps.append(_generic_step(wanted))
    return _Plan(len(source.columns), steps, source.day_first)


class _GooglePlan:
    """Google Contacts' current and legacy CSV columns."""

    GROUP_ORDER = ("e-mail", "email", "phone", "address", "organization", "relation", "website",
                   "event", "im", "custom field", "jot")

    def __init__(self, columns: list[_Column]) -> None:
        self.steps: list[Step] = []
        self.suggestion: dict[int, str] = {}
        self.texts: list[tuple[int, str, str]] = []
        self.customs: list[tuple[int, str, frozenset[str]]] = []
        groups: dict[tuple[str, int], dict[str, _Column]] = {}
        job: dict[str, int] = {}
        for column in columns:
            if match := tables.GOOGLE_GROUP.fullmatch(column.key):
                groups.setdefault((match[1], int(match[2])), {})[match[3]] = column
                self.suggestion[column.index] = _google_group_field(match[1], match[3])
            elif column.key in tables.GOOGLE_JOB:
                job[tables.GOOGLE_JOB[column.key]] = column.index
                self.suggestion[column.index] = tables.GOOGLE_JOB[column.key]
            else:
                self._base(column)
        self.steps[:0] = [_texts_step(self.texts), _customs_step(self.customs)]
        if job:
            self.steps.append(_job_step(job, parallel=True))
        order = {kind: n for n, kind in enumerate(self.GROUP_ORDER)}
        for (kind, _), parts in sorted(groups.items(),
                                       key=lambda item: (order.get(item[0][0], 99), item[0][1])):
            self.steps.append(_google_group_step(kind, parts))

    def _base(self, column: _Column) -> None:
        key, index = column.key, column.index
        if key in tables.GOOGLE_NAMES:
            self.texts.append((index, tables.GOOGLE_NAMES[key], " "))
            self.suggestion[index] = tables.GOOGLE_NAMES[key]
        elif key == "name":
            self._add(index, "full_name", _state_step(index, "full_name"))
        elif key == "file as":
            self._add(index, "full_name", _state_step(index, "display_name"))
        elif key == "birthday":
            self._add(index, "birthday", _date_step(index, column.header, None))
        elif key == "notes":
            self.texts.append((index, "notes", "\n\n"))
            self.suggestion[index] = "notes"
        elif key in ("labels", "group membership"):
            self._add(index, "tags", _tags_step(index, google_tags))
        elif key in tables.GOOGLE_IGNORED:
            self.suggestion[index] = "ignore"
        elif key in tables.GENERIC_SYNONYMS:
            self._add(index, tables.GENERIC_SYNONYMS[key],
                      _generic_step([(index, column.header, tables.GENERIC_SYNONYMS[key])]))
        else:
            self.customs.append((index, column.header, tables.GOOGLE_DEFAULTS.get(key, frozenset())))
            self.suggestion[index] = "custom"

    def _add(self, index: int, suggestion: str, step: Step) -> None:
        self.suggestion[index] = suggestion
        self.steps.append(step)


def _google_group_field(kind: str, part: str) -> str:
    if part in ("label", "type", "service"):
        return "label"
    if kind == "address":
        return {"street": "street", "po box": "street", "extended address": "street",
                "city": "city", "region": "region", "postal code": "postcode",
                "country": "country"}.get(part, "ignore")
    if kind == "organization":
        return {"name": "organization", "title": "title", "department": "department"}.get(
            part, "custom")
    return {"e-mail": "email", "email": "email", "phone": "phone", "relation": "relation",
            "website": "url", "event": "date", "im": "im"}.get(kind, "custom")


class _OutlookPlan:
    """Outlook desktop (92 columns, with or without "/Region"), outlook.com (61 columns),
    Google's "Outlook CSV", in English, German or French."""

    def __init__(self, columns: list[_Column]) -> None:
        self.steps: list[Step] = []
        self.suggestion: dict[int, str] = {}
        self.texts: list[tuple[int, str, str]] = []
        self.contacts: list[tuple[int, str, ContactKind, str]] = []
        self.customs: list[tuple[int, str, frozenset[str]]] = []
        job: dict[str, int] = {}
        addresses: dict[str, dict[str, int]] = {}
        for column, name in zip(columns, _outlook_names([c.key for c in columns]), strict=True):
            role, argument = _outlook_role(name)
            self.suggestion[column.index] = _outlook_field(role, argument, column)
            if role == "job":
                job[argument] = column.index
            elif role == "address":
                label, part = argument
                addresses.setdefault(label, {})[part] = column.index
            else:
                self._column(column, role, argument)
        self.steps[:0] = [_texts_step(self.texts), _contacts_step(self.contacts),
                          _customs_step(self.customs)]
        if job:
            self.steps.append(_job_step(job, parallel=False))
        for label, parts in addresses.items():
            self.steps.append(_outlook_address_step(label, parts))

    def _column(self, column: _Column, role: str, argument) -> None:
        index, header = column.index, column.header
        if role in ("name", "notes"):
            self.texts.append((index, argument or "notes", " " if role == "name" else "\n\n"))
        elif role in _OUTLOOK_CONTACT_KINDS:
            self.contacts.append((index, header, _OUTLOOK_CONTACT_KINDS[role], argument or ""))
        elif role == "custom" or (role == "unknown" and column.key not in tables.GENERIC_SYNONYMS):
            self.customs.append((index, header, argument or frozenset()))
        elif role == "unknown":
            self.steps.append(_generic_step([(index, header, tables.GENERIC_SYNONYMS[column.key])]))
        elif role == "relation":
            self.steps.append(_relation_step(index, argument, split=argument == "child"))
        elif role == "introduced_by":
            self.steps.append(_first_value_step(index, "introduced_by"))
        elif role in ("birthday", "anniversary"):
            self.steps.append(_date_step(index, header, None if role == "birthday" else role))
        elif role == "tags":
            self.steps.append(_tags_step(index, outlook_tags))
        # "ignore": E-mail Type, Display Name, Initials


_OUTLOOK_CONTACT_KINDS = {"phone": ContactKind.PHONE, "email": ContactKind.EMAIL,
                          "url": ContactKind.URL, "im": ContactKind.IM}


def _outlook_field(role: str, argument, column: _Column) -> str:
    if role == "name":
        return argument
    if role == "job":
        return argument
    if role == "address":
        label, part = argument
        field_name = {"street": "street", "street2": "street", "street3": "street",
                      "pobox": "street", "city": "city", "region": "region",
                      "postcode": "postcode", "country": "country"}.get(part, "ignore")
        return f"work_{field_name}" if label == "work" and field_name != "ignore" else field_name
    if role == "phone":
        return {"mobile": "mobile", "work": "work_phone", "home": "home_phone", "pager": "pager",
                "fax": "fax", "work fax": "fax", "home fax": "fax"}.get(argument, "phone")
    if role == "unknown":
        return tables.GENERIC_SYNONYMS.get(column.key, "custom")
    return {"email": "email", "url": "url", "im": "im", "relation": "relation",
            "introduced_by": "introduced_by", "birthday": "birthday",
            "anniversary": "anniversary", "notes": "notes", "tags": "tags",
            "custom": "custom"}.get(role, "ignore")


# --- steps -----------------------------------------------------------------------------------------

def _text_step(index: int, attribute: str, joiner: str = " ") -> Step:
    return _texts_step([(index, attribute, joiner)])


def _texts_step(columns: list[tuple[int, str, str]]) -> Step:
    """Columns that fill record text attributes (a second column for the same attribute is
    appended with `joiner`). One step for all of them: calls cost more than loop turns."""
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        for index, attribute, joiner in columns:
            raw = cells[index]
            if raw and (value := cell_value(raw)):
                old = getattr(record, attribute)
                setattr(record, attribute, f"{old}{joiner}{value}" if old else value)
    return step


def _first_value_step(index: int, attribute: str) -> Step:
    """A record attribute that keeps its first value."""
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[index]
        if raw and not getattr(record, attribute) and (value := cell_value(raw)):
            setattr(record, attribute, value)
    return step


def _state_step(index: int, slot: str) -> Step:
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[index]
        if raw and not getattr(state, slot) and (value := cell_value(raw)):
            setattr(state, slot, value)
    return step


def _contacts_step(columns: list[tuple[int, str, ContactKind, str]]) -> Step:
    """Columns that each hold one email, phone, website or IM with a fixed label (Outlook)."""
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        for index, header, kind, label in columns:
            raw = cells[index]
            if raw and (value := cell_value(raw)):
                _add_contact(record, state, header, ImportedContact(kind, value, label))
    return step


def _date_step(index: int, header: str, label: str | None) -> Step:
    """label None: the birthday; else an ImportedDate with that label."""
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[index]
        if raw and (value := cell_value(raw)):
            date = _date(value, header, record, state)
            if date is None:
                return
            if label is None:
                record.birthday = record.birthday or date
            else:
                record.dates.append(ImportedDate(label, date))
    return step


def _tags_step(index: int, split: Callable[[str], list[str]]) -> Step:
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[index]
        if raw and (value := cell_value(raw)):
            record.tags.extend(split(value))
    return step


def _custom_step(index: int, header: str, defaults: frozenset[str]) -> Step:
    return _customs_step([(index, header, defaults)])


def _customs_step(columns: list[tuple[int, str, frozenset[str]]]) -> Step:
    """Columns we have no place for, kept as custom fields named after them (unless a cell
    holds what its program writes for "not set", such as Outlook's Priority "Normal")."""
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        for index, header, defaults in columns:
            raw = cells[index]
            if raw and (value := cell_value(raw)) and value.casefold() not in defaults:
                record.custom_fields.append((header, value))
    return step


def _relation_step(index: int, kind: str, *, split: bool) -> Step:
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[index]
        if raw and (value := cell_value(raw)):
            names = re.split(r"[;,]", value) if split else [value]
            record.relations.extend(ImportedRelation(kind, n.strip()) for n in names if n.strip())
    return step


def _job_step(parts: dict[str, int], *, parallel: bool) -> Step:
    """One job from organization/title/department columns; Google's parallel " ::: " lists
    are several jobs."""
    columns = [parts.get(name) for name in ("organization", "title", "department")]

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        values = [cell_value(cells[i]) if i is not None and cells[i] else "" for i in columns]
        if not any(values):
            return
        for organization, title, department in parallel_values(values) if parallel else [values]:
            record.jobs.append(ImportedJob(organization, title, department))
    return step


def _outlook_address_step(label: str, parts: dict[str, int]) -> Step:
    street_parts = [parts[p] for p in ("pobox", "street", "street2", "street3") if p in parts]
    places = {name: parts.get(name) for name in ("city", "region", "postcode", "country")}
    formatted = parts.get("formatted")

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        street = "\n".join(v for i in street_parts if cells[i] and (v := cell_value(cells[i])))
        found = {k: cell_value(cells[i]) if i is not None and cells[i] else ""
                 for k, i in places.items()}
        if not street and not any(found.values()) and formatted is not None and cells[formatted]:
            street = cell_value(cells[formatted])  # only Google's Outlook CSV has it alone
        address = ImportedAddress(label, street, found["city"], found["region"],
                                  found["postcode"], found["country"])
        if not address.is_empty():
            record.addresses.append(address)
    return step


# --- Google numbered groups ("Phone 2 - Label", "Phone 2 - Value") ---------------------------------

_GOOGLE_CONTACT_KINDS = {
    "e-mail": ContactKind.EMAIL, "email": ContactKind.EMAIL, "phone": ContactKind.PHONE,
    "website": ContactKind.URL, "im": ContactKind.IM,
}


def _google_group_step(kind: str, parts: dict[str, _Column]) -> Step:
    index = {part: column.index for part, column in parts.items()}
    label_index = index.get("label", index.get("type"))
    value = parts.get("value")
    if kind in _GOOGLE_CONTACT_KINDS:
        return _google_contact_step(_GOOGLE_CONTACT_KINDS[kind], label_index, index.get("service"),
                                    value)
    if kind == "address":
        return _google_address_step(label_index, index)
    if kind == "organization":
        return _google_organization_step(parts)
    if kind == "jot":
        return _text_step(value.index, "notes", "\n\n") if value else _nothing
    if kind == "relation":
        return _google_relation_step(label_index, value)
    if kind == "event":
        return _google_event_step(label_index, value)
    # "Custom Field 3", "Jot 1", "External ID 2": named after the group when it has no label
    fallback = next(iter(parts.values())).header.rsplit(" - ", 1)[0]
    return _google_custom_step(label_index, value, fallback)


def _labelled(cells: list[str], label_index: int | None) -> str:
    if label_index is None or not cells[label_index]:
        return ""
    return cell_value(cells[label_index])


def _label_at(cells: list[str], label_index: int | None) -> str:
    """The label a Google label cell holds, as we keep it ("* Mobile" -> "mobile")."""
    if label_index is None or not cells[label_index]:
        return ""
    return _label_cell(cells[label_index])[0]


@lru_cache(maxsize=4096)
def _label_cell(raw: str) -> tuple[str, bool]:
    """(label, whether Google marked the entry primary) for a raw label cell."""
    written = cell_value(raw)
    return clean_label(written), written.startswith(PRIMARY_MARK)


def _google_contact_step(kind: ContactKind, label_index: int | None, service_index: int | None,
                         value: _Column | None) -> Step:
    if value is None:
        return _nothing

    value_index, header = value.index, value.header

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[value_index]
        if not raw or not (text := cell_value(raw)):
            return
        written = ((cells[service_index] if service_index is not None else "")
                   or (cells[label_index] if label_index is not None else ""))
        label, primary = _label_cell(written) if written else ("", False)
        for piece in google_values(text) if GOOGLE_SEPARATOR in text else (text,):
            contact = ImportedContact(kind, piece, label)
            if _add_contact(record, state, header, contact) and primary:
                state.primary.append(contact)
    return step


def _google_address_step(label_index: int | None, index: dict[str, int]) -> Step:
    names = ("po box", "extended address", "street", "city", "region", "postal code", "country")
    columns = [index.get(name) for name in names]
    formatted = index.get("formatted")

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        values = [cell_value(cells[i]) if i is not None and cells[i] else "" for i in columns]
        if not any(values):
            if formatted is not None and cells[formatted]:
                label = _label_at(cells, label_index)
                for text in google_values(cell_value(cells[formatted])):
                    record.addresses.append(ImportedAddress(label, street=text))
            return
        label = _label_at(cells, label_index)
        for pobox, extended, street, city, region, postcode, country in parallel_values(values):
            lines = "\n".join([p for p in (pobox, extended, street) if p])
            if lines or city or region or postcode or country:
                record.addresses.append(ImportedAddress(label, lines, city, region, postcode,
                                                        country))
    return step


def _google_organization_step(parts: dict[str, _Column]) -> Step:
    """Legacy "Organization N - Name/Title/Department" is a job; its Symbol, Location, Job
    Description and Yomi Name are kept as custom fields."""
    job = _job_step({name: parts[part].index for part, name in
                     (("name", "organization"), ("title", "title"), ("department", "department"))
                     if part in parts}, parallel=True)
    extras = [_custom_step(column.index, column.header, frozenset()) for part, column in parts.items()
              if part not in ("name", "title", "department", "type")]

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        job(cells, record, state)
        for extra in extras:
            extra(cells, record, state)
    return step


def _google_relation_step(label_index: int | None, value: _Column | None) -> Step:
    if value is None:
        return _nothing

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[value.index]
        if not raw or not (text := cell_value(raw)):
            return
        kind = relation_type(_labelled(cells, label_index))
        for name in google_values(text):
            if kind == "referred by" and not record.introduced_by:
                record.introduced_by = name
            else:
                record.relations.append(ImportedRelation(kind, name))
    return step


def _google_event_step(label_index: int | None, value: _Column | None) -> Step:
    if value is None:
        return _nothing

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[value.index]
        if not raw or not (text := cell_value(raw)):
            return
        label = _label_at(cells, label_index)
        for piece in google_values(text):
            date = _date(piece, value.header, record, state)
            if date is not None:
                record.dates.append(ImportedDate(label, date))
    return step


# Our own export writes these record fields as custom fields; reading them back (or a Google
# custom field of the same name) fills the field when it is still empty.
_CUSTOM_FIELD_ATTRIBUTES = {"hometown": "hometown", "pronouns": "pronouns"}


def _google_custom_step(label_index: int | None, value: _Column | None, fallback: str) -> Step:
    if value is None:
        return _nothing

    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        raw = cells[value.index]
        if not raw or not (text := cell_value(raw)):
            return
        label = _labelled(cells, label_index) or fallback
        attribute = _CUSTOM_FIELD_ATTRIBUTES.get(label.casefold())
        if attribute and not getattr(record, attribute):
            setattr(record, attribute, text)
        else:
            record.custom_fields.append((label, text))
    return step


def _nothing(cells: list[str], record: ContactRecord, state: _RowState) -> None:
    return None


# --- generic columns (a mapping chosen by the user or suggested) ----------------------------------

def _generic_step(columns: list[tuple[int, str, str]]) -> Step:
    """Columns mapped to FIELDS keys: their values are gathered per key, then placed."""
    def step(cells: list[str], record: ContactRecord, state: _RowState) -> None:
        found: dict[str, list[tuple[str, str]]] = {}
        for index, header, key in columns:
            raw = cells[index]
            if raw and (value := cell_value(raw)):
                found.setdefault(key, []).append((header, value))
        for key, pairs in found.items():
            _GENERIC_PLACERS[_GENERIC_GROUP.get(key, key)](key, pairs, record, state)
    return step


def _place_name(key: str, pairs: list[tuple[str, str]], record: ContactRecord,
                state: _RowState) -> None:
    value = " ".join(v for _, v in pairs)
    old = getattr(record, key)
    setattr(record, key, f"{old} {value}" if old else value)


def _place_notes(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    value = "\n\n".join(v for _, v in pairs)
    record.notes = f"{record.notes}\n\n{value}" if record.notes else value


def _place_full_name(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    state.full_name = state.full_name or pairs[0][1]


def _place_introducer(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    record.introduced_by = record.introduced_by or pairs[0][1]


_FIXED_PHONE_LABELS = {"mobile": "mobile", "work_phone": "work", "home_phone": "home",
                       "fax": "fax", "pager": "pager"}


def _place_contact(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    for header, value in pairs:
        if key == "email":
            kind = ContactKind.EMAIL
            pieces = [p for v in google_values(value) for p in re.split(r"[;,\s]+", v)]
        elif key in ("url", "im"):
            kind, pieces = ContactKind(key), google_values(value)
        else:
            kind, pieces = ContactKind.PHONE, [p for v in google_values(value) for p in v.split(";")]
        label = _FIXED_PHONE_LABELS.get(key) or _label_from_header(header, kind)
        for piece in pieces:
            if piece.strip():
                _add_contact(record, state, header, ImportedContact(kind, piece.strip(), label))


def _label_from_header(header: str, kind: ContactKind) -> str:
    words = set(re.findall(r"\w+", header.casefold()))
    if kind == ContactKind.PHONE and words & {"mobile", "cell", "handy", "portable"}:
        return "mobile"
    if kind == ContactKind.PHONE and "fax" in words:
        return "fax"
    if words & {"work", "business", "office", "company"}:
        return "work"
    if words & {"home", "personal", "private", "privat"}:
        return "home"
    return ""


def _place_job(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    """organization, title and department arrive one key at a time: they share a job."""
    value = ", ".join(v for _, v in pairs)
    n = state.building.get("job")
    if n is None:
        record.jobs.append(ImportedJob(""))
        n = state.building["job"] = len(record.jobs) - 1
    record.jobs[n] = dataclasses.replace(record.jobs[n], **{key: value})


def _place_date(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    for header, value in pairs:
        date = _date(value, header, record, state)
        if date is None:
            continue
        if key == "birthday":
            record.birthday = record.birthday or date
        else:
            record.dates.append(ImportedDate("anniversary" if key == "anniversary" else header, date))


def _place_birth_part(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    state.birth[key] = pairs[0][1]


def _place_address(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    label = "work" if key.startswith("work_") else ""
    part = key.removeprefix("work_")
    joiner = "\n" if part == "street" else " "
    value = joiner.join(v for _, v in pairs)
    n = state.building.get(f"address:{label}")
    if n is None:
        record.addresses.append(ImportedAddress(label))
        n = state.building[f"address:{label}"] = len(record.addresses) - 1
    attribute = "locality" if part == "city" else part
    record.addresses[n] = dataclasses.replace(record.addresses[n], **{attribute: value})


def _place_relation(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    for header, value in pairs:
        kind = relation_type(header)
        for name in re.split(r"[;,]|\s:::\s" if kind == "child" else r";|\s:::\s", value):
            if name.strip():
                record.relations.append(ImportedRelation(kind, name.strip()))


def _place_tags(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    for _, value in pairs:
        record.tags.extend(google_tags(value) if GOOGLE_SEPARATOR in value
                           else [t.strip() for t in re.split(r"[;,]", value) if t.strip()])


def _place_custom(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    record.custom_fields.extend(pairs)


def _place_hometown(key: str, pairs, record: ContactRecord, state: _RowState) -> None:
    record.hometown = record.hometown or ", ".join(v for _, v in pairs)


_GENERIC_GROUP = {
    **{k: "name" for k in ("given_name", "middle_name", "family_name", "prefix", "suffix",
                           "nickname")},
    **{k: "contact" for k in ("email", "phone", "mobile", "work_phone", "home_phone", "fax",
                              "pager", "url", "im")},
    **{k: "job" for k in ("organization", "title", "department")},
    **{k: "date" for k in ("birthday", "anniversary", "date")},
    **{k: "birth_part" for k in ("birth_year", "birth_month", "birth_day")},
    **{k: "address" for k in ("street", "city", "region", "postcode", "country", "work_street",
                              "work_city", "work_region", "work_postcode", "work_country")},
}
_GENERIC_PLACERS: dict[str, Callable[[str, list[tuple[str, str]], ContactRecord, _RowState], None]] = {
    "name": _place_name, "full_name": _place_full_name, "notes": _place_notes,
    "contact": _place_contact, "job": _place_job, "date": _place_date,
    "birth_part": _place_birth_part, "address": _place_address, "relation": _place_relation,
    "introduced_by": _place_introducer, "tags": _place_tags, "custom": _place_custom,
    "hometown": _place_hometown,
}


# --- values that can go wrong, and the end of a row ------------------------------------------------

_DIGIT = re.compile(r"\d")


def _add_contact(record: ContactRecord, state: _RowState, header: str,
                 contact: ImportedContact) -> bool:
    """Add the contact unless it cannot be one; say why. True if added."""
    if contact.kind is ContactKind.EMAIL and contact.value.startswith(("/o=", "/O=")):
        state.problems.append(Problem(state.line, f'"{header}" holds an Exchange address '
                                                  f'({contact.value[:60]}), not an email; skipped'))
        return False
    if contact.kind is ContactKind.PHONE and not _DIGIT.search(contact.value):
        state.problems.append(Problem(state.line, f'"{header}" holds "{contact.value}", which is '
                                                  "not a phone number; kept as a custom field"))
        record.custom_fields.append((header, contact.value))
        return False
    record.contacts.append(contact)
    return True


def _date(value: str, header: str, record: ContactRecord, state: _RowState) -> PartialDate | None:
    try:
        return parse_date(value, day_first=state.day_first)
    except NotADate:
        state.problems.append(Problem(state.line, f'"{header}" holds "{value}", which is not a '
                                                  "date Rapport can read; kept as a custom field"))
        record.custom_fields.append((header, value))
        return None


def _finish(record: ContactRecord, state: _RowState) -> None:
    record.is_organization = _is_company_row(record, state)
    if record.is_organization:  # named after it, as a vCard company card is
        record.display_name = company_name(record)
    elif state.full_name or state.display_name:
        _settle_names(record, state)
    if state.birth:
        _settle_birth_parts(record, state)
    if state.primary:
        record.contacts = state.primary + [c for c in record.contacts if c not in state.primary]
    if len(record.contacts) > 1:
        record.contacts = _unique_contacts(record.contacts)
    if record.tags:
        record.tags = unique_tags(record.tags)


def _is_company_row(record: ContactRecord, state: _RowState) -> bool:
    """A row with an organization and no personal name (its name cells empty or repeating
    the organization): a company's own entry, which the importer makes an organization, as
    it does a vCard company card."""
    organization = " ".join(next((j.organization for j in record.jobs
                                  if j.organization.strip()), "").split())
    names = (state.full_name, state.display_name, record.display_name)
    return bool(organization) and not composed_name(record) and not record.nickname.strip() \
        and all(" ".join(name.split()) in ("", organization) for name in names)


def _settle_names(record: ContactRecord, state: _RowState) -> None:
    """A full-name cell splits into given and family name when those are empty; otherwise it,
    like Google's "File As", is a display name when it differs from the composed one."""
    full = state.full_name
    if full and not (record.given_name or record.middle_name or record.family_name):
        record.given_name, record.family_name = split_full_name(full)
        full = ""
    for candidate in (full, state.display_name):
        if candidate and not record.display_name and candidate != composed_name(record):
            record.display_name = candidate


def _settle_birth_parts(record: ContactRecord, state: _RowState) -> None:
    """Thunderbird's Birth Year / Birth Month / Birth Day; the year may be missing."""
    year, month, day = (state.birth.get(f"birth_{p}", "") for p in ("year", "month", "day"))
    try:
        date = parse_date(f"{year}-{month}-{day}" if year else f"--{month:0>2}-{day:0>2}")
    except NotADate:
        date = None
    if date is None:
        written = ", ".join(f"{k.removeprefix('birth_')} {v}" for k, v in state.birth.items())
        state.problems.append(Problem(state.line, f"the birthday ({written}) is not a date; kept "
                                                  "as a custom field"))
        record.custom_fields.append(("Birthday", written))
        return
    record.birthday = record.birthday or date


def _unique_contacts(contacts: list[ImportedContact]) -> list[ImportedContact]:
    if len({(c.kind, c.value.casefold()) for c in contacts}) == len(contacts):
        return contacts
    seen: set[tuple[ContactKind, str]] = set()
    unique = []
    for contact in contacts:
        key = (contact.kind, contact.value.casefold())
        if key not in seen:
            seen.add(key)
            unique.append(contact)
    return unique


def _is_someone(record: ContactRecord) -> bool:
    return bool(
        record.given_name or record.family_name or record.middle_name or record.nickname
        or record.display_name
        or any(c.kind in (ContactKind.EMAIL, ContactKind.PHONE) for c in record.contacts)
        or any(j.organization for j in record.jobs))
