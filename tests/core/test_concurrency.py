"""Two threads writing at once (the UI's worker and a tray action) both succeed."""

import threading

from app.domain import PersonDraft


def test_concurrent_writers_wait_for_each_other(nb):
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    errors = []

    def write(prefix):
        try:
            for i in range(15):
                nb.facts.add(ana.id, "like", f"{prefix} {i}")
                nb.people.update(ana.id, notes=f"{prefix} {i}")
        except Exception as exc:  # noqa: BLE001 - any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(nb.facts.list(ana.id)) == 30
