"""The vCard vocabulary the reader and the writer share: text escaping, parameter values,
dates, and the label and relation names Apple, Google and RFC 6350 use.
(The sources are cited in docs: /work/shared/reference/formats.md sections 1 to 5.)"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from app.domain import PartialDate
from app.errors import InvalidInput

# ---- Text values -------------------------------------------------------------------------

_ESCAPED_CHAR = re.compile(r"\\(.)", re.S)
# 3.0 and 4.0 escapes, plus what exporters write anyway: Apple's "\:" and macOS's '\"'.
_UNESCAPES = {"\\": "\\", ",": ",", ";": ";", ":": ":", "n": "\n", "N": "\n", '"': '"', "'": "'"}
# 2.1 escapes only ';' (in compound values); a backslash is otherwise a plain character there.
_UNESCAPES_21 = {";": ";", ",": ",", ":": ":"}


def escape_text(text: str) -> str:
    """A 3.0/4.0 text value. Line breaks of any kind become \\n."""
    # Five substring scans: cheaper than a regex search for the ~2 million short values of
    # an export of 100,000 people.
    if not ("\\" in text or "," in text or ";" in text or "\n" in text or "\r" in text):
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Backslashes first, so that none added here is doubled; four replace() calls take a fifth
    # of the time of translate() with a table.
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


_NEEDS_ESCAPE = re.compile(r"[\\,;\n\r]")


def escape_joined(values: Sequence[str], separator: str) -> str:
    """Text values escaped, joined by `separator` (';' in N and ADR, ',' in CATEGORIES)."""
    # One search over all the values: most need no escaping at all.
    if _NEEDS_ESCAPE.search("".join(values)) is None:
        return separator.join(values)
    return separator.join([escape_text(value) for value in values])


def unescape_text(text: str, v21: bool = False) -> str:
    """The text a value stands for. Unknown escapes keep their backslash."""
    if "\\" not in text:
        return text
    table = _UNESCAPES_21 if v21 else _UNESCAPES
    return _ESCAPED_CHAR.sub(lambda m: table.get(m.group(1), m.group(0)), text)


_SEMICOLON_OR_ESCAPE = re.compile(r"\\.|;", re.S)
_COMMA_OR_ESCAPE = re.compile(r"\\.|,", re.S)


def split_unescaped(text: str, separator: str) -> list[str]:
    """Split on `separator` (';' or ',') where it is not escaped; the parts stay escaped."""
    if "\\" not in text:
        return text.split(separator)
    pattern = _SEMICOLON_OR_ESCAPE if separator == ";" else _COMMA_OR_ESCAPE
    parts, start = [], 0
    for match in pattern.finditer(text):
        if match.end() - match.start() == 1:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


# ---- Parameter values --------------------------------------------------------------------

_NEEDS_QUOTES = re.compile(r'[,;:]|^\s|\s$')
_CARET = re.compile(r"\^[nN^']")
_CARET_CHARS = {"^n": "\n", "^N": "\n", "^^": "^", "^'": '"'}
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")


def encode_param(value: str) -> str:
    """A parameter value: RFC 6868 carets for '^', '"' and line breaks, quotes around ',;:'."""
    if "^" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    if not value or _NEEDS_QUOTES.search(value):
        return f'"{value}"'
    return value


def decode_carets(value: str) -> str:
    return _CARET.sub(lambda m: _CARET_CHARS[m.group()], value) if "^" in value else value


def is_token(value: str) -> bool:
    """Whether a label can be written bare as a TYPE value."""
    return TOKEN.fullmatch(value) is not None


# ---- Dates -------------------------------------------------------------------------------

APPLE_NO_YEAR = 1604  # Apple's placeholder year for "year unknown" (X-APPLE-OMIT-YEAR)
_FULL_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", re.S)
_NO_YEAR_DATE = re.compile(r"--(\d{2})-?(\d{2})")


def parse_date(text: str, omit_year: str = "", placeholder_1604: bool = True) -> PartialDate:
    """YYYYMMDD, YYYY-MM-DD, a date-time, --MMDD or --MM-DD. Year 1604 means "no year" when
    X-APPLE-OMIT-YEAR says so, and (as Nextcloud and iOS 12 write it) even when bare.
    ValueError says what is wrong, in words."""
    text = text.strip()
    match = _FULL_DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if (omit_year and omit_year.strip('"') == match.group(1)) or (
                placeholder_1604 and year == APPLE_NO_YEAR):
            return _partial(month, day, None, text)
        return _partial(month, day, year, text)
    match = _NO_YEAR_DATE.fullmatch(text)
    if match:
        return _partial(int(match.group(1)), int(match.group(2)), None, text)
    if text.startswith("---"):
        raise ValueError(f"“{text}” gives a day but no month")
    raise ValueError(f"“{text}” is not a date this program can read")


def _partial(month: int, day: int, year: int | None, text: str) -> PartialDate:
    try:
        return PartialDate(month, day, year)
    except InvalidInput:
        raise ValueError(f"“{text}” is not a date on the calendar") from None


def date_30(date: PartialDate) -> tuple[str, str]:
    """(parameters, value) for 3.0, which cannot say "no year": Apple's 1604 form."""
    if date.year is None:
        return f";X-APPLE-OMIT-YEAR={APPLE_NO_YEAR}", f"{APPLE_NO_YEAR}-{date.month:02d}-{date.day:02d}"
    return "", f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def date_40(date: PartialDate) -> str:
    if date.year is None:
        return f"--{date.month:02d}{date.day:02d}"
    return f"{date.year:04d}{date.month:02d}{date.day:02d}"


