"""Guards against Qt binding bugs that would crash Rapport."""

import sys

from PySide6.QtCore import QCoreApplication


def test_process_events_keeps_none_alive(qapp):
    """PySide6 6.12.0 dropped a reference to None on every processEvents() call, which
    aborts the interpreter after a few thousand calls (pytest-qt's waits, our own wait for
    the worker). pyproject excludes that version; this catches any other that does it."""
    before = sys.getrefcount(None)
    for _ in range(500):
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -50
