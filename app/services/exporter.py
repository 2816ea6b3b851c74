"""Exporting people as vCard or CSV. The complete export of everything is ArchiveService's."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import select

from app.collector import collector_paused
from app.errors import Cancelled, InvalidInput
from app.files import write_text_atomically
from app.interchange.formats import EXPORT_FORMATS
from app.interchange.record import ContactRecord
from app.services.base import Service
from app.services.records import chunks, load_records
from app.store.models import PersonRow

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]


class ExportService(Service):
    def everyone(self) -> list[int]:
        """Who "export all" means: everyone but the trash and light entries (loved ones
        travel inside the cards of the people they belong to), archived people included."""
        with self._db.read() as session:
            return list(session.scalars(
                select(PersonRow.id)
                .where(PersonRow.trashed_at.is_(None), PersonRow.is_light == False)  # noqa: E712
                .order_by(PersonRow.id)))

    def records(self, person_ids: Sequence[int], *, progress: Progress | None = None,
                should_cancel: ShouldCancel | None = None) -> Iterator[ContactRecord]:
        """These people as records, in this order, loaded a chunk at a time."""
        done = 0
        for chunk in chunks(person_ids):
            if should_cancel and should_cancel():
                raise Cancelled()
            with self._db.read() as session:
                loaded = load_records(session, chunk)
            yield from filter(None, map(loaded.get, chunk))  # in order; the trashed are gone
            done += len(chunk)
            if progress:
                progress(done, len(person_ids))

    @collector_paused()
    def export(self, path: Path, fmt: str, person_ids: Sequence[int] | None = None, *,
               progress: Progress | None = None,
               should_cancel: ShouldCancel | None = None) -> int:
        """Write people (everyone by default) to path as "vcard", "vcard4" or "google-csv".
        Returns how many. The file appears only once complete."""
        from app.interchange import csv_contacts, vcard

        if fmt not in EXPORT_FORMATS or fmt == "json":
            raise InvalidInput(f"Cannot export people as '{fmt}'.", "format")
        ids = list(person_ids) if person_ids is not None else self.everyone()
        records = self.records(ids, progress=progress, should_cancel=should_cancel)
        if fmt == "google-csv":
            # UTF-8 with a BOM: without it, Excel reads the file in the ANSI code page.
            write_text_atomically(Path(path), csv_contacts.write_google_csv(records), "utf-8-sig")
        else:
            version = "4.0" if fmt == "vcard4" else "3.0"
            write_text_atomically(Path(path), vcard.write_vcards(records, version))
        return len(ids)