# ---- Labels ------------------------------------------------------------------------------

_APPLE_BUILT_IN = re.compile(r"_\$!<(.*)>!\$_", re.S)
# TYPE values that say nothing a person would call a label.
IGNORED_TYPES = frozenset({"internet", "x400", "voice", "pref", "dom", "intl", "postal", "parcel",
                           "msg", "x-internet"})
TYPE_LABELS = {"cell": "mobile"}
# What the writer puts in TYPE (label -> TYPE value); every other label goes to an X-ABLabel.
STANDARD_TYPES = {
    "EMAIL": {"home": "home", "work": "work"},
    "TEL": {"home": "home", "work": "work", "mobile": "cell", "fax": "fax", "pager": "pager"},
    "URL": {"home": "home", "work": "work"},
    "ADR": {"home": "home", "work": "work"},
}


def apple_label(text: str) -> str:
    """An X-ABLabel value as a label: built-in '_$!<HomePage>!$_' -> 'homepage', custom kept."""
    match = _APPLE_BUILT_IN.fullmatch(text.strip())
    return match.group(1).strip().lower() if match else text.strip()


def apple_built_in(name: str) -> str:
    return f"_$!<{name}>!$_"


def types_label(tokens: list[str]) -> str:
    """TYPE values as one label: ['WORK', 'CELL', 'pref'] -> 'work mobile'."""
    labels: list[str] = []
    for token in tokens:
        lowered = token.lower()
        if lowered in IGNORED_TYPES:
            continue
        label = token[2:] if lowered.startswith("x-") else TYPE_LABELS.get(lowered, lowered)
        if label and label not in labels:
            labels.append(label)
    return " ".join(labels)


@functools.lru_cache(maxsize=1024)  # labels repeat from card to card
def standard_types(label: str, prop: str) -> str | None:
    """The TYPE value that gives `label` back through types_label, or None if it needs an
    X-ABLabel: 'work mobile' -> 'work,cell' for TEL."""
    if not label:
        return ""
    table = STANDARD_TYPES.get(prop, {})
    words = label.split(" ")
    if len(set(words)) != len(words) or any(w not in table for w in words):
        return None
    return ",".join(table[w] for w in words)


# ---- Relations ---------------------------------------------------------------------------

# Apple, Google, Android and RFC 6350 names for our relationship types.
RELATION_SYNONYMS = {
    "mother": "parent", "father": "parent", "brother": "sibling", "sister": "sibling",
    "husband": "spouse", "wife": "spouse", "son": "child", "daughter": "child",
    "co-worker": "colleague", "coworker": "colleague", "kin": "relative",
    "domestic_partner": "partner", "domestic partner": "partner", "sweetheart": "partner",
}
# Types Apple Contacts has a built-in label for (written as _$!<Spouse>!$_).
APPLE_RELATION_LABELS = {t: t.capitalize() for t in
                         ("spouse", "child", "parent", "friend", "manager", "assistant", "partner")}
APPLE_ANNIVERSARY = apple_built_in("Anniversary")


def relation_type(label: str) -> str:
    """A relation label as we name its type: 'Mother' -> 'parent', 'Cousin' -> 'cousin'."""
    lowered = label.strip().lower()
    return RELATION_SYNONYMS.get(lowered, lowered) or "relative"
