"""How am I connected to X: the shortest chains of people from the user's own card to X,
through the people the user knows first-hand (an interaction logged with them, or how and
when they met noted), relationships, introductions (whatever their status) and shared
employers (overlapping dates only).

The graph is read with a few bulk queries and searched breadth-first in memory; shared
employers are expanded one company at a time per level, never as all pairs of staff, so
a company of thousands costs one pass over its staff per level."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from app.domain import PersonRef, inverse_relationship
from app.services.base import Service, person_row, refs_by_id, to_ref
from app.services.brief import met_phrase
from app.store.models import OrganizationRow, PersonRow

MAX_PATHS = 5
MAX_DEPTH = 6
FAR_FUTURE = "9999-12-31"

# "A is B's <role>" said as "A <phrase> B".
ROLE_PHRASES = {
    "spouse": "is married to", "partner": "is the partner of", "parent": "is a parent of",
    "child": "is a child of", "sibling": "is a sibling of", "relative": "is related to",
    "grandparent": "is a grandparent of", "grandchild": "is a grandchild of",
    "friend": "is a friend of", "colleague": "works with", "manager": "manages",
    "report": "reports to", "assistant": "is the assistant of",
    "executive": "has as assistant", "mentor": "mentors", "mentee": "is mentored by",
}
DONE_STATUSES = ("introduced", "met")


class Outcome(StrEnum):
    FOUND = "found"
    NO_PATH = "no_path"  # nothing links the user to the target (yet)
    NO_ME = "no_me"  # nobody is marked as the user's own card
    IS_ME = "is_me"  # the target is the user


@dataclass(frozen=True)
class Step:
    person: PersonRef
    link: str = ""  # how the previous person is linked to this one; "" for the first


@dataclass(frozen=True)
class ConnectionPath:
    steps: tuple[Step, ...]

    def text(self) -> str:
        """'Ana — worked with (Acme, 2019–2022) — Ben — is married to — Carla'"""
        parts = [self.steps[0].person.name]
        for step in self.steps[1:]:
            parts += [step.link, step.person.name]
        return " — ".join(parts)


@dataclass(frozen=True)
class Connections:
    target: PersonRef
    outcome: Outcome
    paths: tuple[ConnectionPath, ...] = ()

    @property
    def message(self) -> str:
        if self.outcome == Outcome.NO_ME:
            return ("Rapport does not know which card is yours. Open your own card and "
                    "choose People > This is me (or add yourself first).")
        if self.outcome == Outcome.IS_ME:
            return f"{self.target.name} is you."
        if self.outcome == Outcome.NO_PATH:
            return (f"No known path to {self.target.name}: nothing in the notebook links you "
                    "through people you have met, relationships, introductions or shared "
                    "employers.")
        degree = len(self.paths[0].steps) - 1
        ways = "one shortest path" if len(self.paths) == 1 else \
            f"{len(self.paths)} shortest paths"
        return f"{self.target.name} is {degree} step{'s' if degree > 1 else ''} away: {ways}."


@dataclass(frozen=True)
class _Link:
    """An edge as found, turned into words only for the paths shown."""

    kind: str  # "text" (words ready), "employer" or "met" (the user knows the next person)
    text: str = ""
    organization_id: int = 0
    start: str = ""  # ISO dates of the overlap; "" = unknown
    end: str = ""  # "" = still going on


def _overlap(a_start: str, a_end: str, b_start: str, b_end: str) -> tuple[str, str] | None:
    start, end = max(a_start, b_start), min(a_end or FAR_FUTURE, b_end or FAR_FUTURE)
    if start > end:
        return None
    return start, "" if end == FAR_FUTURE else end


def _phrase(role: str) -> str:
    return ROLE_PHRASES.get(role, f"is the {role} of")


# For each person reached: up to MAX_PATHS (neighbour one step nearer the start, link).
Reached = dict[int, list[tuple[int, _Link]]]


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        part = ids[start:start + size]
        yield part, ",".join("?" * len(part))


MET = _Link("met")  # the user -> someone they know first-hand; worded from their page
KNOWS_YOU = _Link("text", "knows you")


class _Graph:
    """Links read as the search needs them: a few bulk queries per level for the people at
    its edge (and the staff of their companies), never one query per person, and never the
    whole notebook when the two ends meet early. Each edge keeps its words both ways, so
    the search can grow from both ends: (other, "A <words> other", "other <words> A")."""

    def __init__(self, conn, me: int) -> None:
        self.conn = conn
        self.me = me
        self._my_degree: int | None = None
        self.trashed = {row[0] for row in conn.exec_driver_sql(
            "SELECT id FROM people WHERE trashed_at IS NOT NULL")}
        self.staff: dict[int, list[tuple[int, str, str]]] = {}  # org: (person, start, end)

    def _rows(self, sql: str, ids: list[int], repeat: int = 1):
        for part, marks in _chunks(ids):
            yield from self.conn.exec_driver_sql(sql.format(marks=marks), tuple(part) * repeat)

    def links(self, people: list[int]) -> dict[int, list[tuple[int, _Link, _Link]]]:
        """Relationships, introductions and introducers of these people."""
        edges: dict[int, list[tuple[int, _Link, _Link]]] = defaultdict(list)
        trashed = self.trashed

        def both(a: int, b: int, a_to_b: str, b_to_a: str) -> None:
            if a in trashed or b in trashed:
                return
            there, back = _Link("text", a_to_b), _Link("text", b_to_a)
            edges[a].append((b, there, back))
            edges[b].append((a, back, there))

        # Both directions of a relationship are stored, so one side's rows are enough.
        for person, other, kind in self._rows(
                "SELECT person_id, other_id, type FROM relationships "
                "WHERE person_id IN ({marks})", people):
            if other not in trashed:
                edges[person].append((other, _Link("text", _phrase(inverse_relationship(kind))),
                                      _Link("text", _phrase(kind))))
        for connector, target, status in self._rows(
                "SELECT connector_id, target_id, status FROM introductions "
                "WHERE connector_id IN ({marks}) OR target_id IN ({marks})", people, 2):
            done = status in DONE_STATUSES
            both(connector, target, "introduced you to" if done else "can introduce you to",
                 "was introduced to you by" if done else "can be introduced by")
        for person, introducer in self._rows(
                "SELECT id, introduced_by_id FROM people WHERE introduced_by_id IS NOT NULL "
                "AND (id IN ({marks}) OR introduced_by_id IN ({marks}))", people, 2):
            both(introducer, person, "introduced you to", "was introduced to you by")
        # The user's own card reaches everyone they know at once (see _expand); the others
        # each find out here whether the user knows them.
        others = [person for person in people if person != self.me]
        for person in self.known_to_me(others):
            edges[person].append((self.me, KNOWS_YOU, MET))
        return edges

    def known_to_me(self, people: list[int] | None = None) -> set[int]:
        """Those of these people the user knows first-hand: an interaction logged with them,
        or how or when they met noted. None: everyone the user knows."""
        sql = ("SELECT person_id FROM interaction_participants {where} UNION "
               "SELECT id FROM people WHERE (met_on IS NOT NULL OR how_we_met != '') {also}")
        if people is None:
            found = set(self.conn.exec_driver_sql(sql.format(where="", also="")).scalars())
        else:
            found = {row[0] for row in self._rows(sql.format(
                where="WHERE person_id IN ({marks})", also="AND id IN ({marks})"), people, 2)}
        return found - self.trashed - {self.me}

    def my_degree(self) -> int:
        """About how many people the user knows first-hand (an overestimate: the two kinds
        may overlap), counted without reading them: whether to grow from the user's side."""
        if self._my_degree is None:
            self._my_degree = self.conn.exec_driver_sql(
                "SELECT (SELECT COUNT(DISTINCT person_id) FROM interaction_participants) + "
                "(SELECT COUNT(*) FROM people WHERE met_on IS NOT NULL OR how_we_met != '')"
            ).scalar()
        return self._my_degree

    def jobs(self, people: list[int]) -> dict[int, list[tuple[int, str, str]]]:
        jobs: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for person, org, start, end in self._rows(
                "SELECT person_id, organization_id, start_date, end_date FROM employments "
                "WHERE person_id IN ({marks})", people):
            jobs[person].append((org, start or "", end or ""))
        return jobs

    def staff_of(self, orgs: list[int]) -> dict[int, list[tuple[int, str, str]]]:
        missing = [org for org in orgs if org not in self.staff]
        for org in missing:
            self.staff[org] = []
        for person, org, start, end in self._rows(
                "SELECT person_id, organization_id, start_date, end_date FROM employments "
                "WHERE organization_id IN ({marks})", missing):
            if person not in self.trashed:
                self.staff[org].append((person, start or "", end or ""))
        return self.staff

    def shortest(self, source: int, target: int) -> tuple[Reached, Reached, list[int]]:
        """Breadth-first from both ends, always growing the smaller side, until they meet.
        Returns what each side reached and the people where the shortest chains meet."""
        ahead: Reached = {source: []}  # links point back towards source
        behind: Reached = {target: []}  # links point on towards target
        front, back = [source], [target]
        for _level in range(MAX_DEPTH):
            # The user's card alone may stand for thousands of people: weigh it as such.
            forward = (self.my_degree() if front == [source] else len(front)) <= len(back)
            grown, other_side = (ahead, behind) if forward else (behind, ahead)
            found = self._expand(front if forward else back, grown, forward)
            if not found:
                return ahead, behind, []
            grown.update(found)
            meeting = [person for person in found if person in other_side]
            if forward:
                front = list(found)
            else:
                back = list(found)
            if meeting:
                depth = {person: _depth(behind if forward else ahead, person)
                         for person in meeting}
                nearest = min(depth.values())
                return ahead, behind, [p for p in meeting if depth[p] == nearest]
        return ahead, behind, []

    def _expand(self, frontier: list[int], reached: Reached, forward: bool) -> Reached:
        """The people one step beyond the frontier not reached yet, each with up to
        MAX_PATHS links to frontier people (worded in the direction of the chain)."""
        found: Reached = {}
        if self.me in frontier:  # the start: may know tens of thousands, so in bulk
            found.update({person: [(self.me, MET)]
                          for person in self.known_to_me() if person not in reached})
        edges = self.links(frontier)
        for person in frontier:
            for other, there, back in edges.get(person, ()):
                if other in reached:
                    continue
                links = found.setdefault(other, [])
                if len(links) < MAX_PATHS and all(p != person for p, _ in links):
                    links.append((person, there if forward else back))
        self._through_employers(frontier, reached, found)
        return found

    def _through_employers(self, frontier: list[int], reached: Reached,
                           found: Reached) -> None:
        """Colleagues of the frontier not reached yet, linked where the dates overlap. Each
        company's staff is read once; a colleague already reached costs one lookup, so a
        big company does not cost (staff x frontier) every level."""
        at_org: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for person, jobs in self.jobs(frontier).items():
            for org, start, end in jobs:
                at_org[org].append((person, start, end))
        staff = self.staff_of(list(at_org))
        for org, ours in at_org.items():
            for colleague, c_start, c_end in staff[org]:
                if colleague in reached:
                    continue
                links = found.setdefault(colleague, [])
                for person, start, end in ours:
                    if len(links) >= MAX_PATHS:
                        break
                    if person == colleague or any(p == person for p, _ in links):
                        continue
                    span = _overlap(start, end, c_start, c_end)
                    if span is not None:
                        links.append((person, _Link("employer", organization_id=org,
                                                    start=span[0], end=span[1])))
                if not links:
                    del found[colleague]


