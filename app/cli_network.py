"""`rapport-cli` commands for the introductions ledger, the pipeline, duplicates and merge.

Registered by app.cli.build_parser(); they follow app.cli's patterns (open_notebook, resolve,
emit, one-line errors)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app import cli as base
from app.cli import UsageError, emit, open_notebook, parse_date, resolve
from app.domain import STAGE_TITLES, Introduction, IntroductionStatus, Stage
from app.errors import InvalidInput
from app.services.introductions import IntroductionView
from app.services.merge import FIELD_LABELS, Choice

STATUSES = [s.value for s in IntroductionStatus]


def intro_line(i: Introduction) -> str:
    who = i.introduced.name if i.introduced else "you"
    line = f"#{i.id} {i.connector.name} introduces {who} to {i.target.name}: " \
           f"{i.status.value.replace('_', ' ')}"
    if i.status_on:
        line += f" ({i.status_on})"
    if i.happened:
        line += f", thanked {i.thanked_on}" if i.thanked_on else ", not thanked yet"
    return line


def cmd_intro(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        intro = nb.introductions.record(
            resolve(nb, args.connector), resolve(nb, args.target), status=args.status,
            asked_on=parse_date(args.on) if args.on else None, notes=args.notes or "",
            introduced_id=resolve(nb, args.introduced) if args.introduced else None)
        reminders = [r for r in nb.reminders.list(person_id=intro.connector.id)
                     if r.introduction_id == intro.id]
    emit(args, intro, lambda: "\n".join([f"Recorded: {intro_line(intro)}"] + [
        f"Reminder {r.due_at.astimezone():%Y-%m-%d}: {r.title}" for r in reminders]))


def cmd_intro_status(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        intro = nb.introductions.set_status(args.id, args.status,
                                            parse_date(args.on) if args.on else None)
        due = [r for r in nb.reminders.list(person_id=intro.connector.id)
               if r.introduction_id == intro.id]
    emit(args, intro, lambda: "\n".join([intro_line(intro)] + [
        f"Reminder {r.due_at.astimezone():%Y-%m-%d}: {r.title}" for r in due]))


def cmd_thanked(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        intro = nb.introductions.mark_thanked(args.id, parse_date(args.on) if args.on else None)
    emit(args, intro, lambda: intro_line(intro))


def cmd_intros(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        if args.person:
            found = nb.introductions.for_person(resolve(nb, args.person))
        else:
            found = nb.introductions.listed(
                IntroductionView(args.view) if args.view else None,
                IntroductionStatus(args.status) if args.status else None)
    emit(args, found, lambda: "\n".join(intro_line(i) for i in found) or "No introductions.")


def cmd_pipeline(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        counts = nb.pipeline.counts()
        people = {stage: nb.pipeline.people(stage, limit=args.limit) for stage in counts.counts}
    value = {"prospect_target": counts.prospect_target,
             "stages": [{"stage": s.value, "count": n,
                         "people": [{"id": p.id, "name": p.name} for p in people[s].items]}
                        for s, n in counts.counts.items()]}

    def text() -> str:
        lines = []
        for stage, count in counts.counts.items():
            names = ", ".join(p.name for p in people[stage].items)
            more = f" and {count - len(people[stage].items)} more" \
                if count > len(people[stage].items) else ""
            lines.append(f"{STAGE_TITLES[stage]} ({count})" + (f": {names}{more}" if names else ""))
        if counts.prospects_short:
            lines.append(f"{counts.counts[Stage.PROSPECT]} prospects; your target is "
                         f"{counts.prospect_target}: add {counts.prospects_short} more.")
        return "\n".join(lines)
    emit(args, value, text)


def cmd_stage(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        if args.target is not None:
            nb.pipeline.set_prospect_target(args.target)
            print(f"Prospect target: {args.target or 'none'}.")
            return
        if not args.person or args.stage is None:
            raise UsageError("give PERSON and STAGE (or --target N)")
        person_id = resolve(nb, args.person)
        nb.pipeline.set_stage(person_id, args.stage or None)
        person, history = nb.people.get(person_id), nb.pipeline.history(person_id)
    emit(args, history, lambda: f"{person.name}: " + " -> ".join(
        STAGE_TITLES[h.to_stage] if h.to_stage else "no stage" for h in history[-3:]))


def cmd_duplicates(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        pairs = nb.duplicates.find(limit=args.limit)
    emit(args, pairs, lambda: "\n".join(
        f"#{p.first.id} {p.first.name}  ~  #{p.second.id} {p.second.name}  ({p.reason})"
        for p in pairs) or "No likely duplicates.")


def _choices(pairs: list[str]) -> dict[str, Choice]:
    choices = {}
    for pair in pairs or []:
        field, sep, choice = pair.partition("=")
        if not sep or field not in FIELD_LABELS or choice not in {c.value for c in Choice}:
            raise UsageError(f"--take wants FIELD=keep|other|both, e.g. hometown=other "
                             f"(fields: {', '.join(FIELD_LABELS)}); got '{pair}'")
        choices[field] = Choice(choice)
    return choices


def cmd_merge(args: argparse.Namespace, ask: Callable[[str], str] = input) -> None:
    choices = _choices(args.take)
    with open_notebook(args) as nb:
        keep, other = resolve(nb, args.keep), resolve(nb, args.other)
        keep_name, other_name = nb.people.get(keep).name, nb.people.get(other).name
        conflicts = nb.merge.conflicts(keep, other)
        for c in conflicts:
            chosen = choices.get(c.field, c.default)
            print(f"{c.label}: '{c.keep_value}' | '{c.other_value}' -> {chosen.value}")
        if not args.yes:
            if not base._interactive():
                raise InvalidInput("Nothing was merged: add --yes to merge without a question.")
            if ask(f"Merge #{other} {other_name} into #{keep} {keep_name}? [y/N] ").strip() \
                    .lower() not in ("y", "yes"):
                print("Nothing was merged.")
                return
        backup = nb.backups.backup_before("merge")
        merged = nb.merge.merge(keep, other, choices)
    emit(args, merged, lambda: f"Merged {other_name} into {merged.name} (#{merged.id}): "
         f"{len(merged.interactions)} interactions, {len(merged.contact_points)} contact "
         f"details. A backup from before the merge is at {backup}.")


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command("intro", cmd_intro, "record an introduction: rapport-cli intro Ana Ben "
                "(ask Ana to introduce you to Ben)", json_=True)
    p.add_argument("connector", help="who makes the introduction")
    p.add_argument("target", help="the person to meet")
    p.add_argument("--status", choices=STATUSES, default=IntroductionStatus.TO_ASK.value)
    p.add_argument("--on", help="YYYY-MM-DD the ask (or status) happened (today)")
    p.add_argument("--introduced", metavar="PERSON",
                   help="whom the connector introduces, when it is not you")
    p.add_argument("--notes")

    p = command("intro-status", cmd_intro_status, "change an introduction's status", json_=True)
    p.add_argument("id", type=int)
    p.add_argument("status", choices=STATUSES)
    p.add_argument("--on", help="YYYY-MM-DD (today)")

    p = command("thanked", cmd_thanked, "note that you thanked the connector", json_=True)
    p.add_argument("id", type=int)
    p.add_argument("--on", help="YYYY-MM-DD (today)")

    p = command("intros", cmd_intros, "list introductions", json_=True)
    p.add_argument("person", nargs="?", help="only this person's")
    p.add_argument("--view", choices=[v.value for v in IntroductionView])
    p.add_argument("--status", choices=STATUSES)

    p = command("pipeline", cmd_pipeline, "counts and people per pipeline stage", json_=True)
    p.add_argument("--limit", type=int, default=20, help="names per stage (20)")

    p = command("stage", cmd_stage, "move a person in the pipeline (or set the prospect "
                "target)", json_=True)
    p.add_argument("person", nargs="?")
    p.add_argument("stage", nargs="?", choices=[s.value for s in Stage] + [""])
    p.add_argument("--target", type=int, metavar="N",
                   help="nudge me when fewer than N prospects (0: no target)")

    p = command("duplicates", cmd_duplicates, "likely duplicates: same email or phone, or "
                "close names at the same company", json_=True)
    p.add_argument("--limit", type=int, default=200)

    p = command("merge", cmd_merge, "merge OTHER into KEEP, keeping everything of both "
                "(a backup is made first)", json_=True)
    p.add_argument("keep")
    p.add_argument("other")
    p.add_argument("--take", action="append", metavar="FIELD=CHOICE",
                   help="for a field both fill: keep, other, or both (notes); repeatable")
    p.add_argument("--yes", action="store_true", help="merge without asking")
