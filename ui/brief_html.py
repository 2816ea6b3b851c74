"""The meeting brief as one HTML document (Qt rich text): a page per attendee. Every piece
of user text goes through html.escape; the photos are resources named photo_url(id) that
the caller adds to the QTextDocument from the photo bytes (no files)."""

from __future__ import annotations

import datetime as dt
from html import escape

from app.services.brief import Brief, brief_sections, with_period

STYLE = """
<style>
body { font-family: sans-serif; color: #1d232a; }
h1 { font-size: 20pt; margin: 0 0 2px 0; }
.kicker { color: #6b7580; font-size: 8.5pt; }
.lead { font-size: 12pt; margin: 4px 0 2px 0; }
.address { color: #4a5560; }
.heading { font-size: 9pt; font-weight: bold; color: #3b5b7a; margin-top: 14px;
           margin-bottom: 3px; }
.avoid { color: #a3261c; font-weight: bold; }
td { vertical-align: top; padding: 1px 10px 1px 0; }
.label { color: #4a5560; }
ul { margin-top: 0; margin-bottom: 0; }
</style>
"""


def photo_url(person_id: int) -> str:
    return f"brief-photo:{person_id}"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


# On screen there are no pages: a rule with space around it shows where the next one starts.
SCREEN_SEPARATOR = ("<p style='margin-top: 30px; margin-bottom: 12px'>&nbsp;</p><hr>"
                    "<p style='margin-bottom: 12px'>&nbsp;</p>")


def brief_document(briefs: list[Brief], today: dt.date, *, on_screen: bool = False) -> str:
    pages = [_page(brief, today, first=n == 0, on_screen=on_screen)
             for n, brief in enumerate(briefs)]
    return "<html><head>" + STYLE + "</head><body>" + "".join(pages) + "</body></html>"


def _page(brief: Brief, today: dt.date, *, first: bool, on_screen: bool = False) -> str:
    # Qt honours page-break-before on block elements when printing or writing a PDF.
    style = "" if first else " style='page-break-before: always'"
    separator = SCREEN_SEPARATOR if on_screen and not first else ""
    kicker = f"Meeting brief · {today.day} {today:%B %Y}"
    header = [f"<p class='kicker'>{_e(kicker)}</p>", f"<h1>{_e(brief.name)}</h1>"]
    if brief.lead:
        header.append(f"<p class='lead'>{_e(with_period(brief.lead))}</p>")
    if brief.address_as:
        header.append(f"<p class='address'>{_e(brief.address_as)}</p>")
    head = "".join(header)
    if brief.photo:
        head = (f"<table cellspacing='0' cellpadding='0'><tr><td width='112'>"
                f"<img src='{photo_url(brief.person_id)}' width='96'></td>"
                f"<td>{head}</td></tr></table>")
    return f"{separator}<div{style}>{head}{_sections(brief, today)}</div>"


def _sections(brief: Brief, today: dt.date) -> str:
    fact_titles = {g.title for g in brief.facts}
    parts: list[str] = []
    personal: list[str] = []
    for title, rows in brief_sections(brief, today):
        if title in fact_titles:
            if not personal:
                parts.append("\0personal")  # where the personal notes go
            css = " class='avoid'" if title == "Topics to avoid" else ""
            personal.append(f"<tr><td class='label'>{_e(title)}</td>"
                            f"<td{css}>{_e('; '.join(rows))}</td></tr>")
            continue
        items = "".join(f"<li>{_e(row)}</li>" for row in rows)
        parts.append(f"<p class='heading'>{_e(title.upper())}</p><ul>{items}</ul>")
    block = ("<p class='heading'>PERSONAL</p><table cellspacing='0'>" + "".join(personal)
             + "</table>") if personal else ""
    return "".join(block if part == "\0personal" else part for part in parts)
