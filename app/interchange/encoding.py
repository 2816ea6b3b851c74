"""Bytes -> text for files from other programs: BOM, then strict UTF-8, then a legacy code
page (the one the user chose, else charset-normalizer's guess among the usual ones, else
Windows-1252, which is what Outlook and Excel write in Western Europe)."""

from __future__ import annotations

import codecs

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DEFAULT_LEGACY = "cp1252"
# What legacy address books and spreadsheets are written in, in practice.
LEGACY_CANDIDATES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256",
                     "cp1257", "latin_1", "iso8859_15", "mac_roman", "cp437", "cp850",
                     "big5", "gb18030", "shift_jis", "euc_kr")


def bom_encoding(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def canonical(name: str) -> str | None:
    """Python's name for an encoding a file or a user names, or None if unknown."""
    try:
        return codecs.lookup(name.strip().strip('"')).name
    except (LookupError, AttributeError):
        return None


def guess_legacy(data: bytes) -> str:
    """The most likely legacy code page, for bytes that are not UTF-8."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:256 * 1024], cp_isolation=list(LEGACY_CANDIDATES)))
    if not matches:
        return DEFAULT_LEGACY
    best = matches[0]
    for match in matches:  # on a tie, the Western code page: a short French or German
        # file scores the same in cp1250 and cp1252, and "Fèvre" must not become "Fčvre"
        # (charset_normalizer folds code pages that decode the bytes alike into one match)
        alike = {canonical(name) for name in match.could_be_from_charset}
        if DEFAULT_LEGACY in alike and match.percent_chaos <= best.percent_chaos and \
                match.percent_coherence >= best.percent_coherence:
            return DEFAULT_LEGACY
    return canonical(best.encoding) or DEFAULT_LEGACY


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text and the name of the encoding used. `encoding` forces one (the user chose it);
    bytes that do not fit it become U+FFFD rather than failing the whole file."""
    if encoding:
        name = canonical(encoding) or DEFAULT_LEGACY
        return data.decode(name, errors="replace"), name
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace"), bom.replace("-sig", "")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    name = guess_legacy(data)
    return data.decode(name, errors="replace"), name
