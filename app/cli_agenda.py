"""`rapport-cli agenda`, `remind`, `done`, `snooze`, `dismiss` and `undo`."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from app.agenda import Agenda, AgendaItem, Bucket, local_now
from app.cli import emit, open_notebook, parse_when, resolve
from app.domain import ReminderKind
from app.notebook import Notebook

HEADINGS = {Bucket.OVERDUE: "Overdue", Bucket.TODAY: "Today", Bucket.WEEK: "Next 7 days",
            Bucket.MONTH: "Next 30 days"}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def moment(nb: Notebook, text: str) -> dt.datetime:
    """A date and time as parse_when takes it; a bare date means the agenda's hour (09:00)."""
    when = parse_when(text)
    if _DATE_ONLY.match(text.strip()):
        when = dt.datetime.combine(when.date(), dt.time(nb.agenda.due_hour()),
                                   tzinfo=local_now().tzinfo)
    return when


def _item_line(item: AgendaItem) -> str:
    when = item.due_at.astimezone(local_now().tzinfo)
    shown = f"{when:%a %d %b}" if item.kind in ("birthday", "date", "keep_in_touch") \
        else f"{when:%a %d %b %H:%M}"
    who = f" ({item.person_name})" if item.person_name and item.person_name not in item.title \
        else ""
    return f"  {shown:<16} {item.title}{who}   [{item.item_id}]"


def agenda_text(agenda: Agenda) -> str:
    lines: list[str] = []
    for bucket, heading in HEADINGS.items():
        items = agenda.in_bucket(bucket)
        if items:
            lines += [heading] + [_item_line(i) for i in items] + [""]
    if agenda.losing_touch:
        lines.append("Losing touch")
        for t in agenda.losing_touch:
            last = f"last {t.last_contact.astimezone():%Y-%m-%d}" if t.last_contact \
                else "nothing logged"
            lines.append(f"  {t.person_name}: every {t.cadence_days} days, {last}, "
                         f"{t.days_overdue} days over   [{t.item_id}]")
    return "\n".join(lines).rstrip() or "Nothing on the agenda."


def cmd_agenda(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        agenda = nb.agenda.agenda(days=args.days)
    emit(args, agenda, lambda: agenda_text(agenda))


def cmd_remind(args: argparse.Namespace) -> None:
    with open_notebook(args) as nb:
        person_id = resolve(nb, args.person)
        reminder = nb.reminders.add(" ".join(args.text), moment(nb, args.on),
                                    kind=ReminderKind(args.kind), person_id=person_id,
                                    rrule=args.every or "")
    repeat = f", repeating {reminder.rrule}" if reminder.rrule else ""
    emit(args, reminder, lambda: f"Reminder #{reminder.id} for {reminder.person.name} on "
         f"{reminder.due_at.astimezone():%Y-%m-%d %H:%M}{repeat}: {reminder.title}")


def _state_command(verb: str, said: str):
    def run(args: argparse.Namespace) -> None:
        with open_notebook(args) as nb:
            if verb == "snooze":
                until = moment(nb, args.until)
                nb.agenda.snooze(args.item, until)
                print(f"Snoozed {args.item} until {until:%Y-%m-%d %H:%M}.")
                return
            getattr(nb.agenda, verb)(args.item)
        print(said.format(args.item))
    return run


def add_agenda_commands(command) -> None:
    """Called by app.cli.build_parser with its `command(name, func, help_, json_=)`."""
    p = command("agenda", cmd_agenda, "what is due: overdue, today, the coming days, and "
                "whom you are losing touch with", json_=True)
    p.add_argument("--days", type=int, default=30, help="how many days ahead (30)")

    p = command("remind", cmd_remind, "add a reminder: rapport-cli remind Ana --on 2026-12-01 "
                "'send the deck'", json_=True)
    p.add_argument("person")
    p.add_argument("text", nargs="+")
    p.add_argument("--on", required=True, metavar="DATE",
                   help="YYYY-MM-DD (at 09:00) or YYYY-MM-DDTHH:MM")
    p.add_argument("--every", metavar="RRULE",
                   help="repeat, e.g. FREQ=WEEKLY or FREQ=MONTHLY;BYMONTHDAY=1")
    p.add_argument("--kind", default="custom", choices=[k.value for k in ReminderKind])

    for verb, said, help_ in (
            ("done", "Marked {} done.", "mark an agenda item done"),
            ("dismiss", "Dismissed {}.", "dismiss an agenda item (it will not come back)"),
            ("undo", "{} is open again.", "undo done, snooze or dismiss of an agenda item"),
            ("snooze", "", "snooze an agenda item")):
        p = command(verb, _state_command(verb, said), help_)
        p.add_argument("item", help="the item's id, shown in brackets by 'rapport-cli agenda'")
        if verb == "snooze":
            p.add_argument("--until", required=True, metavar="DATE",
                           help="YYYY-MM-DD (at 09:00) or YYYY-MM-DDTHH:MM")
