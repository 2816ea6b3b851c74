"""Plain data the UI and the CLI see. No database objects ever leave app/services."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum

from app.errors import InvalidInput


class Stage(StrEnum):
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    ADVOCATE = "advocate"
    NOT_NOW = "not_now"
    LOST = "lost"


class ContactKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    SOCIAL = "social"
    IM = "im"


FACT_CATEGORIES = (
    "like", "dislike", "pet peeve", "food & drink", "hobby", "goal", "avoid",
    "gift idea", "gift given", "family", "other",
)

INTERACTION_KINDS = ("meeting", "call", "email", "message", "meal", "gift", "thank-you note", "other")


class ReminderKind(StrEnum):
    FOLLOW_UP = "follow_up"
    PROMISE = "promise"
    CUSTOM = "custom"


class OccurrenceState(StrEnum):
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


class IntroductionStatus(StrEnum):
    TO_ASK = "to_ask"
    ASKED = "asked"
    INTRODUCED = "introduced"
    MET = "met"
    DECLINED = "declined"


_PARTIAL_DATE = re.compile(r"^(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date whose year may be unknown: birthdays people tell you without their age."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        probe_year = self.year if self.year is not None else 2000  # a leap year admits Feb 29
        try:
            dt.date(probe_year, self.month, self.day)
        except (ValueError, TypeError) as exc:
            raise InvalidInput(f"{self.iso()} is not a date on the calendar.", "date") from exc

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Accept YYYY-MM-DD, --MM-DD (vCard) and MM-DD."""
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise InvalidInput(
                f"'{text}' is not a date: use YYYY-MM-DD, or MM-DD when the year is unknown.",
                "date",
            )
        year, month, day = match.groups()
        return cls(int(month), int(day), int(year) if year else None)

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()


@dataclass
class PersonDraft:
    """What a caller may set on a person. Every field is optional but some name is required."""

    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nickname: str = ""
    display_name: str = ""
    pronouns: str = ""
    birthday: PartialDate | None = None
    hometown: str = ""
    how_we_met: str = ""
    met_on: dt.date | None = None
    introduced_by_id: int | None = None
    stage: Stage | None = None
    cadence_days: int | None = None
    notes: str = ""
    is_me: bool = False
    is_light: bool = False
    uid: str | None = None


PERSON_FIELDS = frozenset(f.name for f in fields(PersonDraft)) - {"uid"}


def compose_display_name(
    *, display_name: str = "", prefix: str = "", given_name: str = "", middle_name: str = "",
    family_name: str = "", suffix: str = "", nickname: str = "", **_: object,
) -> str:
    if display_name and display_name.strip():
        return display_name.strip()
    parts = (prefix, given_name, middle_name, family_name, suffix)
    name = " ".join([p.strip() for p in parts if p and p.strip()])
    return name or (nickname or "").strip()


@dataclass(frozen=True)
class ContactPoint:
    id: int
    kind: ContactKind
    value: str
    normalized: str
    label: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class Address:
    id: int
    label: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""

    def one_line(self) -> str:
        parts = (self.street, self.locality, self.region, self.postcode, self.country)
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class ImportantDate:
    id: int
    label: str
    date: PartialDate


@dataclass(frozen=True)
class Fact:
    id: int
    person_id: int
    category: str
    text: str
    noted_on: dt.date
    source_interaction_id: int | None = None


@dataclass(frozen=True)
class PersonRef:
    """Enough of a person to show a link to them."""

    id: int
    uid: str
    name: str
    is_light: bool = False


@dataclass(frozen=True)
class Relationship:
    """`other` is the `type` of the person this belongs to: ("child", Kim) = Kim is my child."""

    id: int
    type: str
    other: PersonRef


