"""The people list as a Qt model over the database: rows are loaded a page at a time, when
the view asks for them, so 100,000 people cost what one screenful costs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from app.domain import Page, PeopleFilter, PersonSummary
from ui.dates import day_month, day_month_year

PAGE_SIZE = 200
SEARCH_LIMIT = 100
COLUMNS = ("name", "job", "last", "next")
SORT_KEYS = ("name", "company", "last_contacted", "next_reminder")  # by column


def when(moment: dt.datetime | None, today: dt.date | None = None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    today = today or dt.date.today()
    days = (local.date() - today).days
    if days == 0:
        return local.strftime("today %H:%M")
    if days == -1:
        return "yesterday"
    if days == 1:
        return "tomorrow"
    return day_month_year(local) if local.year != today.year else day_month(local)


def sort_summaries(people: list[PersonSummary], sort: str,
                   descending: bool) -> list[PersonSummary]:
    """Sort a few rows in memory like PeopleService.ordered_ids: people without a value last."""
    value = {"company": lambda p: p.company.casefold() or None,
             "last_contacted": lambda p: p.last_contacted,
             "next_reminder": lambda p: p.next_reminder}[sort]
    with_value = sorted((p for p in people if value(p) is not None), key=value,
                        reverse=descending)
    return with_value + [p for p in people if value(p) is None]


class PeopleModel(QAbstractTableModel):
    """Either a filtered list (paged) or search results (top matches, names first)."""

    PersonIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, load_page: Callable[[PeopleFilter, int, int], Page],
                 search: Callable[[str, int, bool], list[PersonSummary]],
                 load_summaries: Callable[[list[int]], list[PersonSummary]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load_page = load_page
        self._search = search
        self._load_summaries = load_summaries
        self._filters = PeopleFilter()
        self._query = ""
        self._ids: list[int] | None = None  # the order, when sorted by another column
        self._pages: dict[int, list[PersonSummary]] = {}
        self._total = 0
        self.headers = (self.tr("Name"), self.tr("Company and title"),
                        self.tr("Last contacted"), self.tr("Next reminder"))

    # --- what to show -------------------------------------------------------------------

    def show(self, filters: PeopleFilter, query: str = "", sort: str = "name",
             descending: bool = False) -> None:
        """The filtered list in name order (paged), or search results sorted by `sort`."""
        self.beginResetModel()
        self._filters, self._query, self._ids = filters, query.strip(), None
        self._pages.clear()
        if self._query:
            results = self._search(self._query, SEARCH_LIMIT, filters.trashed)
            if sort != "name":
                results = sort_summaries(results, sort, descending)
            self._pages[0] = results
            self._total = len(results)
        else:
            page = self._load_page(filters, 0, PAGE_SIZE)
            self._pages[0], self._total = page.items, page.total
        self.endResetModel()

    def show_ids(self, filters: PeopleFilter, ids: list[int]) -> None:
        """Everyone in this order (from PeopleService.ordered_ids), read a page at a time."""
        self.beginResetModel()
        self._filters, self._query, self._ids = filters, "", ids
        self._pages.clear()
        self._total = len(ids)
        self.endResetModel()

    def refresh(self) -> None:
        """Reload after a change, keeping the filter and query."""
        self.show(self._filters, self._query)

    def clear(self) -> None:
        """Forget every row (on lock)."""
        self.beginResetModel()
        self._pages.clear()
        self._ids = None
        self._total = 0
        self.endResetModel()

    @property
    def filters(self) -> PeopleFilter:
        return self._filters

    @property
    def query(self) -> str:
        return self._query

    def person_at(self, row: int) -> PersonSummary | None:
        if not 0 <= row < self._total:
            return None
        page = row // PAGE_SIZE if not self._query else 0
        if page not in self._pages:
            start = page * PAGE_SIZE
            if self._ids is not None and self._load_summaries is not None:
                self._pages[page] = self._load_summaries(self._ids[start:start + PAGE_SIZE])
            else:
                self._pages[page] = self._load_page(self._filters, start, PAGE_SIZE).items
        items = self._pages[page]
        index = row - page * PAGE_SIZE if not self._query else row
        return items[index] if index < len(items) else None

    def row_of(self, person_id: int) -> int | None:
        """The row of a person among the rows loaded so far."""
        for page, items in self._pages.items():
            for offset, person in enumerate(items):
                if person.id == person_id:
                    return (0 if self._query else page * PAGE_SIZE) + offset
        return None

    # --- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        person = self.person_at(index.row()) if index.isValid() else None
        if person is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and column in ("name", "job"):
            # two people of one name differ by what they do: say both where either is cut
            job = self.data(index.siblingAtColumn(1))
            return person.name + (f" — {job}" if job else "")
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return person.name + (self.tr(" (loved one)") if person.is_light else "")
            if column == "job":
                return self.tr("%1 at %2").replace("%1", person.title).replace(
                    "%2", person.company) if person.title and person.company \
                    else person.title or person.company
            if column == "last":
                return when(person.last_contacted)
            return when(person.next_reminder)
        if role == self.PersonIdRole:
            return person.id
        if role == Qt.ItemDataRole.ToolTipRole and column == "next" and person.next_reminder:
            local = person.next_reminder.astimezone()
            return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"
        return None