def _depth(reached: Reached, person: int) -> int:
    steps = 0
    while reached[person]:
        person = reached[person][0][0]
        steps += 1
    return steps


def _chains(reached: Reached, person: int, limit: int) -> list[list]:
    """Up to `limit` chains from the start of `reached` to person: [(person, link), ...],
    each link said from the person before (None for the first)."""
    results: list[list] = []

    def walk(at: int, tail: list) -> None:
        if len(results) >= limit:
            return
        if not reached[at]:
            results.append([(at, None)] + tail)
            return
        for before, link in reached[at]:
            walk(before, [(at, link)] + tail)

    walk(person, [])
    return results


def _tails(behind: Reached, person: int, limit: int) -> list[list]:
    """Up to `limit` continuations from person on to the target: [(next, link), ...]."""
    results: list[list] = []

    def walk(at: int, so_far: list) -> None:
        if len(results) >= limit:
            return
        if not behind[at]:
            results.append(so_far)
            return
        for after, link in behind[at]:
            walk(after, so_far + [(after, link)])

    walk(person, [])
    return results


def _paths(ahead: Reached, behind: Reached, meeting: list[int]) -> list[list]:
    paths: list[list] = []
    for person in sorted(meeting):
        for head in _chains(ahead, person, MAX_PATHS):
            for tail in _tails(behind, person, MAX_PATHS):
                if len(paths) < MAX_PATHS:
                    paths.append(head + tail)
    return paths


