"""The desktop window at 100,000 people: time to an interactive window, and keystroke to
updated list (median, p95).

    python bench/window.py [--people N]

Uses the notebook bench/search.py builds (bench/out/), opened through the real unlock
screen with the passphrase (key derivation included), offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.generate import build  # noqa: E402
from bench.search import OUT, PASSPHRASE, percentile  # noqa: E402

WORDS = ["jo", "lima", "sailing", "acme", "porto", "7946", "ana sm", "vp eng", "jazz", "oliv"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    path = OUT / f"bench-{args.people}.rapport"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        print(f"building {args.people:,} people first: {build(path, args.people, PASSPHRASE):.0f} s")

    app = QApplication(sys.argv)
    QCoreApplication.setOrganizationName("RapportBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from ui.application import RapportApp

    started = time.perf_counter()
    rapport = RapportApp(path)
    rapport.start()
    unlock = rapport.window.unlock
    while not unlock.unlock_button.isEnabled():
        app.processEvents()
    shown = time.perf_counter()
    unlock.passphrase.setText(PASSPHRASE)
    typed = time.perf_counter()
    unlock.unlock_button.click()
    while rapport.notebook is None or rapport.model.rowCount() == 0:
        app.processEvents()
    ready = time.perf_counter()
    print(f"window with unlock screen: {(shown - started) * 1000:.0f} ms; "
          f"unlock to a listed, interactive window: {(ready - typed) * 1000:.0f} ms "
          f"(total {(ready - started - (typed - shown)) * 1000:.0f} ms, "
          f"{rapport.model.rowCount():,} people)")
    while rapport.ops.busy:  # the warm-up read that follows unlocking
        app.processEvents()

    search = rapport.window.workspace.search
    latencies = []
    for _ in range(3):
        for word in WORDS:
            search.clear()
            app.processEvents()
            for char in word:
                before = time.perf_counter()
                QTest.keyClick(search, char)
                while rapport.model.query != search.text().strip():
                    app.processEvents()
                rapport.window.workspace.table.viewport().repaint()
                latencies.append((time.perf_counter() - before) * 1000)
    scroll_started = time.perf_counter()
    search.clear()
    app.processEvents()
    table = rapport.window.workspace.table
    table.scrollToBottom()
    table.viewport().repaint()
    scroll_ms = (time.perf_counter() - scroll_started) * 1000
    print(f"keystroke to updated list: median {statistics.median(latencies):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms ({len(latencies)} keystrokes)")
    print(f"clear the search and jump to the last of {rapport.model.rowCount():,} people: "
          f"{scroll_ms:.0f} ms")
    rapport.shutdown()


if __name__ == "__main__":
    main()
