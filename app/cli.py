"""`rapport-cli`: the notebook from a terminal or a script.

Exit status: 0 success, 1 a problem we can explain (one line on stderr), 2 a usage error.
The passphrase comes from RAPPORT_PASSPHRASE, the OS keyring (if remembered) or a prompt.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy.exc

from app import __version__, config, vault
from app.domain import (
    ContactKind,
    PartialDate,
    PeopleFilter,
    Person,
    PersonDraft,
    Stage,
)
from app.errors import Ambiguous, InvalidInput, NotFound, RapportError, WrongPassphrase
from app.notebook import Notebook
from app.services.people import NewContact
from app.store.engine import disable_core_dumps

NEW_PASSPHRASE_ENV = config.NEW_PASSPHRASE_ENV


class UsageError(Exception):
    pass


# --- values -------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"'{text}' is not a date; use YYYY-MM-DD.") from exc


def parse_when(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"'{text}' is not a date and time; use YYYY-MM-DD or "
                           "YYYY-MM-DDTHH:MM.") from exc
    return moment if moment.tzinfo else moment.astimezone()


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, PartialDate):
            return value.iso()
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple: an object
        return {name: to_jsonable(getattr(value, name)) for name in value._fields}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# --- opening the notebook -----------------------------------------------------------------


def notebook_path(args: argparse.Namespace) -> Path:
    return Path(args.notebook).expanduser() if args.notebook else config.default_notebook_path()


def _interactive() -> bool:
    return sys.stdin.isatty()


def open_notebook(args: argparse.Namespace) -> Notebook:
    path = notebook_path(args)
    if not path.exists():
        raise NotFound(f"There is no notebook at {path}. Create one with 'rapport-cli init'.")
    try:
        return Notebook.open(path)
    except WrongPassphrase:
        if vault.passphrase_from_env() or not _interactive():
            if not vault.passphrase_from_env():
                raise RapportError(
                    f"{path} needs its passphrase: set {config.PASSPHRASE_ENV} or run "
                    "'rapport-cli remember' once.") from None
            raise
    for _ in range(3):
        try:
            return Notebook.open(path, getpass.getpass(f"Passphrase for {path}: "))
        except WrongPassphrase as exc:
            print(exc, file=sys.stderr)
    raise WrongPassphrase(str(path))


def new_passphrase(env_name: str) -> str:
    value = os.environ.get(env_name)
    if value:
        return value
    if not _interactive():
        raise RapportError(f"Set {env_name} to the passphrase to use.")
    first = getpass.getpass("New passphrase: ")
    vault.check_new_passphrase(first)
    if getpass.getpass("Repeat it: ") != first:
        raise InvalidInput("The two passphrases differ; nothing was changed.")
    return first


# --- finding people -----------------------------------------------------------------------


def resolve(nb: Notebook, ref: str, *, trashed: bool = False) -> int:
    """A person by #id, uid, exact name, or an unambiguous search."""
    ref = ref.strip()
    if re.fullmatch(r"#?\d+", ref):
        person_id = int(ref.lstrip("#"))
        nb.people.get(person_id)
        return person_id
    if re.fullmatch(r"[0-9a-fA-F-]{32,36}", ref):
        try:
            return nb.people.get_by_uid(ref).id
        except NotFound:
            pass
    hits = nb.search.search(ref, limit=20, trashed=trashed)
    exact = [h.person for h in hits if h.person.name.casefold() == ref.casefold()]
    by_name = exact or [h.person for h in hits if h.matched_name] or [h.person for h in hits]
    if len(by_name) == 1:
        return by_name[0].id
    if not by_name:
        where = " in the trash" if trashed else ""
        raise NotFound(f"Nobody called '{ref}'{where}.")
    listed = "; ".join(f"#{p.id} {p.name}" + (f" ({p.company})" if p.company else "")
                       for p in by_name[:6])
    raise Ambiguous(f"'{ref}' could be {len(by_name)} people: {listed}. Use #id.", by_name)


# --- printing a person --------------------------------------------------------------------


