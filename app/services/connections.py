"""How am I connected to X: the shortest chains of people from the user's own card to X,
through relationships, introductions and shared employers (overlapping dates only).

The graph is read with a few bulk queries and searched breadth-first in memory; shared
employers are expanded one company at a time per level, never as all pairs of staff, so
a company of thousands costs one pass over its staff per level."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from app.domain import PersonRef, inverse_relationship
from app.services.base import Service, person_row, refs_by_id, to_ref
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
                    "through relationships, introductions or shared employers.")
        degree = len(self.paths[0].steps) - 1
        ways = "one shortest path" if len(self.paths) == 1 else \
            f"{len(self.paths)} shortest paths"
        return f"{self.target.name} is {degree} step{'s' if degree > 1 else ''} away: {ways}."


@dataclass(frozen=True)
class _Link:
    """An edge as found, turned into words only for the paths shown."""

    kind: str  # "text" (words ready) or "employer"
    text: str = ""
    organization_id: int = 0
    start: str = ""  # ISO dates of the overlap; "" = unknown
    end: str = ""  # "" = still going on


def _overlap(a_start: str, a_end: str, b_start: str, b_end: str) -> tuple[str, str] | None:
    start, end = max(a_start, b_start), min(a_end or FAR_FUTURE, b_end or FAR_FUTURE)
    if start > end:
        return None
    return start, "" if end == FAR_FUTURE else end


class _Graph:
    def __init__(self, conn) -> None:
        self.edges: dict[int, list[tuple[int, _Link]]] = defaultdict(list)
        self.jobs: dict[int, list[tuple[int, str, str]]] = defaultdict(list)  # org, start, end
        self.staff: dict[int, list[tuple[int, str, str]]] = defaultdict(list)  # person, ...
        trashed = {row[0] for row in conn.exec_driver_sql(
            "SELECT id FROM people WHERE trashed_at IS NOT NULL")}
        for person, other, kind in conn.exec_driver_sql(
                "SELECT person_id, other_id, type FROM relationships"):
            if person not in trashed and other not in trashed:
                role = inverse_relationship(kind)
                phrase = ROLE_PHRASES.get(role, f"is the {role} of")
                self.edges[person].append((other, _Link("text", phrase)))
        for connector, target, status in conn.exec_driver_sql(
                "SELECT connector_id, target_id, status FROM introductions"):
            if connector not in trashed and target not in trashed:
                done = status in DONE_STATUSES
                self._both(connector, target,
                           "introduced you to" if done else "can introduce you to",
                           "was introduced to you by" if done else "can be introduced by")
        for person, introducer in conn.exec_driver_sql(
                "SELECT id, introduced_by_id FROM people WHERE introduced_by_id IS NOT NULL "
                "AND trashed_at IS NULL"):
            if introducer not in trashed:
                self._both(introducer, person, "introduced you to", "was introduced to you by")
        for person, org, start, end in conn.exec_driver_sql(
                "SELECT person_id, organization_id, start_date, end_date FROM employments"):
            if person not in trashed:
                job = (start or "", end or "")
                self.jobs[person].append((org, *job))
                self.staff[org].append((person, *job))

    def _both(self, a: int, b: int, a_to_b: str, b_to_a: str) -> None:
        self.edges[a].append((b, _Link("text", a_to_b)))
        self.edges[b].append((a, _Link("text", b_to_a)))

    def shortest(self, source: int, target: int) -> dict[int, list[tuple[int, _Link]]]:
        """Breadth-first from source; for each person reached, up to MAX_PATHS of the people
        one level closer that lead to them. Stops at the level where target is reached."""
        parents: dict[int, list[tuple[int, _Link]]] = {source: []}
        found: dict[int, list[tuple[int, _Link]]] = {}

        def reach(person: int, parent: int, link: _Link) -> None:
            if person in parents:
                return
            links = found.setdefault(person, [])
            if len(links) < MAX_PATHS and all(p != parent for p, _ in links):
                links.append((parent, link))

        frontier = [source]
        for _depth in range(MAX_DEPTH):
            found = {}
            for person in frontier:
                for other, link in self.edges.get(person, ()):
                    reach(other, person, link)
            self._through_employers(frontier, reach)
            if not found:
                break
            parents.update(found)
            if target in found:
                break
            frontier = list(found)
        return parents

    def _through_employers(self, frontier: list[int], reach) -> None:
        at_org: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for person in frontier:
            for org, start, end in self.jobs.get(person, ()):
                at_org[org].append((person, start, end))
        for org, ours in at_org.items():
            for colleague, c_start, c_end in self.staff[org]:
                for person, start, end in ours:
                    if person == colleague:
                        continue
                    span = _overlap(start, end, c_start, c_end)
                    if span is not None:
                        reach(colleague, person, _Link("employer", organization_id=org,
                                                       start=span[0], end=span[1]))


def _paths(parents: dict[int, list[tuple[int, _Link]]], target: int) -> list[list]:
    """Up to MAX_PATHS chains [(person, link), ...] from the source to target."""
    results: list[list] = []

    def walk(person: int, tail: list) -> None:
        if len(results) >= MAX_PATHS:
            return
        if not parents[person]:
            results.append([(person, None)] + tail)
            return
        for parent, link in parents[person]:
            walk(parent, [(person, link)] + tail)

    walk(target, [])
    return results


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
            graph = _Graph(session.connection())
            parents = graph.shortest(me, target_id)
            if target_id not in parents:
                return Connections(target, Outcome.NO_PATH)
            chains = _paths(parents, target_id)
            refs = refs_by_id(session, {p for chain in chains for p, _ in chain})
            org_ids = {link.organization_id for chain in chains for _, link in chain
                       if link is not None and link.kind == "employer"}
            org_names = dict(session.execute(select(OrganizationRow.id, OrganizationRow.name)
                                             .where(OrganizationRow.id.in_(org_ids))).all()) \
                if org_ids else {}
        paths = []
        for chain in chains:
            steps = []
            for person, link in chain:
                words = "" if link is None else link.text if link.kind == "text" else \
                    _employer_words(link, org_names)
                steps.append(Step(refs[person], words))
            paths.append(ConnectionPath(tuple(steps)))
        return Connections(target, Outcome.FOUND, tuple(paths))
