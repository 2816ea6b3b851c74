"""Work on 100,000s of small objects (imports, exports) with Python's cycle collector paused.

Each collector pass walks every object alive, and a pass comes every few thousand new
objects: reading 100,000 contacts spent a quarter to half of its time there. Records hold
no reference cycles; plain reference counting frees what is dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block. At its end, what the block made and kept (records of
    an import, its plan, an agenda) joins the oldest generation at once: otherwise the next
    allocations ran passes of the young generations over all of it, 0.5 s after reading
    100,000 contacts, and as much again later. Young objects of other threads move too; any
    cycle among them is freed by the next full collection instead of a young one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # freeze() then unfreeze(): every tracked object into the oldest
            gc.unfreeze()  # generation, without a pass over any of them
            gc.enable()