def describe(p: Person) -> str:
    lines = [p.name + (f" ({p.pronouns})" if p.pronouns else "") + f"  #{p.id}"]
    for job in p.current_jobs:
        lines.append("  " + " at ".join(x for x in (job.title, job.organization.name) if x))
    simple = [
        ("Nickname", p.nickname), ("Birthday", p.birthday), ("From", p.hometown),
        ("How we met", p.how_we_met), ("Met on", p.met_on),
        ("Introduced by", p.introduced_by.name if p.introduced_by else ""),
        ("Stage", p.stage.value if p.stage else ""),
        ("Keep in touch", f"every {p.cadence_days} days" if p.cadence_days else ""),
        ("Last contacted", p.last_contacted.astimezone().strftime("%Y-%m-%d %H:%M")
         if p.last_contacted else ""),
        ("Tags", ", ".join(p.tags)), ("In trash since", p.trashed_at),
    ]
    lines += [f"{label}: {value}" for label, value in simple if value]
    for c in p.contact_points:
        lines.append(f"{c.kind.value}: {c.value}" + (f" ({c.label})" if c.label else ""))
    lines += [f"address: {a.one_line()}" for a in p.addresses]
    lines += [f"{d.label}: {d.date}" for d in p.important_dates]
    for f in p.facts:
        lines.append(f"{f.category}: {f.text}  [{f.noted_on}]")
    for r in p.relationships:
        lines.append(f"{r.type}: {r.other.name}" + (" (light entry)" if r.other.is_light else ""))
    for job in p.employments:
        if not job.is_current:
            lines.append(f"was {job.title or 'at'} {job.organization.name} "
                         f"({job.start or '?'} – {job.end})")
    for i in p.interactions[:10]:
        others = ", ".join(x.name for x in i.participants if x.id != p.id)
        when = i.occurred_at.astimezone().strftime("%Y-%m-%d")
        lines.append(f"{when} {i.kind}: {i.subject}" + (f" (with {others})" if others else ""))
    for r in p.reminders:
        if not r.is_closed:
            lines.append(f"reminder #{r.id} {r.due_at.astimezone():%Y-%m-%d}: {r.title}")
    lines += [f"{c.name}: {c.value}" for c in p.custom_fields]
    if p.notes:
        lines.append("Notes: " + p.notes)
    return "\n".join(str(line) for line in lines)


def emit(args: argparse.Namespace, value: Any, text: Callable[[], str]) -> None:
    if getattr(args, "json", False):
        print_json(value)
    else:
        print(text())


# --- commands -----------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> None:
    path = notebook_path(args)
    if args.remember and not vault.keyring_status().usable:
        raise RapportError(f"Cannot remember the key: {vault.keyring_status().reason} "
                           "Run init without --remember; the passphrase will be asked for.")
    passphrase = new_passphrase(config.PASSPHRASE_ENV)
    with Notebook.create(path, passphrase) as nb:
        print(f"Created {path}.")
        if args.remember:
            print(f"The key is remembered in {nb.remember_key()}.")


def _draft_fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in ("given_name", "family_name", "middle_name", "prefix", "suffix", "nickname",
                 "display_name", "pronouns", "hometown", "how_we_met", "notes"):
        value = getattr(args, name, None)
        if value is not None:
            fields[name] = value
    if args.birthday is not None:
        fields["birthday"] = PartialDate.parse(args.birthday) if args.birthday else None
    if args.met_on is not None:
        fields["met_on"] = parse_date(args.met_on) if args.met_on else None
    if args.stage is not None:
        fields["stage"] = args.stage or None
    if args.cadence is not None:
        fields["cadence_days"] = args.cadence or None
    if args.me:
        fields["is_me"] = True
    return fields


def _new_contacts(args: argparse.Namespace) -> list[NewContact]:
    return ([NewContact(ContactKind.PHONE, v) for v in args.phone or ()]
            + [NewContact(ContactKind.EMAIL, v) for v in args.email or ()]
            + [NewContact(ContactKind.URL, v) for v in args.url or ()])


