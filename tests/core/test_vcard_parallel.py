"""A big vCard file is read in two parts at once, the second by another process: the result
must be exactly what reading it in one go gives, errors and line numbers included."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from app.errors import Cancelled, ImportFailed
from app.interchange import vcard_parallel
from app.interchange.vcard import read_vcards

DATA = Path(__file__).parent.parent / "data" / "vcard"
BROKEN = {"begin_inside_card.vcf", "not_a_vcard.vcf", "truncated_no_end.vcf"}


@pytest.fixture
def small_files_in_two(monkeypatch):
    """Small files take the two-process way too (it is for files of 8 MB or more)."""
    monkeypatch.setattr(vcard_parallel, "PARALLEL_MIN_BYTES", 1)


def in_one_go(data: bytes, monkeypatch, **options):
    with monkeypatch.context() as m:
        m.setattr(vcard_parallel, "PARALLEL_MIN_BYTES", 2**62)
        return read_vcards(data, "contacts.vcf", **options)


def in_two(data: bytes, **options):
    assert vcard_parallel.cut_point(data) is not None  # else this would test nothing
    return read_vcards(data, "contacts.vcf", **options)


def every_fixture() -> bytes:
    return b"".join((DATA / p.name).read_bytes() for p in sorted(DATA.glob("*.vcf"))
                    if p.name not in BROKEN and not p.name.startswith("utf16"))


def generated(count: int, newline: str = "\r\n") -> bytes:
    cards = [newline.join(["BEGIN:VCARD", "VERSION:3.0", f"FN:Person {n}", f"N:{n};Person;;;",
                           f"TEL;TYPE=cell:+44 7700 {n:06d}", "END:VCARD", ""])
             for n in range(count)]
    return "".join(cards).encode()


@pytest.mark.usefixtures("small_files_in_two")
def test_every_quirk_reads_the_same_in_two_parts(monkeypatch):
    data = every_fixture() * 2
    two, one = in_two(data), in_one_go(data, monkeypatch)
    assert len(two.records) > 50
    assert two == one  # records with their line numbers, problems, encoding


@pytest.mark.usefixtures("small_files_in_two")
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_line_numbers_continue_across_the_cut(monkeypatch, newline):
    data = generated(40, newline).replace(b"FN:Person 30", b"not a property")
    two, one = in_two(data), in_one_go(data, monkeypatch)
    assert two == one
    assert [r.line for r in two.records][-3:] == [223, 229, 235]
    assert [p.line for p in two.problems] == [183]


@pytest.mark.usefixtures("small_files_in_two")
def test_text_outside_a_card_is_reported_once(monkeypatch):
    data = b"junk before\r\n" + generated(20).replace(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person 15",
                                                       b"stray\r\nBEGIN:VCARD\r\nVERSION:3.0\r\n"
                                                       b"FN:Person 15")
    two = in_two(data)
    assert two == in_one_go(data, monkeypatch)
    assert [p.message for p in two.problems] == ["text outside a card was skipped"]


@pytest.mark.usefixtures("small_files_in_two")
def test_a_broken_second_part_fails_as_reading_in_one_go_does(monkeypatch):
    data = generated(20) + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut short\r\n"
    with pytest.raises(ImportFailed) as one:
        in_one_go(data, monkeypatch)
    with pytest.raises(ImportFailed) as two:
        in_two(data)
    assert str(two.value) == str(one.value) == \
        "contacts.vcf, line 121: this card has no END:VCARD; the file is probably cut short"


@pytest.mark.usefixtures("small_files_in_two")
def test_an_error_in_the_first_part_comes_before_one_in_the_second(monkeypatch):
    data = (generated(20).replace(b"FN:Person 2\r\n", b"FN:Person 2\r\nBEGIN:VCARD\r\n") +
            b"BEGIN:VCARD\r\nFN:Cut short\r\n")
    with pytest.raises(ImportFailed, match="line 16: a new card begins here"):
        in_two(data)


@pytest.mark.usefixtures("small_files_in_two")
def test_when_the_second_process_fails_this_one_reads_its_part(monkeypatch):
    monkeypatch.setattr(vcard_parallel, "_command",
                        lambda: [sys.executable, "-c", "import sys; sys.exit(3)"])
    data = generated(30)
    assert in_two(data) == in_one_go(data, monkeypatch)


@pytest.mark.usefixtures("small_files_in_two")
def test_cancelling_stops_the_second_process(monkeypatch):
    started = []
    reader = vcard_parallel._Reader

    class SlowReader(reader):
        def __init__(self, *args):
            super().__init__(*args)
            started.append(self._process)

    monkeypatch.setattr(vcard_parallel, "_Reader", SlowReader)
    monkeypatch.setattr(vcard_parallel, "_command", lambda: [
        sys.executable, "-c", "import threading; threading.Event().wait()"])  # until killed
    asked = time.monotonic()
    with pytest.raises(Cancelled):
        in_two(generated(30), should_cancel=lambda: time.monotonic() - asked > 0.3)
    assert started[0].poll() is not None  # ended, not left running for a minute


def test_a_file_is_cut_only_between_two_cards():
    data = generated(10)
    assert vcard_parallel.cut_point(data) is None  # small files are read in one go
    cut = vcard_parallel.cut_point(generated(120_000))
    assert cut is not None
    assert generated(120_000)[cut - 11:cut + 11] == b"END:VCARD\r\nBEGIN:VCARD"


def test_the_second_reader_gets_no_passphrase(monkeypatch):
    monkeypatch.setenv("RAPPORT_PASSPHRASE", "secret one")
    monkeypatch.setenv("RAPPORT_NEW_PASSPHRASE", "secret two")
    environment = vcard_parallel._child_environment()
    assert "RAPPORT_PASSPHRASE" not in environment and "RAPPORT_NEW_PASSPHRASE" not in environment
    assert environment["PATH"]


def test_the_second_process_really_reads_its_part():
    """Not the fallback: the child's own Part comes back (the other tests would pass even if
    every child failed and this process read the second part itself)."""
    data = generated(30)
    cut = data.index(b"BEGIN:VCARD", len(data) // 2)
    first_line = vcard_parallel.line_breaks(data, cut) + 1
    child = vcard_parallel._Reader(data, cut, "contacts.vcf", None, first_line)
    try:
        part = child.result(None)
    finally:
        child.stop()
    assert part is not None
    assert part == vcard_parallel.read_part(data, "contacts.vcf", None, None, start=cut,
                                            first_line=first_line)
    assert part.records[0].line == first_line
