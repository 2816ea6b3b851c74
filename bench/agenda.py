"""Agenda computation at 100,000 people: medians of SQL loading, computing, and the whole call.

    python bench/agenda.py [--people N] [--rounds R] [--days D] [--rebuild]

Builds (once, cached in bench/out/) the notebook bench/search.py uses (generated people with
birthdays, jobs, facts, tags and two interactions each), then adds what an agenda reads, in
bulk: keep-in-touch cadences on 5% of people and a "key account" tag (1%, every 30 days),
a call within about their cadence for 85% of them, 10,000 loved ones with birthdays, 20,000
important dates, 5,000 one-off reminders over the last 400 and next 200 days (nine in ten
past ones done or dismissed, a few snoozed) and 100 repeating ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from app.agenda import compute_agenda, local_now  # noqa: E402
from app.notebook import Notebook  # noqa: E402
from app.services.agenda import load  # noqa: E402
from bench.generate import GIVEN, build  # noqa: E402
from bench.interchange import timed  # noqa: E402

PASSPHRASE = "benchmark passphrase"
OUT = Path(__file__).parent / "out"
MARK = "agenda_bench_data_v3"


def naive_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def add_agenda_data(nb: Notebook, count: int, seed: int = 5) -> None:
    """What the agenda reads, inserted in one transaction (once per notebook)."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    ids = list(range(1, count + 1))
    with nb._db.transaction() as session:
        run = session.execute
        cadence = {i: rng.choice([14, 30, 30, 60, 90, 90, 180]) for i in rng.sample(ids, count // 20)}
        run(text("UPDATE people SET cadence_days = :d WHERE id = :id"),
            [{"id": i, "d": d} for i, d in cadence.items()])
        key_accounts = rng.sample(ids, count // 100)
        tag_id = run(text("INSERT INTO tags (name, name_key, cadence_days) "
                          "VALUES ('key account', 'key account', 30) RETURNING id")).scalar()
        run(text("INSERT OR IGNORE INTO person_tags (person_id, tag_id) VALUES (:p, :t)"),
            [{"p": p, "t": tag_id} for p in key_accounts])
        for p in key_accounts:
            cadence.setdefault(p, 30)
        # most people with a cadence were contacted within about their cadence
        recent = {p: now - dt.timedelta(days=rng.randint(0, int(d * 1.2)))
                  for p, d in cadence.items() if rng.random() < 0.85}
        first = session.execute(text("SELECT coalesce(max(id), 0) FROM interactions")).scalar()
        run(text("INSERT INTO interactions (id, occurred_at, kind, subject, notes, location, "
                 "created_at) VALUES (:id, :at, 'call', 'Catch-up', '', '', :at)"),
            [{"id": first + n + 1, "at": naive_utc(when)}
             for n, when in enumerate(recent.values())])
        run(text("INSERT INTO interaction_participants (interaction_id, person_id) "
                 "VALUES (:i, :p)"),
            [{"i": first + n + 1, "p": p} for n, p in enumerate(recent)])
        add_loved_ones(session, rng, ids, count // 10)
        run(text("INSERT INTO important_dates (person_id, label, year, month, day) "
                 "VALUES (:p, :label, :y, :m, :d)"),
            [{"p": rng.choice(ids), "label": rng.choice(["wedding anniversary",
                                                         "work anniversary", "name day"]),
              "y": rng.choice([None, rng.randint(1990, 2024)]), "m": rng.randint(1, 12),
              "d": rng.randint(1, 28)} for _ in range(count // 5)])
        add_reminders(session, rng, ids, now, count // 20, count // 1000)
        run(text(f"INSERT INTO settings (key, value) VALUES ('{MARK}', 'true')"))


def add_loved_ones(session, rng: random.Random, ids: list[int], count: int) -> None:
    first = session.execute(text("SELECT max(id) FROM people")).scalar() + 1
    rows, edges = [], []
    for n in range(count):
        light_id = first + n
        rows.append({"id": light_id, "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                     "g": rng.choice(GIVEN), "y": rng.choice([None, rng.randint(1950, 2022)]),
                     "m": rng.randint(1, 12), "d": rng.randint(1, 28)})
        kind, inverse = rng.choice([("child", "parent"), ("spouse", "spouse"),
                                    ("partner", "partner"), ("parent", "child")])
        contact = rng.choice(ids)
        edges += [{"p": contact, "o": light_id, "t": kind},
                  {"p": light_id, "o": contact, "t": inverse}]
    session.execute(text(
        "INSERT INTO people (id, uid, given_name, family_name, middle_name, prefix, suffix, "
        "nickname, display_name, sort_name, pronouns, birthday_year, birthday_month, "
        "birthday_day, hometown, how_we_met, notes, is_me, is_light, created_at, updated_at) "
        "VALUES (:id, :uid, :g, '', '', '', '', '', '', lower(:g), '', :y, :m, :d, '', '', '', "
        "0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"), rows)
    session.execute(text("INSERT OR IGNORE INTO relationships (person_id, other_id, type) "
                         "VALUES (:p, :o, :t)"), edges)


def add_reminders(session, rng: random.Random, ids: list[int], now: dt.datetime,
                  one_off: int, repeating: int) -> None:
    def due(days: int) -> str:
        return naive_utc(now + dt.timedelta(days=days, hours=rng.randint(0, 23)))

    rows = [{"p": rng.choice(ids), "k": rng.choice(["follow_up", "promise", "custom"]),
             "t": "Send the proposal", "due": due(rng.randint(-400, 200)), "r": ""}
            for _ in range(one_off)]
    rows += [{"p": rng.choice(ids), "k": "custom", "t": "Quarterly review",
              "due": due(rng.randint(-700, -1)),
              "r": rng.choice(["FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=3"])}
             for _ in range(repeating)]
    session.execute(text("INSERT INTO reminders (person_id, kind, title, due_at, rrule, notes, "
                         "created_at) VALUES (:p, :k, :t, :due, :r, '', :due)"), rows)
    # a year of use: nine in ten past reminders were done or dismissed, some are snoozed
    past = session.execute(text("SELECT id, due_at FROM reminders WHERE rrule = '' AND "
                                "due_at < :now"), {"now": naive_utc(now)}).all()
    states = [{"k": f"reminder:{rid}", "o": due_at, "u": None, "at": naive_utc(now),
               "s": rng.choice(["done", "done", "dismissed"])}
              for rid, due_at in past if rng.random() < 0.9]
    closed = {s["k"] for s in states}
    states += [{"k": f"reminder:{rid}", "o": due_at, "u": due(rng.randint(1, 10)),
                "at": naive_utc(now), "s": "snoozed"}
               for rid, due_at in rng.sample(past, len(past) // 50)
               if f"reminder:{rid}" not in closed]
    session.execute(text("INSERT INTO reminder_occurrences (reminder_key, occurrence, state, "
                         "snoozed_until, updated_at) VALUES (:k, :o, :s, :u, :at)"), states)


def notebook_for(people: int, rebuild: bool) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-{people}.rapport"
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        seconds = build(path, people, PASSPHRASE)
        print(f"built a notebook of {people:,} people in {seconds:.1f} s")
    with Notebook.open(path, PASSPHRASE) as nb:
        if not nb.settings.get(MARK):
            seconds, _ = timed(lambda: add_agenda_data(nb, people))
            print(f"added agenda data in {seconds:.1f} s")
    return path


def with_fewer_birthdays(base: Path, percent: int) -> Path:
    """A copy of the bench notebook in which only `percent` % of contacts have a birthday
    (the generator gives everyone one; an imported address book knows far fewer)."""
    path = base.with_name(f"{base.stem}-birthdays{percent}.rapport")
    if not path.exists():
        with Notebook.open(base, PASSPHRASE) as nb:
            nb.backup_into(path)
        with Notebook.open(path, PASSPHRASE) as nb, nb._db.transaction() as session:
            session.execute(text(
                "UPDATE people SET birthday_year = NULL, birthday_month = NULL, "
                "birthday_day = NULL WHERE is_light = 0 AND id % 100 >= :percent"),
                {"percent": percent})
    return path


def measure(rounds: int, fn, before=None) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU milliseconds of each round (CPU time is what this process spent:
    on a shared machine it moves much less than the wall clock). `before(round)` runs
    untimed first (a change committed, the kept agenda forgotten). The last round's result
    is dropped before the next round begins: kept alive, it made the next round slower, and
    freeing it fell inside the next round's time."""
    wall, cpu, result = [], [], None
    for n in range(rounds):
        result = None
        if before is not None:
            before(n)
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu, result


def first_after_opening(path: Path, rounds: int, now, days: int) -> tuple[list[float], list[float]]:
    """The first agenda of a notebook just opened (what unlocking does), each round opening
    it again: SQLCipher decrypts every page the agenda reads for the first time."""
    wall, cpu = [], []
    for _ in range(rounds):
        with Notebook.open(path, PASSPHRASE) as fresh:
            started, started_cpu = time.perf_counter(), time.process_time()
            fresh.agenda.agenda(now, days)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def toggle_a_reminder(nb: Notebook, item_id: str, n: int) -> None:
    """What a click on Done, then on Undo, does: one state row of a reminder."""
    (nb.agenda.done if n % 2 == 0 else nb.agenda.undo)(item_id)


def rename_a_person(nb: Notebook, n: int) -> None:
    with nb._db.transaction() as session:
        session.execute(text("UPDATE people SET nickname = :nick WHERE id = 1"),
                        {"nick": f"bench {n}"})


def shown_on_the_page(agenda, now):
    """show_agenda() of the window's agenda page, with the events it posts handled."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.agenda_view import AgendaView

    app = QApplication.instance() or QApplication([])
    view = AgendaView()
    view.resize(1000, 700)
    view.show()

    def show():
        view.show_agenda(agenda, now)
        app.processEvents()
    return show


def report(what: str, wall: list[float], cpu: list[float]) -> None:
    print(f"  {what:<40} {statistics.median(wall):7.1f} ms  [{min(wall):6.1f}-{max(wall):6.1f}]"
          f"   cpu {statistics.median(cpu):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--birthdays", type=int, default=100, metavar="PERCENT",
                        help="share of contacts with a birthday (the generator gives all one)")
    args = parser.parse_args()
    path = notebook_for(args.people, args.rebuild)
    if args.birthdays < 100:
        path = with_fewer_birthdays(path, args.birthdays)
    now = local_now()
    with Notebook.open(path, PASSPHRASE) as nb:
        nb.agenda.agenda(now, args.days)  # the first read fills SQLCipher's page cache

        def load_only():
            with nb._db.read() as session:
                return load(session, now, args.days)

        def forget(_round):
            # nothing kept: everything is made again, from pages SQLCipher has decrypted before
            # (as after a change of settings or of 500 people; unlocking also decrypts them)
            nb.agenda.forget()

        day = [now]

        def another_day(n: int):
            """The next day each round: the first agenda after midnight moves the items kept
            from the day before (freeing what leaves is part of its time)."""
            day[0] = now + dt.timedelta(days=n + 1)

        reminder = next(i.item_id for i in nb.agenda.agenda(now, args.days).items
                        if i.reminder_key.startswith("reminder:"))
        timings = []

        def timed_rounds(what: str, fn, before=None):
            """Measured; the result of the last round is returned, not kept in `timings`."""
            wall, cpu, result = measure(args.rounds, fn, before)
            timings.append((what, wall, cpu))
            return result

        def load_then_compute() -> str:
            """Measured apart; what was loaded is described, and not kept."""
            data = timed_rounds("load (SQL)", load_only)
            timed_rounds("compute (pure)", lambda: compute_agenda(data, now, days=args.days))
            return (f"{len(data.anniversaries):,} birthdays and dates, {len(data.cadences):,} "
                    f"keep-in-touch, {len(data.reminders):,} reminders, "
                    f"{len(data.states):,} states")

        loaded = load_then_compute()
        timings.append(("first agenda() of the file just opened",
                        *first_after_opening(path, args.rounds, now, args.days)))
        timed_rounds("agenda() from scratch (pages in memory)",
                              lambda: nb.agenda.agenda(now, args.days), forget)
        due = timed_rounds("count_due() from scratch (pages in memory)",
                           lambda: nb.agenda.count_due(now), forget)
        timed_rounds("first agenda() of a new day",
                     lambda: nb.agenda.agenda(day[0], args.days), another_day)
        nb.agenda.agenda(now, args.days)  # back to today, untimed
        timed_rounds("agenda() after a reminder is marked done",
                     lambda: nb.agenda.agenda(now, args.days),
                     lambda n: toggle_a_reminder(nb, reminder, n))
        timed_rounds("agenda() after a person is renamed",
                     lambda: nb.agenda.agenda(now, args.days), lambda n: rename_a_person(nb, n))
        timed_rounds("agenda() again, nothing changed", lambda: nb.agenda.agenda(now, args.days))
        agenda = nb.agenda.agenda(now, args.days)  # kept: free
        timed_rounds("the agenda page shows it (Qt, offscreen)", shown_on_the_page(agenda, now))
    print(f"{args.people:,} people ({args.birthdays}% with a birthday), {args.days} days ahead: "
          f"medians of {args.rounds} rounds "
          f"[min-max]; the machine is shared, so the wall clock is noisy")
    print(f"  loaded: {loaded}")
    print(f"  agenda: {len(agenda.items):,} items, {len(agenda.losing_touch):,} losing touch, "
          f"{due:,} due now")
    for what, wall, cpu in timings:
        report(what, wall, cpu)


if __name__ == "__main__":
    main()