def cmd_add(args: argparse.Namespace) -> None:
    fields = _draft_fields(args)
    if args.name:
        given, _, family = args.name.strip().partition(" ")
        fields.setdefault("given_name", given)
        fields.setdefault("family_name", family.strip())
    with open_notebook(args) as nb:
        if args.introduced_by:
            fields["introduced_by_id"] = resolve(nb, args.introduced_by)
        if args.light:
            fields["is_light"] = True
        person = nb.people.create(PersonDraft(**fields), contacts=_new_contacts(args),
                                  company=args.company or "", title=args.title or "",
                                  tags=args.tag or ())
        emit(args, person, lambda: f"Added {person.name} (#{person.id}).")


def cmd_edit(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person)
        fields = _draft_fields(args)
        if args.introduced_by is not None:
            fields["introduced_by_id"] = resolve(nb, args.introduced_by) if args.introduced_by \
                else None
        person = nb.people.update(person_id, add_contacts=_new_contacts(args),
                                  add_company=args.company or "", add_title=args.title or "",
                                  add_tags=args.tag or (), **fields)
        emit(args, person, lambda: describe(person))


def cmd_show(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        person = nb.people.get(resolve(nb, args.person, trashed=args.trashed))
        emit(args, person, lambda: describe(person))


def _summary_line(s) -> str:
    job = " at ".join(x for x in (s.title, s.company) if x)
    last = f"  last: {s.last_contacted.astimezone():%Y-%m-%d}" if s.last_contacted else ""
    return f"#{s.id:<6} {s.name}" + (f" — {job}" if job else "") + last


def cmd_list(args: argparse.Namespace) -> None:
    filters = PeopleFilter(tag=args.tag, stage=Stage(args.stage) if args.stage else None,
                           company=args.company, city=args.city, include_light=args.light,
                           archived=args.archived, trashed=args.trashed)
    with open_notebook(args) as nb:
        page = nb.people.list(filters, offset=args.offset, limit=args.limit)
    emit(args, {"total": page.total, "people": page.items},
         lambda: "\n".join([_summary_line(s) for s in page.items]
                           + [f"({len(page.items)} of {page.total})"]))


def cmd_search(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        hits = nb.search.search(args.query, limit=args.limit, trashed=args.trashed)
    emit(args, [h.person for h in hits],
         lambda: "\n".join(_summary_line(h.person) for h in hits) or "Nobody found.")


def cmd_log(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        people = [resolve(nb, ref) for ref in args.people]
        interaction = nb.interactions.log(
            args.kind, people, when=parse_when(args.when) if args.when else None,
            subject=args.subject or "", notes=args.notes or "", location=args.location or "",
            follow_up_on=parse_date(args.follow_up) if args.follow_up else None)
    names = ", ".join(p.name for p in interaction.participants)
    emit(args, interaction, lambda: f"Logged {interaction.kind} with {names}"
         + (f"; follow-up on {args.follow_up}." if args.follow_up else "."))


def cmd_fact(args: argparse.Namespace) -> None:
    text = " ".join(args.text)
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person)
        fact = (nb.facts.add(person_id, args.category, text) if args.category
                else nb.facts.quick_add(person_id, text))
    emit(args, fact, lambda: f"Noted ({fact.category}): {fact.text}")


def cmd_relate(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person)
        if args.light:
            birthday = PartialDate.parse(args.birthday) if args.birthday else None
            rel = nb.relationships.add_loved_one(person_id, args.type, args.other, birthday)
        else:
            rel = nb.relationships.relate(person_id, resolve(nb, args.other), args.type)
        person = nb.people.get(person_id)
    emit(args, rel, lambda: f"{rel.other.name} is {person.name}'s {rel.type}.")


def cmd_job(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person)
        start = parse_date(args.start) if args.start else None
        reports_to = resolve(nb, args.reports_to) if args.reports_to else None
        if args.change and args.end:
            raise UsageError("--change starts a current job; --end is for a past job")
        if args.change:
            job = nb.careers.change_job(person_id, args.company, title=args.title or "",
                                        department=args.department or "", start=start,
                                        reports_to_id=reports_to,
                                        congratulate_on=parse_date(args.congratulate)
                                        if args.congratulate else None)
        else:
            if args.congratulate:
                raise UsageError("--congratulate goes with --change")
            job = nb.careers.add_job(person_id, args.company, title=args.title or "",
                                     department=args.department or "", start=start,
                                     end=parse_date(args.end) if args.end else None,
                                     reports_to_id=reports_to)
    emit(args, job, lambda: "Recorded: " + " at ".join(
        x for x in (job.title, job.organization.name) if x)
        + (f" from {job.start}" if job.start else ""))


def cmd_brief(args: argparse.Namespace) -> None:
    from app.services.brief import brief_text

    today = parse_date(args.date) if args.date else dt.date.today()
    with open_notebook(args) as nb:
        briefs = nb.brief.build([resolve(nb, ref) for ref in args.people], today=today)
    if args.pdf:
        path = _write_brief_pdf(briefs, today, Path(args.pdf))
        print(f"Wrote the brief on {', '.join(b.name for b in briefs)} to {path}.")
        print(f"rapport-cli: {path} is NOT encrypted: anyone who gets the file can read it.",
              file=sys.stderr)
        return
    emit(args, [dataclasses.replace(b, photo=None) for b in briefs],  # no bytes in JSON
         lambda: "\n\n".join(brief_text(b, today) for b in briefs))


def _write_brief_pdf(briefs, today: dt.date, path: Path) -> Path:
    """Qt lays out and writes the PDF; only this command needs it, so it is imported here."""
    try:
        from ui.brief_pdf import ensure_gui_application, write_pdf
    except ImportError as exc:
        raise RapportError(f"Writing a PDF needs Qt (PySide6), which is not available here "
                           f"({exc}). Without --pdf the brief is printed as text.") from exc
    ensure_gui_application()
    return write_pdf(briefs, today, path)


def cmd_connect(args: argparse.Namespace) -> None:
    from app.services.connections import Outcome

    with open_notebook(args) as nb:
        result = nb.connections.connect(resolve(nb, args.person))
    if result.outcome == Outcome.NO_ME:
        raise RapportError(result.message.replace(
            "choose People > This is me", "run 'rapport-cli edit YOUR NAME --me'"))
    emit(args, result, lambda: "\n".join([result.message]
                                         + [f"  {p.text()}" for p in result.paths]))


def cmd_company(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        page = nb.careers.company(nb.careers.organization(args.company).id)

    def line(member) -> str:
        job = member.job
        start = f"{job.start:%b %Y}" if job.start else "?"
        span = f"{start} – {job.end:%b %Y}" if job.end else f"since {start}" if job.start else ""
        return "  " + " — ".join(x for x in (member.person.name, job.title, span) if x)

    def chart(nodes, depth=1) -> list[str]:
        rows = []
        for node in nodes:
            rows.append("  " * depth + " — ".join(
                x for x in (node.member.person.name, node.member.job.title) if x))
            rows += chart(node.reports, depth + 1)
        return rows

    emit(args, page, lambda: "\n".join(
        [page.organization.name, f"Works there ({len(page.current)}):"]
        + [line(m) for m in page.current]
        + ([f"Worked there ({len(page.former)}):"] + [line(m) for m in page.former]
           if page.former else [])
        + (["Reporting lines:"] + chart(page.chart) if any(n.reports for n in page.chart)
           else [])))


def cmd_tag(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person)
        for tag in args.tags:
            (nb.tags.untag if args.remove else nb.tags.tag)(person_id, tag)
        person = nb.people.get(person_id)
    emit(args, list(person.tags), lambda: f"{person.name}: {', '.join(person.tags) or 'no tags'}")


def cmd_trash(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        if args.empty:
            count = nb.people.empty_trash()
            print(f"Deleted {count} people from the trash for good.")
            return
        if not args.person:
            raise UsageError("name the person to move to the trash (or use --empty)")
        if args.purge:
            person_id = resolve(nb, args.person, trashed=True)
            name = nb.people.get(person_id).name
            nb.people.purge(person_id)
            print(f"Deleted {name} for good.")
            return
        person_id = resolve(nb, args.person)
        nb.people.trash(person_id)
        name = nb.people.get(person_id).name
    print(f"Moved {name} to the trash. 'rapport-cli restore \"{name}\"' brings them back.")


def cmd_restore(args: argparse.Namespace) -> None:
    """A person from the trash, or the whole notebook from a backup file."""
    if Path(args.person).expanduser().is_file():
        cmd_restore_backup(args)
        return
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person, trashed=True)
        nb.people.restore(person_id)
        name = nb.people.get(person_id).name
    print(f"Restored {name}.")


def cmd_passwd(args: argparse.Namespace) -> None:
    path = notebook_path(args)
    if not path.exists():
        raise NotFound(f"There is no notebook at {path}.")
    old = vault.passphrase_from_env() or (
        getpass.getpass("Current passphrase: ") if _interactive() else "")
    if not old:
        raise RapportError(f"Set {config.PASSPHRASE_ENV} to the current passphrase.")
    with Notebook.open(path, old) as nb:
        new = new_passphrase(NEW_PASSPHRASE_ENV)
        backup = nb.change_passphrase(old, new)
    print(f"Passphrase changed. The copy from before is at {backup} (it keeps the old one).")


def cmd_region(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        if args.code:
            nb.settings.set("default_region", args.code)
        region = nb.settings.default_region()
    print(f"Phone numbers without a country code are read as {region or 'unknown: add +code'}.")


def cmd_remember(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        print(f"The key of {nb.path} is now remembered in {nb.remember_key()}.")


def cmd_forget(args: argparse.Namespace) -> None:
    path = notebook_path(args)
    if not path.exists():
        raise NotFound(f"There is no notebook at {path}.")
    if vault.forget(path):
        print("Forgotten: the passphrase will be asked for from now on.")
    else:
        print("No key was remembered for this notebook.")


# --- interchange and backups -------------------------------------------------------------


def _column_mapping(pairs: Sequence[str] | None) -> dict[str, str] | None:
    from app.interchange.csv_contacts import FIELDS

    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        if not sep or target not in FIELDS:
            raise UsageError(f"--map takes 'Column header=FIELD' with FIELD one of "
                             f"{', '.join(FIELDS)}; got '{pair}'")
        mapping[header] = target
    return mapping


def _progress_printer(what: str) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{what}: {done:,} of {total:,}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)
    return show


def _problem_lines(file: str, problems) -> list[str]:
    return [f"  {file}, line {p.line}: {p.message}" if p.line else f"  {file}: {p.message}"
            for p in problems]


def _plan_lines(plan) -> list[str]:
    from app.services.importer import Match

    lines = []
    for item in plan.items:
        if item.match == Match.NEW:
            continue
        target = f" #{item.existing_id} {item.existing_name}" if item.existing_id else ""
        lines.append(f"  line {item.record.line}: {item.record.name()} — {item.reason}"
                     f" -> {item.action.value}{target}")
    return lines


def cmd_import(args: argparse.Namespace) -> None:
    from app.interchange import formats
    from app.services.importer import Action, Match, company_summary

    path = Path(args.file).expanduser()
    fmt = args.format if args.format != "auto" else formats.detect_format(formats.read_head(path))
    with open_notebook(args) as nb:
        if fmt == "json":
            if args.dry_run:
                raise UsageError("--dry-run does not apply to restoring a complete export")
            counts = nb.archive.restore_all(path, progress=_progress_printer("Restoring"))
            emit(args, counts, lambda: f"Restored {counts.get('people', 0):,} people and "
                                       f"everything about them from {path}.")
            return
        parsed = formats.read_contacts(path, fmt, encoding=args.encoding,
                                       mapping=_column_mapping(args.map))
        plan = nb.importer.plan(parsed, str(path))
        for item in plan.items:
            if item.match == Match.POSSIBLE and item.action != Action.SKIP:
                item.action = Action(args.duplicates)
        summary = (f"{path} ({formats.IMPORT_FORMATS.get(parsed.format, parsed.format)}, "
                   f"{parsed.encoding}): {plan.count(Match.NEW):,} new, "
                   f"{plan.count(Match.SAME):,} already in the notebook, "
                   f"{plan.count(Match.POSSIBLE):,} possible duplicates")
        companies = company_summary([c.name for c in plan.companies])
        if companies:
            summary += f", {companies}"
        if args.dry_run:
            emit(args, {"summary": summary, "items": [
                     {"line": i.record.line, "name": i.record.name(), "match": i.match,
                      "action": i.action, "existing_id": i.existing_id, "reason": i.reason}
                     for i in plan.items], "problems": plan.problems},
                 lambda: "\n".join([summary + ". Nothing was written (--dry-run)."]
                                   + _plan_lines(plan) + _problem_lines(path.name, plan.problems)))
            return
        report = nb.importer.apply(plan, progress=_progress_printer("Importing"))
    emit(args, report, lambda: "\n".join(
        [summary + ".",
         f"Added {len(report.added):,} people, merged into {len(report.merged):,}, "
         f"skipped {report.skipped:,}; {report.loved_ones:,} loved ones added."]
        + ([f"The notebook as it was before is backed up at {report.backup}."]
           if report.backup else [])
        + _problem_lines(path.name, report.problems)))


def cmd_export(args: argparse.Namespace) -> None:
    path = Path(args.file).expanduser()
    with open_notebook(args) as nb:
        ids = [resolve(nb, ref) for ref in args.person] if args.person else None
        if args.tag:
            page = nb.people.list(PeopleFilter(tag=args.tag), limit=10**9)
            ids = (ids or []) + [s.id for s in page.items]
        if args.format == "json":
            if ids is not None:
                raise UsageError("the complete export always holds everyone; "
                                 "drop --person and --tag")
            counts = nb.archive.export_all(path, progress=_progress_printer("Exporting"))
            count = counts.get("people", 0)
        else:
            count = nb.exporter.export(path, args.format, ids,
                                       progress=_progress_printer("Exporting"))
    print(f"Exported {count:,} people to {path}.")
    print(f"rapport-cli: {path} is NOT encrypted: anyone who gets the file can read it.",
          file=sys.stderr)


def cmd_backup(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        if args.folder:
            target = nb.backups.backup_now(Path(args.folder).expanduser())
        else:
            target = nb.backups.backup_manual()
    print(f"Backed up to {target} (encrypted with the notebook's passphrase).")


def cmd_restore_backup(args: argparse.Namespace) -> None:
    from app.services.backups import restore_backup

    path = notebook_path(args)
    backup = Path(args.person).expanduser()
    if not args.yes:
        if not _interactive():
            raise UsageError("restoring replaces the notebook: confirm with --yes")
        answer = input(f"Replace {path} with the backup {backup.name}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return
    passphrase = vault.passphrase_from_env() or (
        getpass.getpass(f"Passphrase of the backup {backup.name}: ") if _interactive() else "")
    if not passphrase:
        raise RapportError(f"Set {config.PASSPHRASE_ENV} to the backup's passphrase.")
    safety = restore_backup(backup, path, passphrase)
    print(f"Restored {path} from {backup}. The notebook as it was is kept at {safety}.")


# --- the parser ---------------------------------------------------------------------------


def _person_options(p: argparse.ArgumentParser, *, editing: bool) -> None:
    for flag, dest, help_ in [
        ("--given", "given_name", "given (first) name"), ("--family", "family_name", "family name"),
        ("--middle", "middle_name", None), ("--prefix", "prefix", None),
        ("--suffix", "suffix", None), ("--nickname", "nickname", None),
        ("--display-name", "display_name", "how the name is shown, if not the parts"),
        ("--pronouns", "pronouns", None), ("--hometown", "hometown", "where they are from"),
        ("--how-we-met", "how_we_met", None), ("--notes", "notes", None),
    ]:
        p.add_argument(flag, dest=dest, help=help_)
    p.add_argument("--birthday", help="YYYY-MM-DD, or MM-DD without the year")
    p.add_argument("--met-on", help="YYYY-MM-DD")
    p.add_argument("--introduced-by", metavar="PERSON")
    p.add_argument("--stage", choices=[s.value for s in Stage] + ([""] if editing else []))
    p.add_argument("--cadence", type=int, metavar="DAYS", help="keep in touch every DAYS days")
    p.add_argument("--me", action="store_true", help="this is my own card")
    p.add_argument("--phone", action="append", help="add a phone number (repeatable)")
    p.add_argument("--email", action="append", help="add an email address (repeatable)")
    p.add_argument("--url", action="append", help="add a website (repeatable)")
    p.add_argument("--company", help="add a current job at this company")
    p.add_argument("--title", help="job title, with --company")
    p.add_argument("--tag", action="append", help="add a tag (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rapport-cli", description="Rapport, the notebook for the people in your working life.",
        epilog=f"The passphrase is read from {config.PASSPHRASE_ENV} when set.")
    parser.add_argument("--version", action="version", version=f"rapport {__version__}")
    parser.add_argument("--notebook", metavar="PATH",
                        help=f"notebook file (default: {config.default_notebook_path()})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help_: str, *, json_: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        if json_:
            p.add_argument("--json", action="store_true", help="print JSON")
        return p

    p = command("init", cmd_init, "create a new notebook")
    p.add_argument("--remember", action="store_true", help="remember the key in the OS keyring")

    p = command("add", cmd_add, "add a person", json_=True)
    p.add_argument("name", nargs="?", help="'Given Family' (or use --given/--family)")
    p.add_argument("--light", action="store_true", help="a light entry (a loved one)")
    _person_options(p, editing=False)

    p = command("edit", cmd_edit, "change a person's details", json_=True)
    p.add_argument("person")
    _person_options(p, editing=True)

    p = command("show", cmd_show, "everything about a person", json_=True)
    p.add_argument("person")
    p.add_argument("--trashed", action="store_true", help="look in the trash")

    p = command("list", cmd_list, "list people", json_=True)
    p.add_argument("--tag")
    p.add_argument("--stage", choices=[s.value for s in Stage])
    p.add_argument("--company")
    p.add_argument("--city")
    p.add_argument("--light", action="store_true", help="include light entries")
    p.add_argument("--archived", action="store_true")
    p.add_argument("--trashed", action="store_true", help="list the trash")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int, default=200)

    p = command("search", cmd_search, "find people by anything you know about them", json_=True)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--trashed", action="store_true", help="search the trash")

    p = command("log", cmd_log, "log an interaction", json_=True)
    p.add_argument("people", nargs="+", metavar="PERSON")
    p.add_argument("--kind", default="meeting", help="meeting, call, email, meal ... (meeting)")
    p.add_argument("--when", help="YYYY-MM-DD[THH:MM] (now)")
    p.add_argument("--subject")
    p.add_argument("--notes")
    p.add_argument("--location")
    p.add_argument("--follow-up", metavar="DATE", help="create a follow-up reminder on DATE")

    p = command("fact", cmd_fact, "note a fact: rapport-cli fact Ana 'likes: single malt'",
                json_=True)
    p.add_argument("person")
    p.add_argument("text", nargs="+")
    p.add_argument("--category", help="category (otherwise taken from 'category: text')")

    p = command("relate", cmd_relate, "relate two people: rapport-cli relate Ana spouse Ben",
                json_=True)
    p.add_argument("person")
    p.add_argument("type", help="spouse, child, parent, manager, assistant, friend ...")
    p.add_argument("other", help="the other person (a new light entry with --light)")
    p.add_argument("--light", action="store_true", help="create OTHER as a light entry")
    p.add_argument("--birthday", help="the light entry's birthday")

    p = command("job", cmd_job, "record a job (--change closes the current one)", json_=True)
    p.add_argument("person")
    p.add_argument("company")
    p.add_argument("--title")
    p.add_argument("--department")
    p.add_argument("--start", help="YYYY-MM-DD")
    p.add_argument("--end", help="YYYY-MM-DD (a past job)")
    p.add_argument("--reports-to", metavar="PERSON")
    p.add_argument("--change", action="store_true", help="a job change: end the current job")
    p.add_argument("--congratulate", metavar="DATE",
                   help="with --change: a reminder to congratulate them on DATE")

    p = command("brief", cmd_brief, "a meeting brief: one page per attendee (--pdf to save "
                "it as a PDF)", json_=True)
    p.add_argument("people", nargs="+", metavar="NAME")
    p.add_argument("--pdf", metavar="FILE", help="write the brief as a PDF file")
    p.add_argument("--date", help="the meeting's date, YYYY-MM-DD (today)")

    p = command("connect", cmd_connect, "how you are connected to someone: the shortest "
                "chains of people from your own card (edit --me)", json_=True)
    p.add_argument("person")

    p = command("company", cmd_company, "whom you know at a company: current and former "
                "staff, and reporting lines", json_=True)
    p.add_argument("company")

    p = command("tag", cmd_tag, "tag a person", json_=True)
    p.add_argument("person")
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--remove", action="store_true")

    p = command("trash", cmd_trash, "move a person to the trash (or purge it)")
    p.add_argument("person", nargs="?")
    p.add_argument("--purge", action="store_true", help="delete a trashed person for good")
    p.add_argument("--empty", action="store_true", help="delete everyone in the trash for good")

    p = command("restore", cmd_restore, "bring a person back from the trash, or the whole "
                "notebook from a backup file (the current one is kept aside)")
    p.add_argument("person", metavar="PERSON|BACKUP")
    p.add_argument("--yes", action="store_true", help="restore a backup without asking")

    command("passwd", cmd_passwd,
            f"change the passphrase (the new one from {NEW_PASSPHRASE_ENV} or a prompt)")
    p = command("region", cmd_region,
                "show or set the default region for phone numbers without a country code")
    p.add_argument("code", nargs="?", help="a region code such as GB, US or PT")
    p = command("import", cmd_import, "import contacts: vCard, Google or Outlook CSV, any CSV, "
                "or restore a complete export", json_=True)
    p.add_argument("file")
    p.add_argument("--format", default="auto",
                   choices=["auto", "vcard", "google-csv", "outlook-csv", "csv", "json"])
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be added and merged; write nothing")
    p.add_argument("--encoding", help="the file's code page when it is not UTF-8 (e.g. cp1252)")
    p.add_argument("--map", action="append", metavar="'HEADER=FIELD'",
                   help="what a CSV column holds (repeatable); --dry-run shows the guess")
    p.add_argument("--duplicates", choices=["add", "merge", "skip"], default="add",
                   help="what to do with possible duplicates (default: add them separately)")

    p = command("export", cmd_export, "export people (everyone unless --person or --tag)")
    p.add_argument("file")
    p.add_argument("--format", required=True, choices=["vcard", "vcard4", "google-csv", "json"],
                   help="vcard (3.0), vcard4, google-csv, or json: the complete export")
    p.add_argument("--person", action="append", metavar="PERSON", help="only this person (repeatable)")
    p.add_argument("--tag", help="only people with this tag")

    p = command("backup", cmd_backup, "make an encrypted backup (into the backups folder, or DIR)")
    p.add_argument("folder", nargs="?", metavar="DIR")
    command("remember", cmd_remember, "remember the key in the OS keyring")
    command("forget", cmd_forget, "forget the key stored in the OS keyring")
    from app.cli_network import add_commands  # imports this module
    add_commands(command)
    from app.cli_agenda import add_agenda_commands  # it imports this module's helpers
    add_agenda_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    disable_core_dumps()
    try:
        args.func(args)
    except UsageError as exc:
        parser.error(str(exc))
    except RapportError as exc:
        print(f"rapport-cli: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rapport-cli: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except sqlalchemy.exc.DatabaseError as exc:
        print(f"rapport-cli: the notebook could not be read ({exc.orig}). It may be damaged: "
              "restore a copy from its backups folder.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `rapport-cli show --json | head`: the reader had enough
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"rapport-cli: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