def _employer_words(link: _Link, org_names: dict[int, str]) -> str:
    verb = "works with" if not link.end else "worked with"
    start_year, end_year = link.start[:4], link.end[:4]
    if start_year and end_year:
        span = start_year if start_year == end_year else f"{start_year}–{end_year}"
    elif start_year:
        span = f"since {start_year}"
    elif end_year:
        span = f"until {end_year}"
    else:
        span = ""
    inside = ", ".join(x for x in (org_names.get(link.organization_id, ""), span) if x)
    return f"{verb} ({inside})"


IN_PERSON = ("meeting", "meal")


def _how_met(session, people: set[int]) -> dict[int, str]:
    """'met at SaaStr 2023' (how they met, as noted), else the last interaction logged
    ('met 12 Nov 2026 (meeting)', 'in touch 3 Mar 2026 (call)'), else 'met in May 2023'."""
    if not people:
        return {}
    marks = ",".join("?" * len(people))
    conn = session.connection()
    noted = {pid: (how or "", met_on) for pid, how, met_on in conn.exec_driver_sql(
        f"SELECT id, how_we_met, met_on FROM people WHERE id IN ({marks})", tuple(people))}
    # SQLite gives the other columns of the row that holds the MAX.
    last = {pid: (kind, when) for pid, kind, when in conn.exec_driver_sql(
        "SELECT p.person_id, i.kind, MAX(i.occurred_at) FROM interaction_participants p "
        "JOIN interactions i ON i.id = p.interaction_id "
        f"WHERE p.person_id IN ({marks}) GROUP BY p.person_id", tuple(people))}
    words = {}
    for pid in people:
        how, met_on = noted.get(pid, ("", None))
        met_on = dt.date.fromisoformat(met_on) if isinstance(met_on, str) else met_on
        if how.strip():
            words[pid] = met_phrase(how.strip()) + (
                f" in {met_on:%B %Y}" if met_on and str(met_on.year) not in how else "")
        elif pid in last:
            kind, when = last[pid]
            day = _local_day(when)
            verb = "met" if kind in IN_PERSON else "in touch"
            words[pid] = f"{verb} {day.day} {day:%b %Y} ({kind})"
        else:
            words[pid] = f"met in {met_on:%B %Y}" if met_on else "knows"
    return words


