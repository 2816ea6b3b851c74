"""vCard bytes -> cards of raw properties, before any value is decoded.

Unfolding works on bytes, so that a fold or a quoted-printable soft break in the middle of a
UTF-8 character joins back into that character before anything decodes it (RFC 6350 §3.2).
This layer knows the file's structure (BEGIN/END, limits) and nothing about the meaning of
properties; app/interchange/vcard_read.py makes records out of the cards.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator

from app.errors import Cancelled, ImportFailed
from app.interchange import record as limits
from app.interchange.record import Problem

_QUOTED_PRINTABLE = re.compile(rb";(?:ENCODING=)?QUOTED-PRINTABLE(?=[;:,]|$)")
_BASE64 = re.compile(rb";(?:ENCODING=)?(?:BASE64|B)(?=[;:,]|$)")
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=\s]+")
# After a quoted-printable soft break, a line like this is a new property, not more of the value
# (exporters have been seen to end a value with a dangling '=').
_PROPERTY_START = re.compile(
    rb"(?:[A-Za-z0-9-]+\.)?(?:BEGIN|END|VERSION|FN|N|TEL|EMAIL|ADR|LABEL|ORG|TITLE|ROLE|NOTE|URL|BDAY"
    rb"|PHOTO|UID|REV|NICKNAME|CATEGORIES|X-[A-Za-z0-9_-]+)[;:]", re.I)
_VALID_NAME = re.compile(r"[A-Za-z0-9_-]+")
_CANCEL_EVERY = 4096  # physical lines between two should_cancel() calls


class Prop:
    """One property as written: `name` upper-cased, `written_name` as in the file, `head` the
    parameters as written (b";TYPE=x" or b""), `value` the raw bytes after the colon."""

    __slots__ = ("line", "group", "name", "written_name", "head", "value", "params")

    def __init__(self, line: int, group: str, name: str, written_name: str, head: bytes,
                 value: bytes) -> None:
        self.line, self.group, self.name, self.written_name = line, group, name, written_name
        self.head, self.value = head, value
        self.params: dict[str, list[str]] | None = None  # parsed on demand by the reader


def check_size(data: bytes, file: str) -> None:
    if len(data) > limits.MAX_FILE_BYTES:
        raise ImportFailed(file, None, f"the file is {_size(len(data))}; files over "
                           f"{_size(limits.MAX_FILE_BYTES)} are not read")


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{count:,} bytes"


def logical_lines(data: bytes, file: str, should_cancel: Callable[[], bool] | None,
                  first_line: int = 1) -> Iterator[tuple[int, bytes]]:
    """(physical line number where it starts, unfolded bytes) for every non-blank logical line.
    Accepts CRLF, LF and CR; 3.0/4.0 folding (a line starting with a space or tab); 2.1
    quoted-printable soft breaks; 2.1 base64 lines that are not indented; blank lines anywhere.
    `first_line`: the number of data's first line (when data is a part of a file)."""
    lines = data.splitlines()
    encoded = _CONTINUING_ENCODING.search(data) is not None  # else no line needs _encodings()
    if not encoded and not _folded(data) \
            and max(map(len, lines), default=0) <= limits.MAX_LINE_BYTES:
        return _non_blank(lines, should_cancel, first_line)
    return _unfolded(lines, file, should_cancel, encoded, first_line)


# What may make a line continue the one before: folding, or (in the parameters) an encoding,
# which most files have nowhere. (A parameter list ends at the colon, or at a quote: the ';B'
# of ';B"...' ends one.) Two searches for folding: each starts from a memchr() for its line
# break, a class would not.
_FOLD_AFTER_LF = re.compile(rb"\n[ \t]")
_FOLD_AFTER_CR = re.compile(rb"\r[ \t]")
_CONTINUING_ENCODING = re.compile(rb';(?:ENCODING=)?(?:QUOTED-PRINTABLE|BASE64|B)[;:,"]', re.I)


def _folded(data: bytes) -> bool:
    return _FOLD_AFTER_LF.search(data) is not None or _FOLD_AFTER_CR.search(data) is not None


def _never_continued(data: bytes) -> bool:
    """Whether every line of the file is a logical line of its own. Then _non_blank() reads it
    with C-level iteration: _unfolded()'s checks for each line were a sixth of reading a file
    (a file this wrongly calls continued only takes the general way)."""
    return not _folded(data) and _CONTINUING_ENCODING.search(data) is None


def _non_blank(lines: list[bytes], should_cancel: Callable[[], bool] | None, first_line: int
               ) -> Iterator[tuple[int, bytes]]:
    for begin in range(0, len(lines), _CANCEL_EVERY):
        if should_cancel and begin and should_cancel():
            raise Cancelled()
        numbered = enumerate(lines[begin:begin + _CANCEL_EVERY], begin + first_line)
        yield from filter(_LINE, numbered)  # blank lines are falsy


_LINE = operator.itemgetter(1)


