"""The pipeline: counts per stage, each stage's people, the dated history of every move,
and the nudge when prospects fall below the user's target."""

import pytest

from app.domain import PersonDraft, Stage
from app.errors import InvalidInput


def add(nb, name, stage=None):
    return nb.people.create(PersonDraft(given_name=name, stage=stage)).id


def test_counts_and_people_per_stage(nb):
    for name in ("Ana", "Ben", "Cy"):
        add(nb, name, Stage.PROSPECT)
    add(nb, "Dee", Stage.CUSTOMER)
    add(nb, "Eve")
    gone = add(nb, "Fay", Stage.PROSPECT)
    nb.people.trash(gone)
    counts = nb.pipeline.counts()
    assert counts.counts == {Stage.PROSPECT: 3, Stage.CUSTOMER: 1, Stage.ADVOCATE: 0,
                             Stage.NOT_NOW: 0, Stage.LOST: 0}
    page = nb.pipeline.people(Stage.PROSPECT, limit=2)
    assert page.total == 3 and [p.name for p in page.items] == ["Ana", "Ben"]


def test_every_stage_change_is_kept_with_its_date(nb):
    ana = add(nb, "Ana", Stage.PROSPECT)
    nb.pipeline.set_stage(ana, Stage.CUSTOMER)
    nb.people.update(ana, stage=Stage.ADVOCATE)  # the edit dialog's path
    nb.people.update(ana, stage=Stage.ADVOCATE)  # no move, no row
    history = nb.pipeline.history(ana)
    assert [(h.from_stage, h.to_stage) for h in history] == [
        (None, Stage.PROSPECT), (Stage.PROSPECT, Stage.CUSTOMER), (Stage.CUSTOMER, Stage.ADVOCATE)]
    assert history[0].changed_at <= history[1].changed_at <= history[2].changed_at
    assert nb.people.get(ana).stage == Stage.ADVOCATE


def test_the_prospect_target_nudges_when_prospects_run_low(nb):
    add(nb, "Ana", Stage.PROSPECT)
    assert nb.pipeline.counts().prospects_short == 0  # no target, no nudge
    nb.pipeline.set_prospect_target(10)
    counts = nb.pipeline.counts()
    assert (counts.prospect_target, counts.prospects_short) == (10, 9)
    with pytest.raises(InvalidInput):
        nb.pipeline.set_prospect_target(-1)


def test_a_bad_stage_changes_nothing(nb):
    ana = add(nb, "Ana", Stage.PROSPECT)
    with pytest.raises(InvalidInput, match="not a stage"):
        nb.pipeline.set_stage(ana, "won")
    assert len(nb.pipeline.history(ana)) == 1
