"""Personal intel: dated facts in categories (likes, pet peeves, gift ideas ...)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain import Fact, parse_quick_fact
from app.errors import InvalidInput, NotFound
from app.services import read_models
from app.services.base import Service, changed, existing, person_row
from app.store.models import FactRow, InteractionRow


class FactsService(Service):
    def add(self, person_id: int, category: str, text: str, *, noted_on: dt.date | None = None,
            source_interaction_id: int | None = None) -> Fact:
        category, text = category.strip().lower(), text.strip()
        if not category or not text:
            raise InvalidInput("A fact needs a category and some text.", "fact")
        with self._db.transaction() as session:
            person_row(session, person_id)
            if source_interaction_id is not None and session.get(
                    InteractionRow, source_interaction_id) is None:
                raise NotFound(f"There is no interaction #{source_interaction_id}.")
            row = FactRow(person_id=person_id, category=category, text=text,
                          noted_on=noted_on or dt.date.today(),
                          source_interaction_id=source_interaction_id)
            session.add(row)
            changed(session, person_id)
            return read_models.fact(row)

    def quick_add(self, person_id: int, line: str) -> Fact:
        """'likes: single malt' in one line."""
        category, text = parse_quick_fact(line)
        return self.add(person_id, category, text)

    def update(self, fact_id: int, *, category: str | None = None, text: str | None = None,
               noted_on: dt.date | None = None) -> Fact:
        with self._db.transaction() as session:
            row = existing(session, FactRow, fact_id, "fact")
            if category is not None:
                if not category.strip():
                    raise InvalidInput("A fact needs a category.", "category")
                row.category = category.strip().lower()
            if text is not None:
                if not text.strip():
                    raise InvalidInput("A fact needs some text.", "text")
                row.text = text.strip()
            if noted_on is not None:
                row.noted_on = noted_on
            changed(session, row.person_id)
            return read_models.fact(row)

    def remove(self, fact_id: int) -> None:
        with self._db.transaction() as session:
            row = existing(session, FactRow, fact_id, "fact")
            session.delete(row)
            changed(session, row.person_id)

    def list(self, person_id: int, category: str | None = None) -> list[Fact]:
        with self._db.read() as session:
            query = select(FactRow).where(FactRow.person_id == person_id)
            if category:
                query = query.where(FactRow.category == category.strip().lower())
            rows = session.scalars(query.order_by(FactRow.category, FactRow.noted_on, FactRow.id))
            return [read_models.fact(r) for r in rows]

    def categories(self) -> list[str]:
        """Built-in categories first, then the ones the user invented."""
        from app.domain import FACT_CATEGORIES

        with self._db.read() as session:
            used = set(session.scalars(select(FactRow.category).distinct()))
        return list(FACT_CATEGORIES) + sorted(used - set(FACT_CATEGORIES))
