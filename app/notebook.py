"""An unlocked notebook: the services over one encrypted file. The UI and CLI start here."""

from __future__ import annotations

from pathlib import Path

from app import vault
from app.errors import NotebookLocked, WrongPassphrase
from app.services.agenda import AgendaService
from app.services.archive import ArchiveService
from app.services.backups import BackupService
from app.services.brief import BriefService
from app.services.bulk import BulkService
from app.services.careers import CareersService
from app.services.connections import ConnectionsService
from app.services.duplicates import DuplicatesService
from app.services.exporter import ExportService
from app.services.facts import FactsService
from app.services.importer import ImportService
from app.services.interactions import InteractionsService
from app.services.introductions import IntroductionsService
from app.services.merge import MergeService
from app.services.people import PeopleService
from app.services.pipeline import PipelineService
from app.services.relationships import RelationshipsService
from app.services.reminders import RemindersService
from app.services.search import SearchService
from app.services.settings import SettingsService
from app.services.tags import TagsService
from app.store.engine import Database
from app.store.migrate import Status


class Notebook:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.people = PeopleService(db)
        self.facts = FactsService(db)
        self.relationships = RelationshipsService(db)
        self.careers = CareersService(db)
        self.interactions = InteractionsService(db)
        self.reminders = RemindersService(db)
        self.introductions = IntroductionsService(db)
        self.tags = TagsService(db)
        self.settings = SettingsService(db)
        self.search = SearchService(db)
        self.bulk = BulkService(db)
        self.archive = ArchiveService(db)
        self.backups = BackupService(db)
        self.importer = ImportService(db)
        self.exporter = ExportService(db)
        self.brief = BriefService(db)
        self.connections = ConnectionsService(db)
        self.pipeline = PipelineService(db)
        self.duplicates = DuplicatesService(db)
        self.merge = MergeService(db)
        self.agenda = AgendaService(db)

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str) -> Notebook:
        return cls(vault.create_notebook(Path(path), passphrase))

    @classmethod
    def open(cls, path: Path, passphrase: str | None = None,
             status: Status | None = None) -> Notebook:
        """With a passphrase, or else the key remembered in the keyring, or else
        RAPPORT_PASSPHRASE. Raises WrongPassphrase when none of them opens it. `status`
        hears of long steps (an upgrade of an older notebook: "backup", "upgrade", "index")."""
        path = Path(path)
        if passphrase:
            return cls(vault.open_with_passphrase(path, passphrase, status))
        key = vault.remembered_key(path)
        if key is not None:
            try:
                return cls(vault.open_with_key(path, key, status))
            except WrongPassphrase:
                pass  # a stale keyring entry (the passphrase changed elsewhere): ask instead
        env = vault.passphrase_from_env()
        if env:
            return cls(vault.open_with_passphrase(path, env, status))
        raise WrongPassphrase(str(path))

    @classmethod
    def open_with_key(cls, path: Path, key: bytes, status: Status | None = None) -> Notebook:
        return cls(vault.open_with_key(Path(path), key, status))

    # --- the file and its key -----------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def is_open(self) -> bool:
        return bool(self._db.key)

    def _database(self) -> Database:
        if not self.is_open:
            raise NotebookLocked()
        return self._db

    def close(self) -> None:
        """Lock: drop every connection and forget the key."""
        self.agenda.forget()
        self._db.close()

    def change_passphrase(self, old: str, new: str) -> Path:
        return vault.change_passphrase(self._database(), old, new)

    def remember_key(self) -> str:
        return vault.remember(self._database())

    def forget_key(self) -> bool:
        return vault.forget(self.path)

    def backup_into(self, target: Path) -> Path:
        return self._database().backup_into(Path(target))

    def __enter__(self) -> Notebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
