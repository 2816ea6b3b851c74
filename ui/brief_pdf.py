"""The meeting brief as a Qt text document: shown on screen, printed, or written as a PDF
by Qt's own PDF writer. The PDF is made in memory and written owner-only in one step."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from app.files import replace_atomically
from app.services.brief import Brief
from ui.brief_html import brief_document, photo_url

PHOTO_PIXELS = 192  # shown at 96 px; twice that stays sharp on paper
MARGIN_MM = 16
SCREEN_MARGIN = 10  # pixels between the window's frame and the text


def add_photos(document: QTextDocument, briefs: list[Brief]) -> None:
    """Each photo as a document resource, straight from its bytes."""
    for brief in briefs:
        if not brief.photo:
            continue
        image = QImage.fromData(brief.photo)
        if image.isNull():
            continue
        document.addResource(QTextDocument.ResourceType.ImageResource,
                             QUrl(photo_url(brief.person_id)),
                             image.scaledToWidth(PHOTO_PIXELS))


def brief_text_document(briefs: list[Brief], today: dt.date, *,
                        on_screen: bool = False) -> QTextDocument:
    """For paper (one page per attendee) or, on_screen, for the window (pages set apart)."""
    document = QTextDocument()
    document.setDocumentMargin(SCREEN_MARGIN if on_screen else 0)
    add_photos(document, briefs)
    document.setHtml(brief_document(briefs, today, on_screen=on_screen))
    return document


def pdf_bytes(document: QTextDocument, title: str = "Meeting brief") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Rapport")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())


def write_pdf(briefs: list[Brief], today: dt.date, path: Path) -> Path:
    """Write the brief as a PDF at path, readable by its owner only; a file already
    there is replaced only once the new one is complete."""
    path = Path(path).expanduser()
    names = ", ".join(b.name for b in briefs)
    data = pdf_bytes(brief_text_document(briefs, today), f"Meeting brief: {names}")
    with replace_atomically(path) as temp:
        temp.write_bytes(data)
    return path


def ensure_gui_application() -> QGuiApplication:
    """The command line has no Qt application: make a windowless one to lay out text."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["rapport-cli"])
    return app
