"""Cell values in contact CSV files: dates, multi-value cells, labels, tags, names, and the
spreadsheet-formula guard. Pure functions; app/interchange/csv_contacts.py uses them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from app.domain import PartialDate
from app.errors import InvalidInput

# Google joins several values of one cell with this; Outlook's Categories use ";".
GOOGLE_SEPARATOR = " ::: "
PRIMARY_MARK = "* "  # Google: a system label ("* myContacts") or the primary entry ("* Mobile")

# --- spreadsheet formulas (OWASP CSV injection) -------------------------------------------------

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")
_MAYBE_GUARDED = FORMULA_TRIGGERS | {"'"}
# A guard apostrophe goes in front of any run of apostrophes before a trigger, so that taking
# exactly one away on reading gives back what was written, even "'+1" itself.
_GUARDED = re.compile(r"'*[=+\-@\t\r\n]")
STRICT_PHONE = re.compile(r"\+?[0-9 ()./-]{3,}")  # cannot hold a formula, so left as written


def neutralised(text: str) -> str:
    """`text` with a leading apostrophe if a spreadsheet would run it as a formula."""
    if text[:1] in _MAYBE_GUARDED and (text[0] != "'" or _GUARDED.match(text)):
        return "'" + text
    return text


def neutralised_phone(text: str) -> str:
    """Phone numbers like "+44 20 7946 0100" stay intact; anything else is free text."""
    return text if STRICT_PHONE.fullmatch(text) else neutralised(text)


def cell_value(raw: str) -> str:
    """A cell as the person meant it: without the apostrophe a formula guard put in front of
    = + - @ TAB CR LF (ours or a spreadsheet's), with newlines as "\\n", trimmed. A value that
    really starts with such an apostrophe loses it: the price of reading our own files back."""
    if raw[0] == "'" and _GUARDED.match(raw, 1):
        raw = raw[1:]
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return raw.strip()


# --- multi-value cells ---------------------------------------------------------------------------

def google_values(text: str) -> list[str]:
    """The values of a Google cell: "a ::: b" -> ["a", "b"] (empty pieces dropped)."""
    if GOOGLE_SEPARATOR not in text:
        return [text]
    return [piece.strip() for piece in text.split(GOOGLE_SEPARATOR) if piece.strip()]


def parallel_values(parts: list[str]) -> list[list[str]]:
    """Google writes two addresses (or jobs) under one label as parallel " ::: " lists, one per
    column. Split them only when every non-empty column splits into the same number of values;
    otherwise the columns are one value that happens to contain the separator."""
    if GOOGLE_SEPARATOR not in "\x1f".join(parts):
        return [parts]
    split = [google_values(p) if p else [] for p in parts]
    counts = {len(s) for s in split if s}
    if len(counts) != 1 or counts == {1}:
        return [parts]
    (count,) = counts
    return [[s[i] if s else "" for s in split] for i in range(count)]


# --- labels and tags -----------------------------------------------------------------------------

# Labels Google and Outlook use for their built-in types, in Google's spelling; we keep them
# lower-case ("mobile"), and custom labels exactly as written.
GOOGLE_LABELS = {
    label.casefold(): label for label in (
        "Home", "Work", "Mobile", "Main", "Other", "Pager", "Home Fax", "Work Fax", "Other Fax",
        "Fax", "Google Voice", "iPhone", "Car", "Assistant", "Callback", "ISDN", "Radio", "Telex",
        "TTY", "Company", "Work Mobile", "Work Pager", "Home Page", "Blog", "Profile", "FTP",
        "Personal", "Business", "Anniversary", "Birthday", "Spouse", "Child", "Parent", "Sibling",
        "Friend", "Relative", "Partner", "Domestic Partner", "Manager", "Assistant", "Colleague",
        "Mentor", "Mentee", "Report", "Grandparent", "Grandchild", "Referred By", "Mother",
        "Father", "Brother", "Sister", "AIM", "Skype", "Jabber", "XMPP", "ICQ", "QQ", "MSN",
        "Yahoo", "Google Talk", "Hangouts", "Netmeeting",
    )
}
RELATION_ALIASES = {
    "mother": "parent", "father": "parent", "mom": "parent", "dad": "parent",
    "brother": "sibling", "sister": "sibling", "son": "child", "daughter": "child",
    "children": "child", "husband": "spouse", "wife": "spouse", "domestic partner": "partner",
}
SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "contacts"})


@lru_cache(maxsize=4096)
def clean_label(text: str) -> str:
    """A Google or Outlook label as we keep it: "* Mobile" -> "mobile", "Gym" -> "Gym"."""
    text = text.removeprefix(PRIMARY_MARK).strip()
    folded = text.casefold()
    return folded if folded in GOOGLE_LABELS else text


def export_label(label: str) -> str:
    """Our label in Google's spelling: "home fax" -> "Home Fax"; custom labels as they are."""
    return GOOGLE_LABELS.get(label, label)


@lru_cache(maxsize=4096)
def relation_type(label: str) -> str:
    """A relation label as a relationship type: "Mother" -> "parent", "Godson" -> "godson"."""
    folded = label.removeprefix(PRIMARY_MARK).strip().casefold()
    return RELATION_ALIASES.get(folded, folded) or "other"


def google_tags(text: str) -> list[str]:
    """Google "Labels" / "Group Membership": "* myContacts ::: * starred ::: Friends" ->
    ["starred", "Friends"]. System groups go; the "* " marker goes."""
    return _tags(google_values(text))


def outlook_tags(text: str) -> list[str]:
    """Outlook "Categories": "Business;VIP" (Google's Outlook CSV adds "myContacts;starred")."""
    return _tags(text.split(";"))


def _tags(pieces: list[str]) -> list[str]:
    tags = []
    for piece in pieces:
        tag = piece.strip().removeprefix(PRIMARY_MARK).strip()
        if tag and tag.casefold() not in SYSTEM_GROUPS:
            tags.append(tag)
    return tags


def unique_tags(tags: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for tag in tags:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


# --- names ---------------------------------------------------------------------------------------

def composed_name(record) -> str:
    """The name made of a record's parts, to compare a "full name" or "File As" cell with."""
    parts = (record.prefix, record.given_name, record.middle_name, record.family_name,
             record.suffix)
    return " ".join(p for p in parts if p)


def split_full_name(text: str) -> tuple[str, str]:
    """(given, family) from one name cell: "Smith, Anna" or "Anna Maria Smith" (last word is
    the family name). One word is a given name."""
    if "," in text:
        family, _, given = text.partition(",")
        return given.strip(), family.strip()
    given, _, family = text.strip().rpartition(" ")
    return (given.strip(), family) if given else (family, "")


# --- dates ---------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z ]*)?")
_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEARLESS = re.compile(r"--(\d{2})-?(\d{2})")
_NUMERIC = re.compile(
    r"(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?")  # Outlook may add a midnight time
_NO_YEAR = 1604  # Apple's placeholder year; Nextcloud and others write it too
_MONTH_NAME = re.compile(r"[^\W\d_]{3,}")


class NotADate(ValueError):
    pass


DayFirst = bool | Callable[[], bool]


def parse_date(text: str, *, day_first: DayFirst = False) -> PartialDate | None:
    """A birthday or anniversary cell as a PartialDate; None for "no date" ("", "0/0/00",
    "0000-00-00"). `day_first` settles 03/04/1980 (Europe: 3 April); a callable is asked only
    when a date is ambiguous. Raises NotADate."""
    text = text.strip()
    if not text or not text.strip("0/.- :"):
        return None
    parts = _date_parts(text, day_first)
    if parts is None:
        raise NotADate(text)
    year, month, day = parts
    if month == 0 or day == 0:
        return None  # Outlook's 0/0/00 family, and year-only dates we cannot store
    if year == 0 or year == _NO_YEAR:
        year = None
    try:
        return PartialDate(month, day, year)
    except InvalidInput:
        raise NotADate(text) from None


def _date_parts(text: str, day_first: DayFirst) -> tuple[int | None, int, int] | None:
    if match := _ISO.fullmatch(text) or _BASIC.fullmatch(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _YEARLESS.fullmatch(text):
        return None, int(match[1]), int(match[2])
    if match := _NUMERIC.fullmatch(text):
        return _numeric_parts(match, day_first)
    if _MONTH_NAME.search(text):
        return _worded_parts(text, day_first)
    return None


def _numeric_parts(match: re.Match, day_first: DayFirst) -> tuple[int | None, int, int]:
    first, separator, second, year_text = int(match[1]), match[2], int(match[3]), match[4]
    if separator == "." or first > 12:
        days_lead = True  # German 28.12.1969; 28/12/1969 can only be day first
    elif second > 12:
        days_lead = False
    else:
        days_lead = day_first() if callable(day_first) else day_first
    day, month = (first, second) if days_lead else (second, first)
    return _full_year(year_text), month, day


def _full_year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    if len(text) == 2 and year:
        this_year = dt.date.today().year
        year += 2000 if 2000 + year <= this_year else 1900
    return year


def _worded_parts(text: str, day_first: DayFirst) -> tuple[int | None, int, int] | None:
    """ "5 January 1980", "Jan 5", "January 5, 1980" (dateutil; parsed twice to see whether a
    year was written)."""
    from dateutil import parser

    try:
        days_lead = day_first() if callable(day_first) else day_first
        one = parser.parse(text, dayfirst=days_lead, default=dt.datetime(2000, 1, 1))
        two = parser.parse(text, dayfirst=days_lead, default=dt.datetime(2004, 1, 1))
    except (ValueError, OverflowError):
        return None
    return (one.year if one.year == two.year else None), one.month, one.day