def _local_day(stored) -> dt.date:
    """A stored naive-UTC timestamp (text or datetime) as the user's local date."""
    when = dt.datetime.fromisoformat(stored) if isinstance(stored, str) else stored
    return when.replace(tzinfo=dt.UTC).astimezone().date()


class ConnectionsService(Service):
    def connect(self, target_id: int) -> Connections:
        """The shortest chains from the user's own card to target (ties: up to five)."""
        with self._db.read() as session:
            target = to_ref(person_row(session, target_id))
            me = session.scalar(select(PersonRow.id).where(PersonRow.is_me.is_(True),
                                                           PersonRow.trashed_at.is_(None)))
            if me is None:
                return Connections(target, Outcome.NO_ME)
            if me == target_id:
                return Connections(target, Outcome.IS_ME)
            graph = _Graph(session.connection(), me)
            ahead, behind, meeting = graph.shortest(me, target_id)
            if not meeting:
                return Connections(target, Outcome.NO_PATH)
            chains = _paths(ahead, behind, meeting)
            refs = refs_by_id(session, {p for chain in chains for p, _ in chain})
            org_ids = {link.organization_id for chain in chains for _, link in chain
                       if link is not None and link.kind == "employer"}
            org_names = dict(session.execute(select(OrganizationRow.id, OrganizationRow.name)
                                             .where(OrganizationRow.id.in_(org_ids))).all()) \
                if org_ids else {}
            met = _how_met(session, {person for chain in chains for person, link in chain
                                     if link is not None and link.kind == "met"})
        paths = []
        for chain in chains:
            steps = []
            for person, link in chain:
                words = "" if link is None else link.text if link.kind == "text" else \
                    met[person] if link.kind == "met" else \
                    _employer_words(link, org_names)
                steps.append(Step(refs[person], words))
            paths.append(ConnectionPath(tuple(steps)))
        return Connections(target, Outcome.FOUND, tuple(paths))
