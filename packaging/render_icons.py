"""Render Rapport's icon (resources/icons/rapport.svg, the one source) into what installers
need: the hicolor PNG sizes for Linux, an .ico for Windows and an .icns for macOS.

    python packaging/render_icons.py     # writes packaging/icons/ (committed)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "rapport.svg"
OUT = ROOT / "packaging" / "icons"
APP_ID = "org.rapportapp.Rapport"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def save(image: QImage, path: Path, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), fmt):
        raise SystemExit(f"could not write {path}")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    for size in SIZES:
        save(render(renderer, size), OUT / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
             "PNG")
    scalable = OUT / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    save(render(renderer, 256), OUT / "rapport.ico", "ICO")
    save(render(renderer, 1024), OUT / "rapport.icns", "ICNS")
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
