"""Which formats Rapport reads and writes, telling them apart, and reading a file safely."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from app.collector import collector_paused
from app.errors import ImportFailed
from app.interchange.encoding import bom_encoding
from app.interchange.record import MAX_FILE_BYTES, ParsedFile

IMPORT_FORMATS = {
    "vcard": "vCard (.vcf): phones, Apple, Google, Outlook, Android",
    "google-csv": "Google Contacts CSV",
    "outlook-csv": "Outlook CSV",
    "csv": "Other CSV (choose what each column holds)",
    "json": "Rapport complete export (restores a whole notebook)",
}
EXPORT_FORMATS = {
    "vcard": "vCard 3.0 (.vcf): phones, Apple, Google, Outlook",
    "vcard4": "vCard 4.0 (.vcf)",
    "google-csv": "CSV in Google Contacts' format",
    "json": "Complete export: everything in the notebook (.jsonl)",
}
EXPORT_SUFFIXES = {"vcard": ".vcf", "vcard4": ".vcf", "google-csv": ".csv", "json": ".jsonl"}
COMPLETE_EXPORT_FORMAT = "rapport-complete-export"


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ImportFailed when it cannot be read or is too large."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailed(str(path), None, f"the file is {size / 2**20:.0f} MB; Rapport "
                                                f"imports files up to {MAX_FILE_BYTES // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(str(path), None, "there is no such file") from None
    except IsADirectoryError:
        raise ImportFailed(str(path), None, "this is a folder, not a file") from None
    except PermissionError:
        raise ImportFailed(str(path), None, "you do not have permission to read it") from None
    except OSError as exc:
        raise ImportFailed(str(path), None, exc.strerror or str(exc)) from None


def _head_text(data: bytes) -> str:
    head = data[:4096]
    encoding = bom_encoding(head)
    return head.decode(encoding or "utf-8", errors="ignore").lstrip("\ufeff \t\r\n")


def read_head(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError:
        return read_bytes(path)  # raises ImportFailed saying why


def detect_format(data: bytes) -> str:
    """"vcard", "json" (our complete export) or "csv" (the CSV reader tells which kind),
    from the first few KiB of a file."""
    head = _head_text(data)
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if head.startswith("{"):
        try:
            header = json.loads(head.splitlines()[0])
        except (ValueError, IndexError):
            header = None
        if isinstance(header, dict) and header.get("format") == COMPLETE_EXPORT_FORMAT:
            return "json"
    return "csv"


@collector_paused()
def read_contacts(path: Path, fmt: str = "auto", *, encoding: str | None = None,
                  mapping: dict[str, str] | None = None, delimiter: str | None = None,
                  should_cancel: Callable[[], bool] | None = None) -> ParsedFile:
    """Read a vCard or CSV file into records (nothing is written anywhere)."""
    from app.interchange import csv_contacts, vcard

    data = read_bytes(path)
    name = str(path)
    if fmt == "auto":
        fmt = detect_format(data)
    if fmt == "json":
        raise ImportFailed(name, None, "this is a complete export: restore it into an empty "
                                       "notebook instead of importing it")
    if fmt == "vcard":
        return vcard.read_vcards(data, name, encoding=encoding, should_cancel=should_cancel)
    if fmt not in ("csv", "google-csv", "outlook-csv"):
        raise ImportFailed(name, None, f"Rapport cannot import the format '{fmt}'")
    if fmt != "csv":
        found = csv_contacts.sniff_csv(data, name, encoding=encoding).dialect
        if found != fmt:
            raise ImportFailed(name, 1, f"the header row is not {IMPORT_FORMATS[fmt]}'s "
                                        f"(it looks like {IMPORT_FORMATS.get(found, found)})")
    return csv_contacts.read_csv(data, name, encoding=encoding, delimiter=delimiter,
                                 mapping=mapping, should_cancel=should_cancel)
