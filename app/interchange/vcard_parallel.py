"""Reading a big vCard file on two cores: this process reads the first part while a second
process reads the rest and sends its records back.

Reading is pure Python, so threads cannot share it out (the interpreter lock); a process
can. For 100,000 contacts it cut reading from 6.2 s to ~4.2 s (bench/interchange.py). The
second process gets the file's bytes through a pipe, never a temporary file, and exits when
done; a cancel or an error in the first part ends it.

The result is exactly what reading the whole file in one go gives: the file is cut only
between an END:VCARD line and the BEGIN:VCARD line after it, line numbers continue across
the cut, "text outside a card" is said once, and an error in the first part is raised
before one in the second. If the second process cannot start or fails, this process reads
the second part itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app import config
from app.collector import collector_paused
from app.errors import Cancelled, ImportFailed
from app.interchange import record as limits
from app.interchange.vcard_read import Part, read_part

log = logging.getLogger(__name__)

PARALLEL_MIN_BYTES = 8 * 2**20  # ~25,000 cards; below, starting a process does not pay
# The first part's share of the bytes: the second process also starts Python and pickles
# its records, and this one unpickles them (measured best at 100,000 contacts).
FIRST_SHARE = 0.6
_CUT = re.compile(rb"(?:\r\n|\n|\r)END:VCARD[ \t]*(\r\n|\n|\r)(?=BEGIN:VCARD[ \t]*(?:\r\n|\n|\r))",
                  re.I)
_BEGIN = re.compile(rb"begin", re.I)
_POLL_SECONDS = 0.05


def read_in_two(data: bytes, file: str, encoding: str | None,
                should_cancel: Callable[[], bool] | None) -> list[Part] | None:
    """The file's two parts, read at once; None when it is not worth it or the file has no
    place to cut it."""
    cut = cut_point(data)
    if cut is None:
        return None
    first_line = line_breaks(data, cut) + 1
    try:
        child = _Reader(data, cut, file, encoding, first_line)
    except OSError as error:  # no process could be started: read in one go
        log.warning("reading %s in one process: %s", file, error)
        return None
    try:
        first = read_part(data, file, encoding, should_cancel, end=cut)
        second = child.result(should_cancel)
    finally:
        child.stop()
    if second is None:
        second = read_part(data, file, encoding, should_cancel, start=cut, first_line=first_line)
    return [first, second]


def cut_point(data: bytes) -> int | None:
    """Where the second part begins: the start of a BEGIN:VCARD line that follows an
    END:VCARD line, near FIRST_SHARE of the file. None for a small file, or one whose cards
    could be more than the reader takes (the limit's message must name the right card)."""
    if len(data) < PARALLEL_MIN_BYTES or len(_BEGIN.findall(data)) > limits.MAX_RECORDS:
        return None
    found = _CUT.search(data, int(len(data) * FIRST_SHARE))
    return found.end() if found else None


def line_breaks(data: bytes, end: int) -> int:
    """Line breaks in data[:end], as bytes.splitlines() counts them (CRLF, LF, CR)."""
    return data.count(b"\n", 0, end) + data.count(b"\r", 0, end) - data.count(b"\r\n", 0, end)


class _Reader:
    """The second process, reading data[cut:]. It is started as `python -I -c ...` (in the
    bundle: the executable itself with READ_PART_ARGUMENT), not with multiprocessing, which
    would import the main module (the whole GUI) again in the child."""

    def __init__(self, data: bytes, cut: int, file: str, encoding: str | None,
                 first_line: int) -> None:
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            _command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_child_environment(),
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # no console on Windows
        self._reply: bytes = b""
        self._patience = 60 + len(data) / 2**20  # seconds: reading takes ~0.1 s a MB
        # The bytes go in, and the reply comes out, while this process reads its own part.
        job = pickle.dumps((file, encoding, cut, first_line, data), pickle.HIGHEST_PROTOCOL)
        self._sender = threading.Thread(target=self._send, args=(job,), daemon=True)
        self._receiver = threading.Thread(target=self._receive, daemon=True)
        self._sender.start()
        self._receiver.start()

    def _send(self, job: bytes) -> None:
        with contextlib.suppress(OSError):  # the process has gone: result() says so
            self._process.stdin.write(job)
            self._process.stdin.close()

    def _receive(self) -> None:
        with contextlib.suppress(OSError):
            self._reply = self._process.stdout.read()

    def result(self, should_cancel: Callable[[], bool] | None) -> Part | None:
        """The second part, or None if the process failed or took far longer than reading
        can (its part is then read here). Raises ImportFailed for a broken second part,
        Cancelled when asked to stop."""
        deadline = time.monotonic() + self._patience
        while self._receiver.is_alive():
            if should_cancel and should_cancel():
                raise Cancelled()
            if time.monotonic() > deadline:
                log.warning("the second vCard reader took over %.0f s; reading its part here",
                            self._patience)
                return None
            self._receiver.join(_POLL_SECONDS)
        if self._process.wait() != 0 or not self._reply:
            log.warning("the second vCard reader exited with %s", self._process.returncode)
            return None
        try:
            kind, *payload = pickle.loads(self._reply)
        except Exception as error:  # noqa: BLE001 - any garbled reply: read the part here
            log.warning("no result from the second vCard reader: %s", error)
            return None
        if kind == "failed":
            file, line, reason = payload
            raise ImportFailed(file, line, reason)
        return payload[0]

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()  # still reading after a cancel, an error here, or too long
        self._process.wait()
        self._sender.join()
        self._receiver.join()
        for pipe in (self._process.stdin, self._process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


READ_PART_ARGUMENT = "--read-vcard-part"  # the bundle's executables: packaging/entry_*.py
_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the `app` package


def _child_environment() -> dict[str, str]:
    """Ours, without the passphrases a script may have given the CLI: the reader needs none."""
    secret = {config.PASSPHRASE_ENV, config.NEW_PASSPHRASE_ENV}
    return {name: value for name, value in os.environ.items() if name not in secret}


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, READ_PART_ARGUMENT]
    code = (f"import sys; sys.path.insert(0, {str(_ROOT)!r}); "
            "from app.interchange.vcard_parallel import read_part_main; read_part_main()")
    return [sys.executable, "-I", "-c", code]


def read_part_main() -> None:
    """The second process: a pickled (file, encoding, cut, first_line, data) on stdin; the
    pickled Part (or the ImportFailed's file, line and reason) on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal: the parent ends it
    # A windowed executable on Windows has no sys.stdin/stdout objects, but has the pipes.
    source = sys.stdin.buffer if sys.stdin else os.fdopen(0, "rb")
    out = sys.stdout.buffer if sys.stdout else os.fdopen(1, "wb")
    sys.stdout = sys.stderr  # nothing else may write into the reply
    file, encoding, cut, first_line, data = pickle.load(source)
    with collector_paused():
        try:
            reply = ("read", read_part(data, file, encoding, None, start=cut,
                                       first_line=first_line))
        except ImportFailed as error:
            reply = ("failed", error.file, error.line, error.reason)
        out.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()
