"""One person's page, readable at a glance: rendered as rich text with links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.domain import LOVED_ONE_TYPES, Person
from ui.contact_labels import contact_href, readable_label
from ui.dates import day_month_year
from ui.introductions_view import introductions_section, pipeline_section
from ui.models.people_model import when

CATEGORY_TITLES = {
    "like": "Likes", "dislike": "Dislikes", "pet peeve": "Pet peeves",
    "food & drink": "Food and drink", "hobby": "Hobbies", "goal": "Goals",
    "avoid": "Topics to avoid", "gift idea": "Gift ideas", "gift given": "Gifts given",
    "family": "Family", "other": "Other",
}
CATEGORY_ORDER = ("like", "dislike", "pet peeve", "avoid", "food & drink", "hobby")
STAGE_TITLES = {"prospect": "Prospect", "customer": "Customer", "advocate": "Advocate",
                "not_now": "Not now", "lost": "Lost"}

STYLE = """
<style>
h1 { margin: 0; font-size: 20pt; }
.sub { color: palette(mid); }
.tag { background: palette(alternate-base); }
td { padding: 2px 10px 2px 0; vertical-align: top; }
a { text-decoration: none; }
</style>
"""


def _t(text: str) -> str:
    return QCoreApplication.translate("PersonView", text)


def section(title: str) -> str:
    """A section heading: small, bold, in the text colour (rich text's h2 is too loud)."""
    return ("<p style='margin-top: 14px; margin-bottom: 3px; font-weight: bold; "
            f"font-size: small; color: #46525e'>{_e(title)}</p>")


def _e(text: object) -> str:
    return escape(str(text or ""))


def _date(value: dt.date | None) -> str:
    return day_month_year(value) if value else ""


RECORD_ACTIONS = ("edit-reminder", "delete-reminder", "edit-interaction", "delete-interaction")


def _record_links(what: str, record_id: int) -> str:
    """' · change · delete' after a reminder or an interaction."""
    return (f" <span class='sub'>·</span> <a href='edit-{what}:{record_id}'>{_t('change')}</a>"
            f" <span class='sub'>·</span> <a href='delete-{what}:{record_id}'>"
            f"{_t('delete')}</a>")


class PersonView(QTextBrowser):
    """Shows a Person. Links: person:ID opens a person, copy:TEXT copies, mailto/tel open."""

    person_activated = Signal(int)
    copied = Signal(str)
    fact_removed = Signal(int)
    reminder_done = Signal(int)
    # ("edit-reminder" | "delete-reminder" | "edit-interaction" | "delete-interaction", id)
    record_action = Signal(str, int)
    company_activated = Signal(int)
    intro_status = Signal(int, str)  # introduction id, new status
    intro_thanked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.setAccessibleName(self.tr("Person page"))
        self.person: Person | None = None
        self.show_empty()

    def show_empty(self, message: str = "") -> None:
        self.person = None
        message = message or self.tr("Choose someone on the left, or add a person with Ctrl+N.")
        self.setHtml(STYLE + f"<p class='sub'>{_e(message)}</p>")

    def show_person(self, person: Person, photo: bytes | None = None) -> None:
        self.person = person
        if photo:
            image = QImage.fromData(photo)
            if not image.isNull():
                self.document().addResource(QTextDocument.ResourceType.ImageResource,
                                            QUrl("photo:current"), image.scaledToHeight(96))
        self.setHtml(STYLE + render(person, has_photo=bool(photo)))

    def _follow(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "person":
            self.person_activated.emit(int(url.path()))
        elif scheme == "copy":
            text = url.path()
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
        elif scheme == "remove-fact":
            self.fact_removed.emit(int(url.path()))
        elif scheme == "done":
            self.reminder_done.emit(int(url.path()))
        elif scheme in RECORD_ACTIONS:
            self.record_action.emit(scheme, int(url.path()))
        elif scheme == "company":
            self.company_activated.emit(int(url.path()))
        elif scheme == "intro-status":
            intro_id, _, status = url.path().partition(":")
            self.intro_status.emit(int(intro_id), status)
        elif scheme == "intro-thanked":
            self.intro_thanked.emit(int(url.path()))
        elif scheme in ("mailto", "tel", "http", "https", "skype"):
            QDesktopServices.openUrl(url)


def render(p: Person, has_photo: bool = False) -> str:
    parts: list[str] = []
    header = f"<h1>{_e(p.name)}</h1>"
    if p.nickname and p.nickname.strip().casefold() != p.name.casefold():
        header += f"<span class='sub'>{_t('Goes by %1').replace('%1', _e(p.nickname))}</span><br>"
    if p.pronouns:
        header += f"<span class='sub'>{_e(p.pronouns)}</span><br>"
    jobs = p.current_jobs
    if jobs:
        header += "<br>".join(_job_link(j) for j in jobs) + "<br>"
    badges = []
    if p.is_me:
        badges.append("you")
    if p.stage:
        badges.append(STAGE_TITLES[p.stage.value])
    badges += [f"#{t}" for t in p.tags]
    if p.is_light:
        badges.append("loved one, not in the people list")
    if p.trashed_at:
        badges.append("in the trash")
    if badges:
        header += f"<span class='sub'>{_e('  ·  '.join(badges))}</span>"
    if has_photo:
        parts.append(f"<table><tr><td><img src='photo:current'></td><td>{header}</td></tr></table>")
    else:
        parts.append(header)

    facts_line = []
    if p.last_contacted:
        facts_line.append(_t("Last contacted %1").replace("%1", when(p.last_contacted)))
    if p.cadence_days:
        facts_line.append(_t("keep in touch every %1 days").replace("%1", str(p.cadence_days)))
    if facts_line:
        parts.append(f"<p class='sub'>{_e('; '.join(facts_line))}</p>")

    rows = []
    for c in p.contact_points:
        label = readable_label(c)
        href = contact_href(c)
        value = f"<a href='{_e(href)}'>{_e(c.value)}</a>" if href else _e(c.value)
        rows.append(f"<tr><td class='sub'>{_e(label)}</td><td>{value}</td>"
                    f"<td><a href='copy:{_e(c.value)}'>{_t('copy')}</a></td></tr>")
    for a in p.addresses:
        rows.append(f"<tr><td class='sub'>{_e(a.label or 'address')}</td>"
                    f"<td>{_e(a.one_line())}</td><td></td></tr>")
    if p.birthday:
        rows.append(f"<tr><td class='sub'>{_t('birthday')}</td>"
                    f"<td>{_e(_birthday(p.birthday))}</td></tr>")
    for d in p.important_dates:
        rows.append(f"<tr><td class='sub'>{_e(d.label)}</td><td>{_e(_birthday(d.date))}</td></tr>")
    if rows:
        parts.append(section(_t("CONTACT")) + "<table>" + "".join(rows) + "</table>")

    about = []
    if p.hometown:
        about.append(f"<tr><td class='sub'>{_t('from')}</td><td>{_e(p.hometown)}</td></tr>")
    if p.how_we_met or p.met_on:
        met = _e(p.how_we_met) + (f" ({_date(p.met_on)})" if p.met_on else "")
        about.append(f"<tr><td class='sub'>{_t('how we met')}</td><td>{met}</td></tr>")
    if p.introduced_by:
        about.append(f"<tr><td class='sub'>{_t('introduced by')}</td>"
                     f"<td><a href='person:{p.introduced_by.id}'>"
                     f"{_e(p.introduced_by.name)}</a></td></tr>")
    if about:
        parts.append(section(_t("BACKGROUND")) + "<table>" + "".join(about) + "</table>")

    by_category: dict[str, list] = defaultdict(list)
    for f in p.facts:
        by_category[f.category].append(f)
    if by_category:
        parts.append(section(_t("PERSONAL INTEL")) + "<table>")
        for category, facts in sorted(by_category.items(), key=lambda c: _category_rank(c[0])):
            title = CATEGORY_TITLES.get(category, category.capitalize())
            items = "<br>".join(
                _e(f.text) + f" <span class='sub'>{_date(f.noted_on)}</span>"
                f" <a href='remove-fact:{f.id}' title='{_t('Remove this fact')}'>×</a>"
                for f in facts)
            parts.append(f"<tr><td class='sub'>{_e(title)}</td><td>{items}</td></tr>")
        parts.append("</table>")

    loved = [r for r in p.relationships if r.type in LOVED_ONE_TYPES]
    others = [r for r in p.relationships if r.type not in LOVED_ONE_TYPES]
    for title, group in ((_t("LOVED ONES"), loved), (_t("COLLEAGUES AND OTHERS"), others)):
        if group:
            parts.append(section(title) + "<table>")
            for r in group:
                light = (f" <span class='sub'>({_t('not in the people list')})</span>"
                         if r.other.is_light else "")
                parts.append(f"<tr><td class='sub'>{_e(r.type)}</td><td><a href='person:{r.other.id}'>"
                             f"{_e(r.other.name)}</a>{light}</td></tr>")
            parts.append("</table>")

    parts.append(introductions_section(p, section))
    parts.append(pipeline_section(p, section, STAGE_TITLES))

    if p.employments:
        parts.append(section(_t("CAREER")) + "<table>")
        for j in p.employments:
            if j.start:
                span = f"{_date(j.start)} – {_date(j.end) or _t('now')}"
            else:
                span = _t("until %1").replace("%1", _date(j.end)) if j.end else _t("now")
            what = _job_link(j)
            boss = (f" <span class='sub'>{_t('reports to')} <a href='person:{j.reports_to.id}'>"
                    f"{_e(j.reports_to.name)}</a></span>") if j.reports_to else ""
            parts.append(f"<tr><td class='sub'>{span}</td><td>{what}{boss}</td></tr>")
        parts.append("</table>")

    open_reminders = [r for r in p.reminders if not r.is_closed]
    if open_reminders:
        parts.append(section(_t("REMINDERS AND PROMISES")) + "<table>")
        for r in open_reminders:
            kind = {"promise": _t("promise"), "follow_up": _t("follow-up")}.get(
                r.kind.value, _t("reminder"))
            label = "" if r.title.lower().startswith(("follow up", kind)) else \
                f" <span class='sub'>({kind})</span>"
            parts.append(f"<tr><td class='sub'>{when(r.due_at)}</td><td>{_e(r.title)}"
                         f"{label} <a href='done:{r.id}'>{_t('done')}</a>"
                         f"{_record_links('reminder', r.id)}</td></tr>")
        parts.append("</table>")

    if p.interactions:
        parts.append(section(_t("INTERACTIONS")) + "<table>")
        for i in p.interactions[:30]:
            with_ = [f"<a href='person:{x.id}'>{_e(x.name)}</a>" for x in i.participants
                     if x.id != p.id]
            line = f"<b>{_e(i.kind.capitalize())}</b> {_e(i.subject)}"
            if with_:
                line += f" <span class='sub'>{_t('with')}</span> " + ", ".join(with_)
            if i.location:
                line += f" <span class='sub'>{_t('at')}</span> {_e(i.location)}"
            line += _record_links("interaction", i.id)
            if i.notes:
                line += f"<br><span>{_e(i.notes)}</span>"
            parts.append(f"<tr><td class='sub'>{when(i.occurred_at)}</td><td>{line}</td></tr>")
        parts.append("</table>")

    if p.custom_fields:
        parts.append(section(_t("MORE")) + "<table>" + "".join(
            f"<tr><td class='sub'>{_e(c.name)}</td><td>{_e(c.value)}</td></tr>"
            for c in p.custom_fields) + "</table>")
    if p.notes:
        parts.append(section(_t("NOTES")) + "<p>" + _e(p.notes).replace("\n", "<br>") + "</p>")
    return "".join(parts)


def _category_rank(category: str) -> tuple[int, str]:
    """What to bring up and what to steer clear of first, then the rest alphabetically."""
    if category in CATEGORY_ORDER:
        return CATEGORY_ORDER.index(category), ""
    return len(CATEGORY_ORDER), CATEGORY_TITLES.get(category, category).casefold()


def _birthday(date) -> str:
    text = f"{date.day} {dt.date(2000, date.month, date.day):%B}"  # "14 March", spelled out
    if date.year:
        text += f" {date.year}"
    return text


def _job_link(job) -> str:
    """'Title at <Company>', the company a link to its page."""
    company = f"<a href='company:{job.organization.id}'>{_e(job.organization.name)}</a>"
    return f"{_e(job.title)} at {company}" if job.title else company
