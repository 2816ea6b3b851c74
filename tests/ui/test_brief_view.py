"""The meeting brief on screen, on paper and as a PDF whose text holds the facts."""

import datetime as dt
import stat

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument

from app.cli import main as cli_main
from app.domain import PersonDraft
from tests.conftest import PASSPHRASE
from tests.meeting_notebook import fill
from ui.brief_html import brief_document
from ui.brief_pdf import write_pdf
from ui.brief_view import BriefWindow, pdf_name

pypdf = pytest.importorskip("pypdf")

TODAY = dt.date(2026, 3, 10)


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def people(nb):
    return fill(nb, TODAY)


def test_the_pdf_has_a_page_per_attendee_with_their_facts(nb, people, tmp_path):
    briefs = nb.brief.build([people["ana"], people["ben"]], today=TODAY)
    folder = tmp_path / "briefs"
    folder.mkdir()
    path = write_pdf(briefs, TODAY, folder / "brief.pdf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["brief.pdf"]  # no temp file left over
    ana_page, ben_page = (flat(t) for t in pdf_text(path))
    for expected in ("Ana Lima", "Head of Procurement at Acme for 3 years 1 month",
                     "met at SaaStr 2023 through Carla Diaz", "Goes by “Annie”",
                     "Procurement Lead at Globex (2019–2022)", "From Porto",
                     "Rui Lima (spouse) — birthday in 19 days", "Port wine, especially tawny",
                     "the Globex reorganisation", "people who arrive late to calls",
                     "Lunch in Porto", "Send Ana the logistics reference (Stark)",
                     "PEOPLE YOU BOTH KNOW", "Carla Diaz — introduced you to Annie"):
        assert expected in ana_page, expected
    assert "Dr. Benedict Okafor" in ben_page and "golf — he hates being asked" in ben_page
    assert "Arsenal" not in ana_page  # each person on their own page


def test_user_text_is_escaped_not_interpreted(nb):
    sneaky = nb.people.create(PersonDraft(given_name="<b>Bo</b>", family_name="&amp; <img>"))
    nb.facts.quick_add(sneaky.id, "likes: <script>alert(1)</script> & <i>tags</i>")
    html = brief_document(nb.brief.build([sneaky.id], today=TODAY), TODAY)
    assert "&lt;b&gt;Bo&lt;/b&gt; &amp;amp; &lt;img&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;i&gt;tags&lt;/i&gt;" in html
    assert "<script>" not in html and "<i>" not in html


def test_empty_sections_have_no_heading(nb):
    bare = nb.people.create(PersonDraft(given_name="Bare", family_name="Person"))
    html = brief_document(nb.brief.build([bare.id], today=TODAY), TODAY)
    assert "Bare Person" in html
    for heading in ("ROLE AND CAREER", "BACKGROUND", "LOVED ONES", "PERSONAL",
                    "LAST CONVERSATIONS", "OPEN PROMISES", "PEOPLE YOU BOTH KNOW"):
        assert heading not in html


def test_brief_window_shows_saves_and_follows_the_attendees(unlocked, qtbot, tmp_path):
    nb = unlocked.notebook
    ids = fill(nb)
    unlocked._changed(ids["ana"])
    unlocked.window.actions["brief"].trigger()  # Ctrl+B: the person shown is the first one
    window = unlocked.window.findChild(BriefWindow)
    assert window is not None and window.isVisible()
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= screen.height()  # Print, Save, Close on screen
    assert window.attendee_ids() == [ids["ana"]]
    assert "Head of Procurement at Acme" in window.view.toPlainText()
    window.add_attendee(ids["ben"], "Dr. Benedict Okafor")
    assert window.message.text() == "2 pages, one per attendee"
    assert "Arsenal" in window.view.toPlainText()
    photo = window.document.resource(QTextDocument.ResourceType.ImageResource,
                                     QUrl(f"brief-photo:{ids['ana']}"))
    assert isinstance(photo, QImage) and photo.width() == 192  # from the bytes, no file
    saved = window.save_pdf(tmp_path / "meeting.pdf")
    assert "Arsenal" in flat(pdf_text(saved)[1]) and "Saved to" in window.message.text()
    window.attendees.setCurrentRow(0)
    window._remove_selected()
    assert window.attendee_ids() == [ids["ben"]]
    assert "Port wine" not in window.view.toPlainText()
    window.attendees.setCurrentRow(0)
    window._remove_selected()
    assert not window.pdf_button.isEnabled() and "Add the people" in window.view.toPlainText()
    window.grab().save(str(tmp_path / "brief.png"))


def test_locking_closes_the_brief(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    window = unlocked.open_brief([(ana.id, "Ana")])
    qtbot.waitUntil(window.isVisible)
    unlocked.lock()
    assert not window.isVisible()


def test_a_pdf_that_cannot_be_written_says_why_and_leaves_nothing(unlocked, tmp_path,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    window = unlocked.open_brief([(ana.id, "Ana")])
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert window.save_pdf(tmp_path / "missing folder" / "b.pdf") is None
    assert "could not be written" in shown[0]
    assert not (tmp_path / "missing folder").exists()


def test_pdf_names_are_safe_file_names():
    assert pdf_name(["Ana Lima", "Ben / Co: <x>"]) == "Brief - Ana Lima, Ben Co x.pdf"


def test_cli_brief_as_text_and_as_pdf(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cli.rapport"
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("app.cli._interactive", lambda: False)
    assert cli_main(["--notebook", str(path), "init"]) == 0
    from app.notebook import Notebook

    with Notebook.open(path, PASSPHRASE) as nb:
        fill(nb)
    capsys.readouterr()
    assert cli_main(["--notebook", str(path), "brief", "Ana Lima", "Benedict"]) == 0
    out = capsys.readouterr().out
    assert "Ana Lima\n========" in out and "TOPICS TO AVOID" in out and "Arsenal" in out
    pdf = tmp_path / "out.pdf"
    assert cli_main(["--notebook", str(path), "brief", "Ana Lima", "--pdf", str(pdf)]) == 0
    out, err = capsys.readouterr()
    assert "Wrote the brief on Ana Lima" in out and "NOT encrypted" in err
    assert "Port wine, especially tawny" in flat(pdf_text(pdf)[0])
    assert cli_main(["--notebook", str(path), "connect", "Helena Park"]) == 0
    assert "Sam Carter — worked with (Northwind, 2018–2021) — Daniel Weiss — reports to — " \
           "Helena Park" in capsys.readouterr().out
    assert cli_main(["--notebook", str(path), "company", "Acme"]) == 0
    out = capsys.readouterr().out
    assert "Worked there (2):" in out and "  Dr. Benedict Okafor — CFO" in out


def test_keyboard_shortcuts(unlocked):
    actions = unlocked.window.actions
    assert actions["brief"].shortcut().toString() == "Ctrl+B"
    assert unlocked.window.buttons["brief"].text() == "Brief"
    window = unlocked.open_brief([])
    assert window.print_button.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Print))
    assert window.pdf_button.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Save))


