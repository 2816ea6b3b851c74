"""A 10,000-person notebook in the window: search from the box, scroll to the end."""

import pytest
from PySide6.QtCore import Qt

from bench.generate import generate
from ui.models.people_model import PAGE_SIZE

pytestmark = pytest.mark.slow


def test_search_and_scroll_10000_people(unlocked, qtbot):
    people, interactions = generate(10_000, seed=11)
    unlocked.notebook.bulk.add_people(people, interactions)
    unlocked._changed()
    model = unlocked.model
    assert model.rowCount() == 10_000
    assert len(model._pages) == 1  # only the first page was read

    search = unlocked.window.workspace.search
    qtbot.keyClicks(search, "lima")
    qtbot.waitUntil(lambda: model.query == "lima", timeout=3000)
    found = [model.person_at(r) for r in range(model.rowCount())]
    assert found and all("lima" in p.name.lower() for p in found[:10])
    assert [p.name for p in found] == sorted((p.name for p in found), key=str.casefold)

    search.clear()
    qtbot.waitUntil(lambda: model.query == "" and model.rowCount() == 10_000, timeout=3000)
    table = unlocked.window.workspace.table
    table.scrollToBottom()
    last = model.index(model.rowCount() - 1, 0)
    assert model.data(last, Qt.ItemDataRole.DisplayRole)
    assert (10_000 - 1) // PAGE_SIZE in model._pages
    assert len(model._pages) < 5  # the pages in between were never read
