"""Import and export speed: 10,000 and 100,000 generated contacts, against vobject.

    python bench/interchange.py [--people 10000 100000] [--rounds 3] [--no-vobject] [--rich]

For each size: writes the people as a vCard 3.0 file with our writer, parses it with our
reader and with vobject (a bench-only dependency: pip install vobject), imports it into a
fresh notebook end to end (read, match, write in one transaction), imports it again (nobody
may be added), and exports the notebook as vCard and as Google CSV. Prints medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain import ContactKind  # noqa: E402
from app.interchange import formats  # noqa: E402
from app.interchange.record import (  # noqa: E402
    ContactRecord,
    ImportedAddress,
    ImportedContact,
    ImportedFact,
    ImportedJob,
)
from app.interchange.vcard import read_vcards, write_vcards  # noqa: E402
from app.notebook import Notebook  # noqa: E402
from bench.generate import CITIES, generate  # noqa: E402

PASSPHRASE = "benchmark passphrase"


def generated_records(count: int, rich: bool = False) -> list[ContactRecord]:
    """Contacts as a phone or an old CRM exports them: names, two phones, an email, a job,
    an address, a birthday (often without the year), a note and a label. `rich` adds what
    only Rapport knows (hometown, stage, a past job, three facts), as in its own exports."""
    people, _ = generate(count)
    records = []
    for n, person in enumerate(people):
        d = person.draft
        _, email = (c.value for c in person.contacts)
        past, current = person.jobs
        record = ContactRecord(
            given_name=d.given_name, family_name=d.family_name, birthday=d.birthday,
            notes=d.notes, uid=str(uuid.UUID(int=n + 1)) if n % 2 else "",
            contacts=[ImportedContact(ContactKind.PHONE, f"+44 7700 {n:06d}", "mobile"),
                      ImportedContact(ContactKind.PHONE,
                                      f"+1 212 {n // 10000 + 200} {n % 10000:04d}", "work"),
                      ImportedContact(ContactKind.EMAIL, email, "work")],
            addresses=[ImportedAddress("work", f"{n % 200 + 1} High Street",
                                       CITIES[n % len(CITIES)], "", f"N{n % 90 + 1} 1AA", "GB")],
            jobs=[ImportedJob(current.organization, current.title)], tags=list(person.tags))
        if rich:
            record.hometown, record.stage = d.hometown, d.stage.value if d.stage else ""
            record.jobs = [ImportedJob(j.organization, j.title, "", j.start, j.end)
                           for j in person.jobs]
            record.facts = [ImportedFact(category, text) for category, text in person.facts]
        records.append(record)
    return records


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_of(rounds: int, fn) -> tuple[float, object]:
    """The median time and the last result. Each round runs without the results of the
    rounds before it alive: five parsed copies of 100,000 contacts made later rounds (and
    the imports after them) slower than a user's one import."""
    times, result = [], None
    for _ in range(rounds):
        result = None
        seconds, result = timed(fn)
        times.append(seconds)
    return statistics.median(times), result


def line(what: str, seconds: float, count: int) -> None:
    print(f"  {what:<44} {seconds:7.2f} s  {count / seconds:>9,.0f} contacts/s", flush=True)


def import_file(path: Path, notebook: Path) -> tuple[int, int]:
    with Notebook.open(notebook, PASSPHRASE) as nb:
        parsed = formats.read_contacts(path)
        report = nb.importer.apply(nb.importer.plan(parsed, str(path)), backup=False)
        return len(report.added), len(report.merged)


def bench(count: int, rounds: int, with_vobject: bool, folder: Path, rich: bool) -> None:
    kind = "rich Rapport cards" if rich else "contacts"
    print(f"{count:,} {kind} (medians of {rounds})")
    records = generated_records(count, rich)
    vcf = folder / f"contacts-{count}.vcf"
    seconds, _ = median_of(rounds, lambda people=records: vcf.write_text(
        "".join(write_vcards(people)), encoding="utf-8", newline=""))
    line("write vCard 3.0 (our writer)", seconds, count)
    print(f"  file size: {vcf.stat().st_size / 2**20:.1f} MiB")
    del records  # from here on, only what an import itself makes is alive
    data = vcf.read_bytes()
    ours, parsed = median_of(rounds, lambda: read_vcards(data, str(vcf)))
    assert len(parsed.records) == count, len(parsed.records)
    del parsed
    line("parse vCard (our reader)", ours, count)
    if with_vobject:
        import vobject

        theirs, cards = timed(lambda: sum(1 for _ in vobject.readComponents(
            data.decode("utf-8"), allowQP=True)))
        assert cards == count
        line("parse vCard (vobject 0.9.9, once)", theirs, count)
        print(f"  ours is {theirs / ours:.1f}x faster than vobject")

    def fresh_import():
        notebook = folder / f"nb-{count}-{time.monotonic_ns()}.rapport"
        Notebook.create(notebook, PASSPHRASE).close()
        added, _ = import_file(vcf, notebook)
        assert added == count, added
        return notebook

    seconds, notebook = median_of(rounds, fresh_import)
    line("import into an empty notebook (end to end)", seconds, count)
    seconds, (added, merged) = timed(lambda: import_file(vcf, notebook))
    line("import the same file again", seconds, count)
    print(f"  second import: {added} added, {merged:,} matched")
    with Notebook.open(notebook, PASSPHRASE) as nb:
        for fmt in ("vcard", "google-csv"):
            out = folder / f"export-{count}{formats.EXPORT_SUFFIXES[fmt]}"
            seconds, exported = median_of(rounds, lambda f=fmt, o=out: nb.exporter.export(o, f))
            line(f"export as {fmt}", seconds, exported)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-vobject", action="store_true")
    parser.add_argument("--rich", action="store_true",
                        help="cards with facts, past jobs, hometown and stage, as Rapport exports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as folder:
        for count in args.people:
            bench(count, args.rounds, not args.no_vobject, Path(folder), args.rich)


if __name__ == "__main__":
    main()
