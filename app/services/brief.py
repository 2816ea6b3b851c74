"""The meeting brief: one page per attendee with what a good assistant would tell you on the
way into the room. Plain data here; the desktop renders it as HTML and PDF, the CLI as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select

from app.domain import (
    LOVED_ONE_TYPES,
    Employment,
    Interaction,
    OccurrenceState,
    PartialDate,
    Person,
    PersonRef,
    Reminder,
    ReminderKind,
)
from app.errors import InvalidInput
from app.services import read_models
from app.services.base import Service, refs_by_id
from app.store.models import EmploymentRow, IntroductionRow, PersonRow, PhotoRow

BIRTHDAY_WINDOW_DAYS = 60
LAST_INTERACTIONS = 3
MAX_MUTUAL = 8
SHORT_NOTES = 220
LOVED_ONE_ORDER = ("spouse", "partner", "child", "parent", "sibling", "grandchild",
                   "grandparent", "relative")

# The personal intel a brief shows, in the order it shows it; other categories follow.
FACT_SECTIONS = (
    ("avoid", "Topics to avoid"), ("like", "Likes"), ("dislike", "Dislikes"),
    ("pet peeve", "Pet peeves"), ("food & drink", "Food and drink"), ("hobby", "Hobbies"),
    ("goal", "Goals"), ("family", "Family"), ("gift idea", "Gift ideas"),
    ("gift given", "Gifts already given"), ("other", "Also noted"),
)


@dataclass(frozen=True)
class BriefJob:
    organization: str
    title: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    tenure: str = ""  # "3 years 2 months", for a current job with a start date


@dataclass(frozen=True)
class LovedOne:
    person: PersonRef
    relation: str  # what they are to the attendee: "spouse", "child" ...
    birthday: PartialDate | None = None
    next_birthday: dt.date | None = None  # only when within the window
    turning: int | None = None  # the age they turn then, when the year is known


@dataclass(frozen=True)
class BriefInteraction:
    occurred_at: dt.datetime
    kind: str
    subject: str = ""
    notes: str = ""  # shortened
    others: tuple[str, ...] = ()  # who else took part


@dataclass(frozen=True)
class OpenItem:
    kind: ReminderKind
    title: str
    due_at: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class Acquaintance:
    person: PersonRef
    how: str  # "colleague at Acme", "introduced you", "friend" ...


@dataclass(frozen=True)
class FactGroup:
    category: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Brief:
    person_id: int
    name: str
    lead: str  # "Head of Procurement at Acme for 3 years; met at SaaStr 2023 through Ana"
    address_as: str = ""  # "Call her Annie · she/her"
    photo: bytes | None = None
    current_jobs: tuple[BriefJob, ...] = ()
    previous_jobs: tuple[BriefJob, ...] = ()
    hometown: str = ""
    how_we_met: str = ""
    met_on: dt.date | None = None
    introduced_by: PersonRef | None = None
    birthday: PartialDate | None = None
    next_birthday: dt.date | None = None  # their own, when within the window
    turning: int | None = None
    loved_ones: tuple[LovedOne, ...] = ()
    facts: tuple[FactGroup, ...] = ()
    last_interactions: tuple[BriefInteraction, ...] = ()
    open_items: tuple[OpenItem, ...] = ()
    mutual: tuple[Acquaintance, ...] = ()
    notes: str = ""
    custom_fields: tuple[tuple[str, str], ...] = ()  # (name, value)


# --- small helpers, shared with the renderers --------------------------------------------


def duration(start: dt.date, today: dt.date) -> str:
    """'3 years 2 months', '5 months', 'less than a month'."""
    span = relativedelta(today, start)
    if span.years < 0 or (span.years == 0 and span.months <= 0):
        return "less than a month"
    parts = []
    if span.years:
        parts.append(f"{span.years} year{'s' if span.years != 1 else ''}")
    if span.months:
        parts.append(f"{span.months} month{'s' if span.months != 1 else ''}")
    return " ".join(parts)


def next_occurrence(date: PartialDate, today: dt.date) -> dt.date:
    """The next time (today included) this month and day come round; Feb 29 falls on Feb 28
    in years without one."""
    for year in (today.year, today.year + 1):
        try:
            day = dt.date(year, date.month, date.day)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable: next year's date is always after today")


def upcoming(date: PartialDate | None, today: dt.date,
             window: int = BIRTHDAY_WINDOW_DAYS) -> tuple[dt.date | None, int | None]:
    """(the next birthday, the age turned then) if it falls within the window."""
    if date is None:
        return None, None
    day = next_occurrence(date, today)
    if (day - today).days > window:
        return None, None
    return day, (day.year - date.year) if date.year else None


def long_date(day: dt.date, today: dt.date | None = None) -> str:
    """'12 March 2024'; the year left out when it is this year's."""
    if today is not None and day.year == today.year:
        return f"{day.day} {day:%B}"
    return f"{day.day} {day:%B %Y}"