@dataclass(frozen=True)
class Organization:
    id: int
    name: str
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Employment:
    id: int
    person_id: int
    organization: Organization
    title: str = ""
    department: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    reports_to: PersonRef | None = None

    @property
    def is_current(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class Interaction:
    id: int
    occurred_at: dt.datetime
    kind: str
    subject: str = ""
    notes: str = ""
    location: str = ""
    participants: tuple[PersonRef, ...] = ()


@dataclass(frozen=True)
class OccurrenceRecord:
    reminder_key: str
    occurrence: dt.datetime
    state: OccurrenceState
    snoozed_until: dt.datetime | None = None


@dataclass(frozen=True)
class Reminder:
    id: int
    kind: ReminderKind
    title: str
    due_at: dt.datetime
    person: PersonRef | None = None
    rrule: str = ""
    notes: str = ""
    interaction_id: int | None = None
    introduction_id: int | None = None
    occurrences: tuple[OccurrenceRecord, ...] = ()

    @property
    def key(self) -> str:
        return f"reminder:{self.id}"

    @property
    def is_closed(self) -> bool:
        """A one-off reminder whose single occurrence is done or dismissed."""
        if self.rrule:
            return False
        return any(o.state != OccurrenceState.SNOOZED for o in self.occurrences)


@dataclass(frozen=True)
class IntroductionEvent:
    status: IntroductionStatus
    on: dt.date


@dataclass(frozen=True)
class Introduction:
    """The connector introduces `introduced` (None: the user) to the target."""

    id: int
    connector: PersonRef
    target: PersonRef
    status: IntroductionStatus
    asked_on: dt.date | None = None
    status_on: dt.date | None = None
    thanked_on: dt.date | None = None
    notes: str = ""
    introduced: PersonRef | None = None
    history: tuple[IntroductionEvent, ...] = ()

    @property
    def happened(self) -> bool:
        return self.status in (IntroductionStatus.INTRODUCED, IntroductionStatus.MET)


@dataclass(frozen=True)
class StageChange:
    from_stage: Stage | None
    to_stage: Stage | None
    changed_at: dt.datetime


STAGE_TITLES = {Stage.PROSPECT: "Prospect", Stage.CUSTOMER: "Customer",
                Stage.ADVOCATE: "Advocate", Stage.NOT_NOW: "Not now", Stage.LOST: "Lost"}


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    cadence_days: int | None = None
    people_count: int = 0


@dataclass(frozen=True)
class CustomField:
    id: int
    name: str
    value: str


@dataclass(frozen=True)
class PersonSummary:
    """One row of the people list."""

    id: int
    uid: str
    name: str
    company: str = ""
    title: str = ""
    stage: Stage | None = None
    last_contacted: dt.datetime | None = None
    is_light: bool = False
    trashed: bool = False
    next_reminder: dt.datetime | None = None  # the earliest open stored reminder


@dataclass(frozen=True)
class Person:
    id: int
    uid: str
    name: str
    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nickname: str = ""
    display_name: str = ""
    pronouns: str = ""
    birthday: PartialDate | None = None
    hometown: str = ""
    how_we_met: str = ""
    met_on: dt.date | None = None
    introduced_by: PersonRef | None = None
    stage: Stage | None = None
    cadence_days: int | None = None
    notes: str = ""
    is_me: bool = False
    is_light: bool = False
    has_photo: bool = False
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    archived_at: dt.datetime | None = None
    trashed_at: dt.datetime | None = None
    last_contacted: dt.datetime | None = None
    contact_points: tuple[ContactPoint, ...] = ()
    addresses: tuple[Address, ...] = ()
    important_dates: tuple[ImportantDate, ...] = ()
    facts: tuple[Fact, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    employments: tuple[Employment, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    reminders: tuple[Reminder, ...] = ()
    introductions: tuple[Introduction, ...] = ()
    tags: tuple[str, ...] = ()
    custom_fields: tuple[CustomField, ...] = ()
    stage_history: tuple[StageChange, ...] = ()

    @property
    def current_jobs(self) -> tuple[Employment, ...]:
        return tuple(e for e in self.employments if e.is_current)

    def ref(self) -> PersonRef:
        return PersonRef(self.id, self.uid, self.name, self.is_light)


@dataclass(frozen=True)
class PeopleFilter:
    tag: str | None = None
    stage: Stage | None = None
    company: str | None = None
    city: str | None = None
    include_light: bool = False
    archived: bool = False
    trashed: bool = False
    overdue: bool = False  # keep-in-touch cadence (own or a tag's) exceeded
    descending: bool = False  # by name


@dataclass(frozen=True)
class SearchHit:
    person: PersonSummary
    matched_name: bool


@dataclass
class Page:
    items: list = field(default_factory=list)
    total: int = 0


# Relationship types and their reverse: ("child", X) on me means ("parent", me) on X.
RELATIONSHIP_INVERSES = {
    "spouse": "spouse",
    "partner": "partner",
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "grandparent": "grandchild",
    "grandchild": "grandparent",
    "relative": "relative",
    "friend": "friend",
    "colleague": "colleague",
    "manager": "report",
    "report": "manager",
    "assistant": "executive",
    "executive": "assistant",
    "mentor": "mentee",
    "mentee": "mentor",
}

LOVED_ONE_TYPES = frozenset(
    {"spouse", "partner", "parent", "child", "sibling", "grandparent", "grandchild", "relative"}
)


def inverse_relationship(kind: str) -> str:
    """The reverse edge's type; a type we do not know is taken as symmetric."""
    return RELATIONSHIP_INVERSES.get(kind, kind)


_QUICK_FACT_CATEGORIES = {
    "like": "like", "likes": "like", "loves": "like", "enjoys": "like",
    "dislike": "dislike", "dislikes": "dislike", "hates": "dislike",
    "pet peeve": "pet peeve", "pet peeves": "pet peeve", "peeve": "pet peeve",
    "food": "food & drink", "drink": "food & drink", "drinks": "food & drink",
    "food & drink": "food & drink", "eats": "food & drink",
    "hobby": "hobby", "hobbies": "hobby",
    "goal": "goal", "goals": "goal",
    "avoid": "avoid", "topic to avoid": "avoid", "don't mention": "avoid",
    "gift idea": "gift idea", "gift": "gift idea",
    "gift given": "gift given", "gave": "gift given",
    "family": "family",
    "other": "other", "note": "other",
}


def parse_quick_fact(line: str) -> tuple[str, str]:
    """'likes: single malt' -> ('like', 'single malt'). Unknown prefixes become categories."""
    category, sep, text = line.partition(":")
    if not sep:
        text, category = line, "other"
    category, text = category.strip().lower(), text.strip()
    if not text:
        raise InvalidInput("Write the fact after the colon, e.g. 'likes: single malt'.", "fact")
    if not category:
        category = "other"
    return _QUICK_FACT_CATEGORIES.get(category, category), text