def _unfolded(lines: list[bytes], file: str, should_cancel: Callable[[], bool] | None,
              encoded: bool = True, first_line: int = 1) -> Iterator[tuple[int, bytes]]:
    """`encoded`: whether any line may declare an encoding (else none is looked for)."""
    parts: list[bytes] = []
    start = size = 0
    quoted_printable = soft_break = base64 = False
    for number, line in enumerate(lines, first_line):
        if should_cancel and number % _CANCEL_EVERY == 0 and should_cancel():
            raise Cancelled()
        if parts:
            if soft_break and (not line or not _PROPERTY_START.match(line)):
                if not line:
                    continue  # a blank line inside a soft-broken value
            elif line[:1] in (b" ", b"\t"):
                line = line[1:]
            elif not line:
                continue  # e.g. the blank line that ends 2.1 base64
            elif not (base64 and _BASE64_LINE.fullmatch(line)):  # else: 2.1 base64, not indented
                yield start, parts[0] if len(parts) == 1 else b"".join(parts)
                parts = []
            if parts:
                soft_break = quoted_printable and line.endswith(b"=")
                parts.append(line[:-1] if soft_break else line)
                size += len(line)
                if size > limits.MAX_LINE_BYTES:
                    raise _too_long(file, start)
                continue
        if not line:
            continue
        if len(line) > limits.MAX_LINE_BYTES:
            raise _too_long(file, number)
        quoted_printable, base64 = _encodings(line) if encoded else (False, False)
        soft_break = quoted_printable and line.endswith(b"=")
        parts, start, size = [line[:-1] if soft_break else line], number, len(line)
    if parts:
        yield start, parts[0] if len(parts) == 1 else b"".join(parts)


def _encodings(line: bytes) -> tuple[bool, bool]:
    """Whether the property on this line is quoted-printable, and whether it is base64."""
    semicolon = line.find(b";")
    colon = line.find(b":") if semicolon > 0 else -1
    if not 0 < semicolon < colon:
        return False, False
    quote = line.find(b'"', semicolon, colon)  # encodings come before quoted values
    head = line[semicolon:colon if quote < 0 else quote].upper()
    return _QUOTED_PRINTABLE.search(head) is not None, _BASE64.search(head) is not None


def _too_long(file: str, line: int) -> ImportFailed:
    return ImportFailed(file, line, f"the line is longer than {_size(limits.MAX_LINE_BYTES)}; "
                        "the file is probably damaged")


def split_property(line: int, data: bytes) -> Prop | None:
    """`[group.]NAME[;params]:value`, or None if the line is not a property."""
    colon = data.find(b":")
    if colon <= 0:
        return None
    quote = data.find(b'"', 0, colon)
    if quote >= 0:
        colon = _colon_outside_quotes(data, quote, colon)
    semicolon = data.find(b";", 0, colon)
    if semicolon < 0:
        names = _NAMES.get(data[:colon]) or _split_name(data[:colon])
        head = b""
    else:
        names = _NAMES.get(data[:semicolon]) or _split_name(data[:semicolon])
        head = data[semicolon:colon]
    if names is None:
        return None
    return Prop(line, *names, head, data[colon + 1:])


_NAMES: dict[bytes, tuple[str, str, str]] = {}  # b"item1.tel" -> ("item1", "TEL", "tel")


def _split_name(full_name: bytes) -> tuple[str, str, str] | None:
    group, _, name = full_name.rpartition(b".")
    try:
        written_name = name.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not _VALID_NAME.fullmatch(written_name):
        return None
    names = (group.decode("ascii", "replace"), written_name.upper(), written_name)
    if len(_NAMES) < 10_000:  # names repeat from card to card; a hostile file cannot grow this
        _NAMES[full_name] = names
    return names


def _colon_outside_quotes(data: bytes, quote: int, colon: int) -> int:
    """The colon that ends the parameters when a quoted parameter value holds ':'."""
    while 0 <= quote < colon:
        close = data.find(b'"', quote + 1)
        if close < 0:
            return colon  # an unbalanced quote: take the first colon
        if close > colon:
            colon = data.find(b":", close + 1)
            if colon < 0:
                return len(data)
        quote = data.find(b'"', close + 1, colon)
    return colon


OUTSIDE_A_CARD = "text outside a card was skipped"  # said once per file


def cards(data: bytes, file: str, problems: list[Problem],
          should_cancel: Callable[[], bool] | None, *, first_line: int = 1
          ) -> Iterator[tuple[int, list[Prop]]]:
    """(line of BEGIN:VCARD, its properties) for each card. Structure errors that leave the
    file's meaning in doubt raise ImportFailed; stray lines become Problems. `data` may be a
    part of a file that begins with `first_line`. (A file without any card: the caller says
    NOT_A_VCARD.)"""
    card: list[Prop] | None = None
    begin = count = 0
    outside_reported = False
    for number, line in logical_lines(data, file, should_cancel, first_line):
        prop = split_property(number, line)
        if prop is None:
            if card is not None:
                problems.append(Problem(number, "a line that is not a vCard property was skipped"))
            elif not outside_reported:
                problems.append(Problem(number, OUTSIDE_A_CARD))
                outside_reported = True
            continue
        name = prop.name
        if card is not None and name != "END" and name != "BEGIN":
            card.append(prop)
        elif name == "BEGIN" and prop.value.strip().upper() == b"VCARD":
            if card is not None:
                raise ImportFailed(file, number, f"a new card begins here, but the card from line "
                                   f"{begin} has no END:VCARD; the file is damaged")
            count += 1
            if count > limits.MAX_RECORDS:
                raise ImportFailed(file, number, f"the file holds more than {limits.MAX_RECORDS:,} "
                                   "cards; split it into smaller files")
            card, begin = [], number
        elif card is None:
            if not outside_reported:
                problems.append(Problem(number, OUTSIDE_A_CARD))
                outside_reported = True
        elif name == "END" and prop.value.strip().upper() == b"VCARD":
            yield begin, card
            card = None
        else:
            card.append(prop)  # BEGIN or END of something else, e.g. a 2.1 AGENT's parts
    if card is not None:
        raise ImportFailed(file, begin, "this card has no END:VCARD; the file is probably cut short")


NOT_A_VCARD = "this is not a vCard file: it has no BEGIN:VCARD line"