def with_period(text: str) -> str:
    """The text as a sentence: a final period added unless it already ends one
    ('Apple Inc.', 'Really?')."""
    text = text.rstrip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def job_line(job: BriefJob) -> str:
    return " at ".join(x for x in (job.title, job.organization) if x)


def years(job: BriefJob) -> str:
    """'2016–2019', 'since 2021', 'until 2019', ''."""
    start, end = job.start, job.end
    if start and end:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start:
        return f"since {start.year}"
    if end:
        return f"until {end.year}"
    return ""


def shorten(text: str, limit: int = SHORT_NOTES) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# --- building a brief ---------------------------------------------------------------------


def _jobs(employments: Sequence[Employment], today: dt.date) -> tuple[list[BriefJob],
                                                                       list[BriefJob]]:
    current, previous = [], []
    for e in employments:
        job = BriefJob(e.organization.name, e.title, e.start, e.end,
                       duration(e.start, today) if e.is_current and e.start else "")
        (current if e.is_current else previous).append(job)
    return current, previous


def _address_as(p: Person) -> str:
    parts = []
    if p.nickname and p.nickname.strip().casefold() not in p.name.casefold().split():
        parts.append(f"Goes by “{p.nickname}”")
    if p.prefix:
        formal = " ".join(x for x in (p.prefix, p.family_name or p.given_name) if x)
        parts.append(f"formally {formal}")
    if p.pronouns:
        parts.append(p.pronouns)
    return " · ".join(parts)


def _lead(p: Person, current: list[BriefJob]) -> str:
    """One sentence to read in the lift: the job and tenure, then how you know them."""
    pieces = []
    if current:
        job = current[0]
        what = job_line(job) if job.title else f"at {job.organization}"
        pieces.append(what + (f" for {job.tenure}" if job.tenure else ""))
    met = p.how_we_met.strip()
    if met:
        met_text = met_phrase(met)
        if p.met_on and str(p.met_on.year) not in met:
            met_text += f" in {p.met_on:%B %Y}"
        if p.introduced_by:
            met_text += f" through {p.introduced_by.name}"
        pieces.append(met_text)
    elif p.introduced_by:
        pieces.append(f"introduced by {p.introduced_by.name}")
    elif p.met_on:
        pieces.append(f"met in {p.met_on:%B %Y}")
    if not pieces:
        return ""
    sentence = "; ".join(pieces)
    return sentence[0].upper() + sentence[1:]


_PREPOSITIONS = ("at ", "in ", "on ", "through ", "via ", "during ", "when ", "while ", "over ",
                 "by ", "from ", "after ", "before ", "with ")


def met_phrase(how: str) -> str:
    """'At SaaStr 2023' -> 'met at SaaStr 2023'; 'Met on a train' stays; 'SaaStr 2023' ->
    'met via SaaStr 2023'."""
    lower = how.lower()
    if lower.startswith("met ") or lower == "met":
        return "met" + how[3:]
    if lower.startswith(_PREPOSITIONS):
        return "met " + how[0].lower() + how[1:]
    return "met via " + how


def _facts(p: Person) -> tuple[FactGroup, ...]:
    by_category: dict[str, list[str]] = {}
    for fact in sorted(p.facts, key=lambda f: (f.noted_on, f.id), reverse=True):
        by_category.setdefault(fact.category, []).append(fact.text)
    known = dict(FACT_SECTIONS)
    order = [c for c, _ in FACT_SECTIONS if c in by_category] + sorted(
        c for c in by_category if c not in known)
    return tuple(FactGroup(c, known.get(c, c.capitalize()), tuple(by_category[c]))
                 for c in order)


def current_due(r: Reminder) -> dt.datetime:
    """When a reminder is due now: the moment its occurrence was snoozed to, if it was."""
    return next((o.snoozed_until for o in r.occurrences
                 if o.occurrence == r.due_at and o.state == OccurrenceState.SNOOZED
                 and o.snoozed_until is not None), r.due_at)


