"""Files Rapport writes outside the notebook (exports, backups): owner-only, and complete
or not there at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.config import create_private_file


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable. Not possible (nor needed) on every platform."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def replace_atomically(path: Path) -> Iterator[Path]:
    """A new, empty, owner-only (0600) file beside `path` for the block to fill. When the
    block ends it is synced to disk and renamed over `path` in one step; if the block
    raises (an error, a cancel) it is removed and `path` is left exactly as it was."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    create_private_file(temp)
    try:
        yield temp
        fsync(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):  # if the copy was opened to check it
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_text_atomically(path: Path, chunks: Iterable[str], encoding: str = "utf-8") -> None:
    """Write text chunks to path through replace_atomically: a crash or a cancel midway never
    leaves a half-written file under the chosen name."""
    with replace_atomically(Path(path)) as temp, open(temp, "w", encoding=encoding,
                                                      newline="") as out:
        for chunk in chunks:
            out.write(chunk)
