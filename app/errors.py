"""Typed errors. The core raises these; the UI and the CLI turn them into words."""


class RapportError(Exception):
    """Base of every error a user may see. str() is a one-line, human explanation."""


class WrongPassphrase(RapportError):
    def __init__(self, path: str = "") -> None:
        super().__init__(
            f"The passphrase does not open {path or 'this notebook'}. "
            "Check it (and Caps Lock) and try again."
        )
        self.path = path


class NotebookDamaged(RapportError):
    """The key is right but pages fail their integrity check."""


class NotebookReadOnly(RapportError):
    def __init__(self, path) -> None:
        super().__init__(
            f"{path} cannot be written: Rapport needs to write to the notebook file and to "
            "its folder (for its journal). Check their permissions; the notebook itself is fine.")


class NotANotebook(RapportError):
    pass


class NotebookExists(RapportError):
    pass


class NotebookMissing(RapportError):
    pass


class NotebookLocked(RapportError):
    def __init__(self) -> None:
        super().__init__("The notebook is locked. Unlock it first.")


class NewerNotebook(RapportError):
    """The file was written by a newer Rapport whose schema we do not know."""


class MigrationFailed(RapportError):
    pass


class KeyringUnavailable(RapportError):
    """No secure OS keyring; the passphrase must be typed."""


class NotFound(RapportError):
    pass


class Ambiguous(RapportError):
    def __init__(self, message: str, candidates: list) -> None:
        super().__init__(message)
        self.candidates = candidates


class InvalidInput(RapportError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Cancelled(RapportError):
    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")


class ImportFailed(RapportError):
    def __init__(self, file: str, line: int | None, reason: str) -> None:
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {reason}")
        self.file, self.line, self.reason = file, line, reason