def _interaction(i: Interaction, person_id: int) -> BriefInteraction:
    return BriefInteraction(i.occurred_at, i.kind, i.subject, shorten(i.notes),
                            tuple(x.name for x in i.participants if x.id != person_id))


class BriefService(Service):
    def build(self, person_ids: Sequence[int], today: dt.date | None = None) -> list[Brief]:
        """A brief for each attendee, in the order given (each person once)."""
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            raise InvalidInput("Choose at least one person to brief on.", "attendees")
        today = today or dt.date.today()
        with self._db.read() as session:
            return [self._brief(session, person_id, today) for person_id in ids]

    def _brief(self, session, person_id: int, today: dt.date) -> Brief:
        p = read_models.load_person(session, person_id)
        current, previous = _jobs(p.employments, today)
        next_birthday, turning = upcoming(p.birthday, today)
        photo = session.get(PhotoRow, person_id)
        open_items = tuple(sorted(
            (OpenItem(r.kind, r.title, due, due.astimezone().date() < today)
             for r, due in ((r, current_due(r)) for r in p.reminders) if not r.is_closed),
            key=lambda item: item.due_at))
        return Brief(
            person_id=p.id, name=p.name, lead=_lead(p, current), address_as=_address_as(p),
            photo=photo.data if photo is not None else None,
            current_jobs=tuple(current), previous_jobs=tuple(previous),
            hometown=p.hometown, how_we_met=p.how_we_met, met_on=p.met_on,
            introduced_by=p.introduced_by, birthday=p.birthday,
            next_birthday=next_birthday, turning=turning,
            loved_ones=self._loved_ones(session, p, today), facts=_facts(p),
            last_interactions=tuple(_interaction(i, p.id)
                                    for i in p.interactions[:LAST_INTERACTIONS]),
            open_items=open_items, mutual=self._mutual(session, p), notes=p.notes.strip(),
            custom_fields=tuple((c.name, c.value) for c in p.custom_fields if c.value.strip()))

    @staticmethod
    def _loved_ones(session, p: Person, today: dt.date) -> tuple[LovedOne, ...]:
        loved = sorted((r for r in p.relationships if r.type in LOVED_ONE_TYPES),
                       key=lambda r: (LOVED_ONE_ORDER.index(r.type)
                                      if r.type in LOVED_ONE_ORDER else 99,
                                      r.other.name.casefold()))
        if not loved:
            return ()
        rows = {row.id: row for row in session.scalars(
            select(PersonRow).where(PersonRow.id.in_([r.other.id for r in loved])))}
        result = []
        for r in loved:
            row = rows[r.other.id]
            birthday = read_models.partial_date(row.birthday_year, row.birthday_month,
                                                row.birthday_day)
            day, turning = upcoming(birthday, today)
            result.append(LovedOne(r.other, r.type, birthday, day, turning))
        return tuple(result)

    @staticmethod
    def _mutual(session, p: Person) -> tuple[Acquaintance, ...]:
        """People you both know: their other relationships, introductions either way, and
        colleagues at their current company. The user's own card and loved ones (listed
        above) are left out."""
        found: dict[int, str] = {}

        def add(person_id: int | None, how: str) -> None:
            if person_id is not None and person_id != p.id and person_id not in found:
                found[person_id] = how

        first = p.nickname or p.given_name or p.name
        for r in p.relationships:
            if r.type not in LOVED_ONE_TYPES and not r.other.is_light:
                add(r.other.id, f"{first}'s {r.type}")
        if p.introduced_by:
            add(p.introduced_by.id, f"introduced you to {first}")
        for person_id in session.scalars(select(PersonRow.id).where(
                PersonRow.introduced_by_id == p.id).order_by(PersonRow.sort_name).limit(20)):
            add(person_id, f"you met through {first}")
        for intro in session.execute(select(IntroductionRow.connector_id,
                                            IntroductionRow.target_id, IntroductionRow.status)
                                     .where(or_(IntroductionRow.connector_id == p.id,
                                                IntroductionRow.target_id == p.id))):
            done = intro.status in ("introduced", "met")
            if intro.connector_id == p.id:
                add(intro.target_id, f"you met through {first}" if done
                    else f"{first} can introduce you")
            else:
                add(intro.connector_id, f"introduced you to {first}" if done
                    else f"can introduce you to {first}")
        current_orgs = {e.organization.id: e.organization.name for e in p.current_jobs}
        if current_orgs:
            colleagues = session.execute(
                select(EmploymentRow.person_id, EmploymentRow.organization_id)
                .join(PersonRow, PersonRow.id == EmploymentRow.person_id)
                .where(EmploymentRow.organization_id.in_(current_orgs),
                       EmploymentRow.end_date.is_(None), PersonRow.trashed_at.is_(None),
                       PersonRow.id != p.id)
                .order_by(PersonRow.sort_name).limit(MAX_MUTUAL * 2))
            for person_id, org_id in colleagues:
                add(person_id, f"colleague at {current_orgs[org_id]}")
        if not found:
            return ()
        people = {row.id: row for row in session.scalars(
            select(PersonRow).where(PersonRow.id.in_(found)))}
        refs = refs_by_id(session, found)
        kept = [pid for pid in found
                if pid in people and not people[pid].is_me and people[pid].trashed_at is None
                and not people[pid].is_light]
        return tuple(Acquaintance(refs[pid], found[pid]) for pid in kept[:MAX_MUTUAL])