def test_printing_lays_out_a_page_per_attendee(unlocked, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    nb = unlocked.notebook
    ids = fill(nb)
    window = unlocked.open_brief([(ids["ana"], "Ana Lima"), (ids["ben"], "Ben")])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # "print to file", to read it
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    window.print_brief(printer)
    pages = [flat(text) for text in pdf_text(tmp_path / "printed.pdf")]
    assert len(pages) == 2
    assert "Port wine" in pages[0] and "Arsenal" in pages[1]


def test_a_name_ending_in_a_period_makes_no_double_dot_in_the_pdf_name():
    assert pdf_name(["Dr. Johnny Q. Appleseed Jr."]) == "Brief - Dr. Johnny Q. Appleseed Jr.pdf"
    assert pdf_name(["Ana Lima", "Bo Jr."]) == "Brief - Ana Lima, Bo Jr.pdf"


def test_on_screen_each_attendee_is_set_apart_from_the_one_before(nb, people, qtbot):
    window = BriefWindow(nb, [(people["ana"], "Ana Lima"), (people["ben"], "Ben")])
    qtbot.addWidget(window)
    html = window.document.toHtml()
    assert html.count("<hr") == 1  # one rule, between the two pages
    briefs = nb.brief.build([people["ana"], people["ben"]], today=TODAY)
    assert "<hr" not in brief_document(briefs, TODAY)  # paper breaks pages instead
    window.resize(760, 1400)
    window.show()
    window.grab().save("/tmp/fixnetwork-brief-two.png")