# --- as text (the CLI) ---------------------------------------------------------------------


def brief_text(brief: Brief, today: dt.date) -> str:
    """The brief as plain text for a terminal: the same sections, empty ones left out."""
    lines = [brief.name, "=" * len(brief.name)]
    if brief.lead:
        lines.append(with_period(brief.lead))
    if brief.address_as:
        lines.append(brief.address_as)

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.extend(["", title.upper()] + [f"  {row}" for row in rows])

    for title, rows in brief_sections(brief, today):
        section(title, rows)
    return "\n".join(lines)


# said after an open item's title: a promise is what the brief is most for, unmarked
KIND_NOTES = {ReminderKind.FOLLOW_UP: " (follow-up)", ReminderKind.CUSTOM: " (reminder)"}


def brief_sections(brief: Brief, today: dt.date) -> list[tuple[str, list[str]]]:
    """(title, lines) for every section that has something to say, in reading order."""
    sections: list[tuple[str, list[str]]] = []
    role = [job_line(j) + (f" — {j.tenure}" if j.tenure else
                           f" — since {long_date(j.start)}" if j.start else "")
            for j in brief.current_jobs]
    role += [f"Before: {job_line(j)}" + (f" ({years(j)})" if years(j) else "")
             for j in brief.previous_jobs]
    sections.append(("Role and career", role))
    background = []
    if brief.hometown:
        background.append(f"From {brief.hometown}")
    if brief.how_we_met or brief.met_on:
        met = brief.how_we_met or "Met"
        if brief.met_on:
            met += f" ({long_date(brief.met_on)})"
        background.append(f"How you met: {met}")
    if brief.introduced_by:
        background.append(f"Introduced by {brief.introduced_by.name}")
    if brief.next_birthday:
        background.append(_birthday_line("Birthday", brief.next_birthday, brief.turning, today))
    sections.append(("Background", background))
    loved = []
    for one in brief.loved_ones:
        line = f"{one.person.name} ({one.relation})"
        if one.next_birthday:
            line += " — " + _birthday_line("birthday", one.next_birthday, one.turning, today)
        loved.append(line)
    sections.append(("Loved ones", loved))
    for group in brief.facts:
        sections.append((group.title, list(group.items)))
    sections.append(("Notes", [line for line in brief.notes.splitlines() if line.strip()]))
    sections.append(("More", [f"{name}: {value}" for name, value in brief.custom_fields]))
    talks = []
    for i in brief.last_interactions:
        line = f"{long_date(i.occurred_at.astimezone().date(), today)} — {i.kind.capitalize()}"
        if i.subject:
            line += f": {i.subject}"
        if i.others:
            line += f" (with {', '.join(i.others)})"
        if i.notes:
            line = f"{with_period(line)} {i.notes}"
        talks.append(line)
    sections.append(("Last conversations", talks))
    sections.append(("Open promises, follow-ups and reminders", [
        f"{item.title}{KIND_NOTES.get(item.kind, '')} — {'was due' if item.overdue else 'due'} "
        f"{long_date(item.due_at.astimezone().date(), today)}" for item in brief.open_items]))
    sections.append(("People you both know",
                     [f"{a.person.name} — {a.how}" for a in brief.mutual]))
    return [(title, rows) for title, rows in sections if rows]


def _birthday_line(label: str, day: dt.date, turning: int | None, today: dt.date) -> str:
    days = (day - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    text = f"{label} {when}, {long_date(day, today)}"
    return text + (f" (turns {turning})" if turning else "")
