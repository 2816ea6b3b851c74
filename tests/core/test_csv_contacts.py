"""CSV import and export (app/interchange/csv_contacts.py) against the files in tests/data/csv
(made by tests/data/csv/make_fixtures.py) and generated records."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import ContactKind, PartialDate
from app.errors import Cancelled, ImportFailed, InvalidInput
from app.interchange import csv_contacts
from app.interchange.csv_contacts import FIELDS, read_csv, sniff_csv, write_google_csv
from app.interchange.csv_google_writer import BASE_COLUMNS, csv_line
from app.interchange.csv_values import GOOGLE_LABELS, RELATION_ALIASES, NotADate, parse_date
from app.interchange.record import (
    ContactRecord,
    ImportedAddress,
    ImportedContact,
    ImportedDate,
    ImportedJob,
    ImportedRelation,
)

DATA = Path(__file__).parent.parent / "data" / "csv"
EMAIL, PHONE, URL, IM = ContactKind.EMAIL, ContactKind.PHONE, ContactKind.URL, ContactKind.IM
def read(name: str, **options):
    return read_csv((DATA / name).read_bytes(), name, **options)


def person(parsed, given_name: str) -> ContactRecord:
    return next(r for r in parsed.records if r.given_name == given_name)


def contacts(record: ContactRecord, kind: ContactKind) -> list[tuple[str, str]]:
    return [(c.value, c.label) for c in record.contacts if c.kind is kind]


def problems(parsed) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in parsed.problems]


# --- what each file is detected as ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "dialect", "encoding", "delimiter", "rows"), [
    ("google_current.csv", "google-csv", "utf-8", ",", 5),
    ("google_legacy_utf16.csv", "google-csv", "utf-16", ",", 2),
    ("google_outlook_format.csv", "outlook-csv", "utf-8", ",", 2),
    ("outlook_com.csv", "outlook-csv", "utf-8", ",", 2),
    ("outlook_french.csv", "outlook-csv", "cp1252", ",", 1),
    ("thunderbird.csv", "csv", "utf-8", ",", 2),
    ("generic_semicolon_tab.csv", "csv", "utf-8", ";", 2),
    ("generic_tab.tsv", "csv", "utf-8", "\t", 1),
    ("quoted_multiline.csv", "csv", "utf-8", ",", 3),
    ("utf8_bom.csv", "csv", "utf-8", ",", 1),
    ("formula_cells.csv", "google-csv", "utf-8", ",", 2),
    pytest.param("outlook_desktop.csv", "outlook-csv", "cp1252", ",", 3),
    pytest.param("outlook_desktop_old_country.csv", "outlook-csv", "cp1252", ",", 1),
    pytest.param("outlook_german_semicolon.csv", "outlook-csv", "cp1252", ";", 2),
])
def test_each_file_is_recognised(name, dialect, encoding, delimiter, rows):
    layout = sniff_csv((DATA / name).read_bytes(), name)
    assert (layout.dialect, layout.encoding, layout.delimiter, layout.row_count) == (
        dialect, encoding, delimiter, rows)
    parsed = read(name)
    assert (parsed.format, parsed.encoding) == (dialect, encoding)


@pytest.mark.parametrize(("name", "dialect", "delimiter"), [
    ("outlook_desktop.csv", "outlook-csv", ","),
    ("outlook_desktop_old_country.csv", "outlook-csv", ","),
    ("outlook_german_semicolon.csv", "outlook-csv", ";"),
])
def test_legacy_outlook_files_are_recognised_whatever_the_code_page_guess(name, dialect, delimiter):
    layout = sniff_csv((DATA / name).read_bytes(), name)
    assert (layout.dialect, layout.delimiter) == (dialect, delimiter)
    assert layout.encoding.startswith("cp125")


def test_a_chosen_encoding_is_used_and_reported():
    data = (DATA / "outlook_desktop.csv").read_bytes()
    assert sniff_csv(data, encoding="cp1252").encoding == "cp1252"
    parsed = read_csv(data, encoding="windows-1252")
    assert parsed.encoding == "cp1252"
    assert person(parsed, "Renée").family_name == "Fèvre-Dupont"


def test_sniff_gives_a_preview_and_a_complete_mapping():
    layout = sniff_csv((DATA / "outlook_desktop.csv").read_bytes(), encoding="cp1252")
    assert len(layout.headers) == 92 and set(layout.mapping) == set(layout.headers)
    assert set(layout.mapping.values()) <= FIELDS.keys()
    assert layout.mapping["Title"] == "prefix"
    assert layout.mapping["Business Street"] == "work_street"
    assert layout.mapping["Mobile Phone"] == "mobile"
    assert layout.mapping["Hobby"] == "custom"
    assert layout.mapping["E-mail Type"] == "ignore"
    assert [len(row) for row in layout.sample] == [92, 92, 92]
    assert layout.sample[0][1] == "Renée"


def test_the_google_mapping_names_every_column():
    layout = sniff_csv((DATA / "google_current.csv").read_bytes())
    assert layout.mapping["First Name"] == "given_name"
    assert layout.mapping["E-mail 1 - Value"] == "email"
    assert layout.mapping["Phone 2 - Label"] == "label"
    assert layout.mapping["Address 1 - City"] == "city"
    assert layout.mapping["Relation 1 - Value"] == "relation"
    assert layout.mapping["Photo"] == "ignore"
    assert layout.mapping["Phonetic First Name"] == "custom"


def test_thunderbird_gets_a_complete_generic_mapping():
    layout = sniff_csv((DATA / "thunderbird.csv").read_bytes())
    assert "ignore" not in layout.mapping.values()
    assert layout.mapping["Birth Month"] == "birth_month"
    assert layout.mapping["Work Address"] == "work_street"
    assert layout.mapping["Display Name"] == "full_name"


def test_a_bom_is_not_glued_to_the_first_header():
    layout = sniff_csv((DATA / "utf8_bom.csv").read_bytes())
    assert layout.headers == ["Name", "Email"]
    assert layout.mapping == {"Name": "full_name", "Email": "email"}


def test_repeated_and_empty_headers_are_made_unique():
    layout = sniff_csv(b"Name,Email,,Email\nAnn Lee,a@example.com,x,b@example.com\n")
    assert layout.headers == ["Name", "Email", "Column 3", "Email (2)"]


def test_excel_separator_line_names_the_delimiter_and_keeps_line_numbers():
    parsed = read_csv(b"sep=;\nName;Email\nAnn Lee;ann@example.com\n")
    assert parsed.records[0].line == 3
    assert contacts(parsed.records[0], EMAIL) == [("ann@example.com", "")]


def test_utf16_without_a_bom_is_recognised():
    text = "Name,Email\r\nZoë Ng,zoe@example.com\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        parsed = read_csv(text.encode(codec))
        assert parsed.encoding == codec and parsed.records[0].given_name == "Zoë"


# --- Google ----------------------------------------------------------------------------------------

def test_google_current_fields_land_where_they_belong():
    parsed = read("google_current.csv")
    ada = person(parsed, "Ada")
    assert ada.line == 2
    assert (ada.prefix, ada.middle_name, ada.family_name, ada.nickname) == (
        "Countess", "King", "Lovelace", "Ada")
    assert ada.birthday == PartialDate(12, 10, 1815)
    assert ada.notes == 'Met at the Analytical Society.\nLoves poetry, and "poetical science".'
    assert ada.tags == ["starred", "Mathematicians"]
    assert contacts(ada, EMAIL) == [("ada@example.org", "home"), ("ada.k@example.net", "home"),
                                    ("countess@lovelace.example", "work")]
    # "* Mobile" marks the primary phone: it comes first of its kind
    assert contacts(ada, PHONE) == [("+44 20 7946 0100", "mobile"), ("+44 20 7946 0999", "work")]
    assert contacts(ada, URL) == [("https://ada.example.org", "blog")]
    assert ada.addresses == [ImportedAddress("home", "12 St James's Square", "London", "",
                                             "SW1Y 4JH", "United Kingdom")]
    assert ada.jobs == [ImportedJob("Analytical Engine Society", "Programmer", "Research")]
    assert ada.relations == [ImportedRelation("spouse", "William King"),
                             ImportedRelation("parent", "Anne Isabella Milbanke")]
    assert ada.dates == [ImportedDate("anniversary", PartialDate(7, 8, 1835))]
    assert ada.custom_fields == [("Favourite machine", "Difference Engine")]
    assert ada.photo is None  # the Photo URL is not fetched, nor kept


def test_google_current_second_person():
    grace = person(read("google_current.csv"), "Grace")
    assert grace.line == 6
    assert grace.display_name == "Amazing Grace"  # File As, unlike the composed name
    assert grace.birthday == PartialDate(12, 9)
    assert grace.tags == ["Clients", "Friends"]
    assert contacts(grace, PHONE) == [("+1 703 555 0199", "home fax")]
    assert contacts(grace, IM) == [("grace.hopper", "skype")]
    # two addresses under one label, as parallel " ::: " lists
    assert grace.addresses == [
        ImportedAddress("work", "1 Navy Way", "Arlington", "VA", "22202", "USA"),
        ImportedAddress("work", "2 Harbor Rd", "Norfolk", "VA", "23511", "USA")]
    assert grace.introduced_by == "Howard Aiken" and grace.relations == []
    assert grace.dates == [ImportedDate("Retirement", PartialDate(8, 14, 1986))]
    assert grace.hometown == "New York" and grace.custom_fields == []


def test_google_rows_without_a_person_and_bad_values_are_reported_by_line():
    parsed = read("google_current.csv")
    initech = next(r for r in parsed.records if r.line == 9)
    assert initech.jobs == [ImportedJob("Initech")] and not initech.given_name
    assert contacts(initech, PHONE) == [("+1 512 555 0100", "main")]
    assert [r.line for r in parsed.records] == [2, 6, 9, 11]
    assert problems(parsed) == [
        (10, "skipped a row with no name, email, phone or organization"),
        (11, '"Birthday" holds "someday", which is not a date Rapport can read; kept as a '
             "custom field"),
        (11, '"Phone 1 - Value" holds "ask reception", which is not a phone number; kept as a '
             "custom field"),
    ]
    sam = person(parsed, "Sam")
    assert sam.birthday is None and sam.contacts == []
    assert sam.custom_fields == [("Birthday", "someday"), ("Phone 1 - Value", "ask reception")]


def test_google_legacy_utf16():
    parsed = read("google_legacy_utf16.csv")
    jose = person(parsed, "José")
    assert (jose.family_name, jose.display_name) == ("Müller", "")
    assert jose.birthday == PartialDate(2, 28, 1975)
    assert jose.tags == ["Familie", "Friends"]  # "* My Contacts" dropped, "* " stripped
    assert contacts(jose, EMAIL) == [("jose@example.de", "home")]
    assert contacts(jose, IM) == [("jose@jabber.example", "jabber")]
    assert contacts(jose, URL) == [("https://example.de/jose", "profile")]
    assert jose.addresses == [ImportedAddress("home", "Postfach 12\nHinterhaus\nHauptstraße 5",
                                              "München", "", "80331", "Deutschland")]
    assert jose.jobs == [ImportedJob("Müller GmbH", "Geschäftsführer")]
    assert jose.relations == [ImportedRelation("sibling", "Jürgen Müller")]
    assert jose.dates == [ImportedDate("anniversary", PartialDate(5, 19, 2001))]
    assert jose.notes == "Bakes on Sundays\n\nCall after 6pm"  # the Jot
    assert jose.custom_fields == [("Gender", "Male"), ("Occupation", "Baker"),
                                  ("Organization 1 - Location", "Berlin"), ("Shoe size", "44")]
    li = person(parsed, "Li")  # only "Name": split into given and family name
    assert (li.family_name, contacts(li, EMAIL)) == ("Wei", [("li.wei@example.cn", "other")])


def test_googles_outlook_csv():
    parsed = read("google_outlook_format.csv")
    kim = person(parsed, "Kim")
    assert kim.prefix == "Dr."  # Outlook's "Title" is the name prefix
    assert kim.birthday == PartialDate(3, 2, 1985)  # month first: the file also has 12/25/2010
    assert kim.dates == [ImportedDate("anniversary", PartialDate(12, 25, 2010))]
    assert kim.tags == ["starred", "Friends"]  # ";"-separated, myContacts dropped
    assert kim.addresses == [ImportedAddress("home", "400 Broad St\nSeattle WA 98109\nUSA")]
    assert contacts(kim, EMAIL) == [("kim@example.com", ""), ("kim.n@work.example", "")]
    assert kim.relations == [ImportedRelation("spouse", "Alex Nguyen")]
    assert kim.custom_fields == []  # Gender "Unspecified", Priority "Normal" … are not data
    assert person(parsed, "Lee").tags == []


# --- Outlook ---------------------------------------------------------------------------------------

def test_outlook_desktop_fields_land_where_they_belong():
    parsed = read("outlook_desktop.csv", encoding="cp1252")
    renee = person(parsed, "Renée")
    assert (renee.prefix, renee.family_name, renee.line) == ("Dr.", "Fèvre-Dupont", 2)
    assert renee.jobs == [ImportedJob("Café Société", "Sommelière", "Vins")]
    assert renee.addresses == [
        ImportedAddress("work", "12 Rue de la Paix\nBâtiment B", "Paris", "", "75002", "France"),
        ImportedAddress("home", "3 Allée des Tilleuls", "Sèvres", "", "92310", "France")]
    assert contacts(renee, PHONE) == [
        ("+33 1 42 68 53 01", "work fax"), ("+33 1 42 68 53 00", "work"),
        ("+33 6 12 34 56 78", "mobile"), ("+33 6 00 00 00 01", "pager")]
    assert contacts(renee, EMAIL) == [("renee@cafe.example", "")]
    assert contacts(renee, URL) == [("https://cafe.example", "")]
    assert renee.birthday == PartialDate(12, 28, 1969) and renee.dates == []  # 0/0/00
    assert renee.tags == ["Wine", "VIP"]
    assert sorted(renee.relations, key=lambda r: r.name) == [
        ImportedRelation("child", "Hugo"), ImportedRelation("child", "Léa"),
        ImportedRelation("spouse", "Marc"), ImportedRelation("manager", "Pierre Lambert"),
        ImportedRelation("assistant", "Sophie")]
    assert renee.introduced_by == "Jean Martin"
    assert renee.notes == "Knows every vineyard.\nAsk about Jura."
    assert renee.custom_fields == [("Gender", "Female"), ("Hobby", "Tennis"),
                                   ("User 1", "loyal customer")]


def test_outlook_desktop_problems_and_plain_rows():
    parsed = read("outlook_desktop.csv", encoding="cp1252")
    assert [r.line for r in parsed.records] == [2, 4, 5]  # Renée's notes span two lines
    tom = person(parsed, "Tom")
    assert tom.birthday is None and tom.custom_fields == [] and tom.dates == []
    assert contacts(tom, PHONE) == [("07700 900123", "mobile")]
    assert problems(parsed) == [
        (2, '"E-mail 2 Address" holds an Exchange address (/o=ExchangeLabs/ou=Exchange '
            "Administrative Group/cn=Recipien), not an email; skipped"),
        (5, 'the row has 93 cells but there are 92 column names; the extra cells were ignored: '
            '"stray cell"'),
    ]
    assert contacts(person(parsed, "Una"), EMAIL) == [("una@example.com", "")]


def test_outlook_without_region_in_country_columns():
    hans = read("outlook_desktop_old_country.csv").records[0]
    assert hans.addresses == [ImportedAddress("work", "", "Passau", "", "", "Germany"),
                              ImportedAddress("home", "Ringstraße 1", "Wien", "", "1010", "Austria")]
    assert hans.birthday == PartialDate(7, 4, 1960)


def test_outlook_com():
    parsed = read("outlook_com.csv")
    soren = person(parsed, "Søren")
    assert (soren.family_name, soren.nickname) == ("Kierkegaard", "SK")
    assert contacts(soren, IM) == [("soren@im.example", "")]
    assert contacts(soren, URL) == [("https://soren.example", "home")]
    assert contacts(soren, PHONE) == [("+45 33 12 34 56", "home"), ("+45 20 12 34 56", "mobile")]
    assert soren.addresses == [ImportedAddress("home", "Nytorv 2", "København", "", "1450",
                                               "Denmark")]
    assert soren.custom_fields == [("Schools", "University of Copenhagen")]
    assert soren.notes == "Either/Or\nFear and Trembling"
    taro = person(parsed, "太郎")
    assert (taro.family_name, contacts(taro, PHONE)) == ("山田", [("+81 3 1234 5678", "work")])


def test_outlook_german_semicolons_and_dotted_dates():
    parsed = read("outlook_german_semicolon.csv")
    juergen = person(parsed, "Jürgen")
    assert (juergen.prefix, juergen.family_name) == ("Herr", "Größ")
    assert juergen.jobs == [ImportedJob("Größ & Söhne; AG", "Einkaufsleiter", "Einkauf")]
    assert juergen.birthday == PartialDate(12, 24, 1970)
    assert juergen.dates == [ImportedDate("anniversary", PartialDate(5, 1, 1999))]
    assert juergen.tags == ["Kunden", "Wichtig"]
    assert juergen.relations == [ImportedRelation("spouse", "Petra")]
    assert contacts(juergen, PHONE) == [("+49 711 123457", "work fax"), ("+49 711 123456", "work"),
                                        ("+49 171 1234567", "mobile")]
    assert juergen.addresses == [ImportedAddress("work", "Königstraße 1", "Stuttgart", "", "70173",
                                                 "Deutschland")]
    assert juergen.custom_fields == [("Geschlecht", "Männlich")]  # Priorität Normal etc. dropped
    anna = person(parsed, "Anna")
    assert anna.birthday is None and contacts(anna, PHONE) == [("089 1234567", "home")]


def test_outlook_french_two_titre_columns_and_day_first_dates():
    parsed = read("outlook_french.csv")
    claire = parsed.records[0]
    assert (claire.prefix, claire.given_name, claire.family_name) == ("Mme", "Claire", "Dubois")
    assert claire.jobs == [ImportedJob("Éditions Dubois", "Directrice", "Rédaction")]
    assert claire.birthday == PartialDate(2, 28, 1975)
    assert claire.dates == [ImportedDate("anniversary", PartialDate(4, 3, 2005))]
    assert claire.relations == [ImportedRelation("spouse", "Paul")]
    assert claire.tags == ["Auteurs", "Presse"] and claire.custom_fields == [("Sexe", "Féminin")]
    layout = sniff_csv((DATA / "outlook_french.csv").read_bytes())
    assert layout.headers[5:8] == ["Société", "Service", "Titre (2)"]
    assert (layout.mapping["Titre"], layout.mapping["Titre (2)"]) == ("prefix", "title")


# --- Thunderbird and generic files ----------------------------------------------------------------

def test_thunderbird_split_birthday_and_addresses():
    parsed = read("thunderbird.csv")
    alice = person(parsed, "Alice")
    assert alice.birthday == PartialDate(7, 4)  # no Birth Year
    assert alice.display_name == ""  # "Alice Liddell" is the composed name
    assert contacts(alice, EMAIL) == [("alice@wonder.example", ""), ("a.liddell@oxford.example", "")]
    assert contacts(alice, PHONE) == [("+44 1865 555001", "work"), ("+44 7700 900001", "mobile")]
    assert alice.addresses == [ImportedAddress("", "1 Rabbit Hole\nFlat 2", "Oxford", "", "OX1 1AA",
                                               "UK"),
                               ImportedAddress("work", "Christ Church", "Oxford")]
    assert alice.jobs == [ImportedJob("Wonderland Ltd", "Explorer")]
    assert alice.custom_fields == [("Custom 1", "Likes tea")]
    bill = person(parsed, "Bill")
    assert bill.display_name == "Bill the Lizard" and bill.birthday == PartialDate(2, 29, 1992)


def test_generic_semicolons_with_tabs_in_cells():
    parsed = read("generic_semicolon_tab.csv")
    anna = parsed.records[0]
    assert (anna.given_name, anna.family_name) == ("Anna", "Smith")  # "Smith, Anna"
    assert anna.birthday == PartialDate(4, 3, 1980)
    assert anna.notes == "tab\tinside" and anna.tags == ["clients", "vip"]
    assert contacts(anna, PHONE) == [("+44 7700 900100", "mobile")]
    assert anna.jobs == [ImportedJob("Acme", "Buyer")] and anna.custom_fields == []
    picard = parsed.records[1]
    assert (picard.given_name, picard.family_name) == ("Jean-Luc", "Picard")
    assert contacts(picard, EMAIL) == [("jl@enterprise.example", ""),
                                       ("captain@enterprise.example", "")]
    assert picard.birthday == PartialDate(7, 13, 2305)


def test_a_chosen_mapping_keeps_an_unknown_column_as_a_custom_field():
    data = (DATA / "generic_semicolon_tab.csv").read_bytes()
    mapping = dict(sniff_csv(data).mapping, **{"Favourite Colour": "custom", "Tags": "ignore"})
    anna = read_csv(data, mapping=mapping).records[0]
    assert anna.custom_fields == [("Favourite Colour", "green")] and anna.tags == []


def test_generic_tab_separated():
    mary = read("generic_tab.tsv").records[0]
    assert mary.addresses == [ImportedAddress("", "Suite 5, Floor 2", "Springfield", "", "12345",
                                              "USA")]
    assert mary.notes == "likes commas, lots of them"


def test_quoted_multiline_cells_and_line_numbers():
    parsed = read("quoted_multiline.csv")
    assert [(r.given_name, r.line) for r in parsed.records] == [("Ann", 2), ("Bo", 5), ("Cy", 8)]
    assert parsed.records[0].notes == 'first line\nsecond line\nthird, with "quotes"'
    assert parsed.records[1].notes == "one\nline feed"
    assert parsed.problems == []


def test_changing_one_google_column_keeps_the_others_meaning():
    data = (DATA / "google_current.csv").read_bytes()
    mapping = dict(sniff_csv(data).mapping, Notes="custom")
    ada = person(read_csv(data, mapping=mapping), "Ada")
    assert ada.notes == ""
    assert ada.custom_fields[-1] == (
        "Notes", 'Met at the Analytical Society.\nLoves poetry, and "poetical science".')
    assert contacts(ada, PHONE)[0] == ("+44 20 7946 0100", "mobile")  # labels still read


def test_an_unknown_field_in_a_mapping_is_refused():
    with pytest.raises(InvalidInput):
        read("thunderbird.csv", mapping={"First Name": "shoe_size"})


def test_generic_names_relations_and_dates():
    data = (b"Name,Spouse,Children,Anniversary,Met\n"
            b"Ann Marie Lee,Bo Lee,\"Cy; Di\",2001-06-02,03/04/2010\n"
            b"\"Park, Eun\",,,,\n")
    mapping = {"Name": "full_name", "Spouse": "relation", "Children": "relation",
               "Anniversary": "anniversary", "Met": "date"}
    ann, eun = read_csv(data, mapping=mapping).records
    assert (ann.given_name, ann.family_name) == ("Ann Marie", "Lee")
    assert ann.relations == [ImportedRelation("spouse", "Bo Lee"), ImportedRelation("child", "Cy"),
                             ImportedRelation("child", "Di")]
    assert ann.dates == [ImportedDate("anniversary", PartialDate(6, 2, 2001)),
                         ImportedDate("Met", PartialDate(3, 4, 2010))]  # "," file: month first
    assert (eun.given_name, eun.family_name) == ("Eun", "Park")


@pytest.mark.parametrize(("text", "birthday"), [
    ("Name;Birthday\nAnn Lee;03/04/1980\n", PartialDate(4, 3, 1980)),  # ";": a day-first locale
    ("Name,Birthday\nAnn Lee,03/04/1980\n", PartialDate(3, 4, 1980)),
    ("Name,Birthday\nAnn Lee,03/04/1980\nBo Chen,25/12/1990\n", PartialDate(4, 3, 1980)),
])
def test_ambiguous_slash_dates_follow_the_file(text, birthday):
    assert read_csv(text.encode()).records[0].birthday == birthday


# --- cells that spreadsheets would run ------------------------------------------------------------

def test_formula_guards_are_removed_on_reading():
    parsed = read("formula_cells.csv")
    eve, mallory = parsed.records
    assert eve.given_name == '=HYPERLINK("http://evil.example","x")'
    assert eve.notes == "@SUM(1+1)" and eve.tags == ["-vip", "friends"]
    assert contacts(eve, PHONE) == [("+44 20 7946 0100", "mobile"), ("=1+2", "work")]
    assert eve.custom_fields == [("+note", "-5")]
    assert mallory.given_name == "=cmd|' /C calc'!A0"  # kept as text: nothing is evaluated
    assert contacts(mallory, PHONE) == [("+1 555 0100", "home")]


# --- errors ----------------------------------------------------------------------------------------

def failure(data: bytes, name: str = "contacts.csv", **options) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        read_csv(data, name, **options)
    assert caught.value.file == name
    return caught.value


def test_an_empty_file_fails():
    error = failure((DATA / "empty.csv").read_bytes(), "empty.csv")
    assert (error.line, error.reason) == (None, "the file is empty")
    assert failure(b" \r\n\r\n").reason == "the file is empty"
    assert failure(codecs.BOM_UTF8 + b"\r\n").reason == "the file is empty"


def test_an_unterminated_quote_names_the_line_where_the_cell_starts():
    error = failure((DATA / "broken_unterminated_quote.csv").read_bytes(), "broken.csv")
    assert error.line == 4
    assert error.reason == 'a quoted cell that starts on line 4 never ends: its closing quote (") ' \
                           "is missing"
    assert str(error).startswith("broken.csv, line 4: ")


def test_a_misplaced_quote_is_a_problem_not_a_failure():
    parsed = read_csv(b'Name,Email\n"Ann" Lee,ann@example.com\nBo Chen,bo@example.com\n')
    assert [r.line for r in parsed.records] == [2, 3]
    assert problems(parsed) == [(2, 'a quote (") is out of place in this row (one missing or one '
                                    "too many?); the row was read as written: check it")]


@pytest.mark.parametrize(("data", "says"), [
    (b"Name,Email\nAnn\x00Lee,a@example.com\n", "NUL bytes"),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n", "vCard"),
    (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls"),
    (b"%PDF-1.7\n", "PDF"),
    (b'{"contacts": []}', "JSON"),
    (bytes(range(1, 32)) * 40, "binary"),
])
def test_files_that_are_not_csv_say_what_they_look_like(data, says):
    assert says in failure(data).reason


def test_the_first_row_must_name_the_columns():
    error = failure(b"Ann Lee,ann@example.com,+44 20 7946 0100\nBo Chen,bo@example.com,\n")
    assert error.line == 1 and "ann@example.com" in error.reason and "column" in error.reason


def test_column_names_without_rows_is_a_problem():
    parsed = read_csv(b"Name,Email\r\n")
    assert parsed.records == [] and problems(parsed) == [(1, "the file has column names but no rows")]


def test_limits(monkeypatch):
    monkeypatch.setattr(csv_contacts, "MAX_FILE_BYTES", 100)
    assert failure(b"Name\n" + b"Ann Lee\n" * 20).reason == (
        "the file is 165 bytes; Rapport reads files of up to 100 bytes")
    monkeypatch.undo()

    monkeypatch.setattr(csv_contacts, "MAX_RECORDS", 3)
    error = failure(b"Name\n" + b"Ann Lee\n" * 5)
    assert error.line == 5 and "more than 3 rows" in error.reason
    monkeypatch.undo()

    limit = csv.field_size_limit()
    monkeypatch.setattr(csv_contacts, "MAX_LINE_BYTES", 1000)
    try:
        error = failure(b'Name,Notes\nAnn Lee,ok\nBo Chen,"' + b"x" * 2000 + b'"\n')
        assert error.line == 3 and "larger than 1,000 bytes" in error.reason
    finally:
        csv.field_size_limit(limit)


def test_cancelling_stops_the_read():
    data = b"Name\n" + b"Ann Lee\n" * 2500
    asked = []

    def should_cancel() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(Cancelled):
        read_csv(data, should_cancel=should_cancel)
    assert len(asked) == 2


# --- dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "date"), [
    ("1815-12-10", PartialDate(12, 10, 1815)), ("18151210", PartialDate(12, 10, 1815)),
    ("--04-15", PartialDate(4, 15)), ("--0415", PartialDate(4, 15)),
    ("12/28/1969", PartialDate(12, 28, 1969)), ("28/12/1969", PartialDate(12, 28, 1969)),
    ("24.12.1970", PartialDate(12, 24, 1970)), ("12/28/1969 0:00:00", PartialDate(12, 28, 1969)),
    ("1604-03-15", PartialDate(3, 15)), ("5 January 1980", PartialDate(1, 5, 1980)),
    ("Jan 5", PartialDate(1, 5)), ("2000-02-29", PartialDate(2, 29, 2000)),
    ("0/0/00", None), ("00/00/0000", None), ("0000-00-00", None), ("0.0.00", None), ("", None),
])
def test_dates_in_the_wild(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["2023-02-30", "13/13/2000", "someday", "1/2/3"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(NotADate):
        parse_date(text)


def test_ambiguous_dates_ask_only_when_needed():
    asked = []

    def day_first() -> bool:
        asked.append(1)
        return True

    assert parse_date("1999-01-02", day_first=day_first) == PartialDate(1, 2, 1999)
    assert asked == []
    assert parse_date("01/02/1999", day_first=day_first) == PartialDate(2, 1, 1999)
    assert asked == [1]


# --- writing ---------------------------------------------------------------------------------------

def ada() -> ContactRecord:
    return ContactRecord(
        given_name="Ada", family_name="Lovelace", birthday=PartialDate(12, 10),
        notes="Line one\nLine two", tags=["friends", "math"],
        contacts=[ImportedContact(EMAIL, "ada@example.org", "home"),
                  ImportedContact(EMAIL, "ada@work.example", "work"),
                  ImportedContact(PHONE, "+44 20 7946 0100", "mobile")],
        jobs=[ImportedJob("Old Co", "Clerk", end=dt.date(1830, 1, 1)),
              ImportedJob("Engine Society", "Programmer")])


def written(*records: ContactRecord) -> str:
    return "".join(write_google_csv(records))


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_export_header_has_only_the_groups_the_data_needs():
    header = rows(written(ada()))[0]
    assert header[:3] == ["First Name", "Middle Name", "Last Name"]
    assert "E-mail 2 - Value" in header and "E-mail 3 - Value" not in header
    assert "Phone 1 - Value" in header and "Phone 2 - Label" not in header
    assert not any(h.startswith(("Address", "Relation", "Event", "IM")) for h in header)


def test_export_quotes_every_cell_and_ends_lines_with_crlf_without_a_bom():
    text = written(ada())
    assert not text.startswith("\ufeff")
    first_line = text.split("\r\n")[0]
    assert first_line.startswith('"First Name","Middle Name","Last Name","Phonetic First Name"')
    assert text.split("\r\n")[1].startswith('"Ada","","Lovelace","","","","","","","",')
    assert text.endswith('"\r\n') and text.count("\r\n") == 2
    assert '"Line one\nLine two"' in text


def test_export_values():
    header, row = rows(written(ada()))
    cell = dict(zip(header, row, strict=True))
    assert cell["Birthday"] == "--12-10"
    assert cell["Labels"] == "friends ::: math"
    assert (cell["E-mail 1 - Label"], cell["E-mail 1 - Value"]) == ("Home", "ada@example.org")
    assert (cell["Phone 1 - Label"], cell["Phone 1 - Value"]) == ("Mobile", "+44 20 7946 0100")
    assert cell["Organization Name"] == "Engine Society"  # the first job with no end date


def test_export_neutralises_formulas_but_not_phone_numbers_or_dates():
    record = ContactRecord(
        given_name="=1+2", family_name="@SUM(A1)", nickname="-x", notes="\tnote",
        birthday=PartialDate(4, 15), tags=["+vip", "=x"],
        contacts=[ImportedContact(PHONE, "+44 20 7946 0100", "work"),
                  ImportedContact(PHONE, "(020) 7946-0100", "=label"),
                  ImportedContact(PHONE, "=HYPERLINK(\"x\")", "other"),
                  ImportedContact(EMAIL, "-@example.com", "")],
        custom_fields=[("+field", "'=already guarded")],
        dates=[ImportedDate("anniversary", PartialDate(6, 1, 2001))])
    header, row = rows(written(record))
    cell = dict(zip(header, row, strict=True))
    assert (cell["First Name"], cell["Last Name"], cell["Nickname"]) == ("'=1+2", "'@SUM(A1)", "'-x")
    assert cell["Notes"] == "'\tnote" and cell["Labels"] == "'+vip ::: =x"
    assert cell["Birthday"] == "--04-15" and cell["Event 1 - Value"] == "2001-06-01"
    assert cell["Phone 1 - Value"] == "+44 20 7946 0100"
    assert (cell["Phone 2 - Label"], cell["Phone 2 - Value"]) == ("'=label", "(020) 7946-0100")
    assert cell["Phone 3 - Value"] == "'=HYPERLINK(\"x\")"
    assert cell["E-mail 1 - Value"] == "'-@example.com"
    assert (cell["Custom Field 1 - Label"], cell["Custom Field 1 - Value"]) == (
        "'+field", "''=already guarded")


def test_export_of_no_records_is_a_header():
    assert rows(written()) == [list(BASE_COLUMNS)]


@given(st.lists(st.text(max_size=8), max_size=6))
def test_csv_line_is_what_the_csv_module_writes(cells):
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(cells)
    assert csv_line(cells) == out.getvalue()


# --- round trip ------------------------------------------------------------------------------------

_PIECE = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=4),
    st.sampled_from(["=", "+", "-", "@", "'", "'=", '"', ",", ";", "\n", "\t", ":::", " ::: ",
                     "* ", "+44 20 7946 0100"]))
free_text = st.lists(_PIECE, min_size=1, max_size=5).map("".join).map(str.strip).filter(bool)
# Google joins several values of one cell with " ::: ", so one value cannot hold it.
one_value = free_text.filter(lambda t: " :::" not in t and "::: " not in t)
maybe = st.one_of(st.just(""), one_value)
KNOWN = sorted(GOOGLE_LABELS)
custom_label = one_value.filter(lambda t: t.casefold() not in GOOGLE_LABELS and not t.startswith("*"))
label = st.one_of(st.just(""), st.sampled_from(KNOWN), custom_label)
relation_kind = st.one_of(
    st.sampled_from(["spouse", "partner", "parent", "child", "sibling", "friend", "manager",
                     "assistant", "colleague", "relative"]),
    st.text(string.ascii_lowercase + " ", min_size=1, max_size=10).map(str.strip).filter(
        lambda t: t and t not in RELATION_ALIASES and t != "referred by"))
partial_date = st.builds(
    lambda d, keep_year: PartialDate(d.month, d.day, d.year if keep_year else None),
    st.dates().filter(lambda d: d.year != 1604), st.booleans())
phone = st.one_of(st.just("+44 20 7946 0100"), one_value.filter(lambda t: re.search(r"\d", t)))


def _contacts(kind: ContactKind, values) -> st.SearchStrategy:
    return st.lists(st.builds(ImportedContact, st.just(kind), values, label), max_size=3,
                    unique_by=lambda c: c.value.casefold())


record_strategy = st.builds(
    ContactRecord,
    given_name=free_text, middle_name=maybe, family_name=maybe, prefix=maybe, suffix=maybe,
    nickname=maybe, display_name=maybe, notes=maybe, hometown=maybe, pronouns=maybe,
    birthday=st.none() | partial_date,
    contacts=st.tuples(
        _contacts(EMAIL, one_value.filter(lambda t: not t.lower().startswith("/o="))),
        _contacts(PHONE, phone), _contacts(URL, one_value), _contacts(IM, one_value),
    ).map(lambda groups: [c for group in groups for c in group]),
    addresses=st.lists(st.builds(ImportedAddress, label, maybe, maybe, maybe, maybe, maybe)
                       .filter(lambda a: not a.is_empty()), max_size=2),
    jobs=st.lists(st.builds(ImportedJob, maybe, maybe, maybe, end=st.none() | st.dates()),
                  max_size=2),
    relations=st.lists(st.builds(ImportedRelation, relation_kind, one_value), max_size=3),
    dates=st.lists(st.builds(ImportedDate, label, partial_date), max_size=2),
    tags=st.lists(one_value.filter(lambda t: t.casefold() not in {"mycontacts", "my contacts",
                                                                   "contacts"}
                                   and not t.startswith("*")),
                  max_size=3, unique_by=str.casefold),
    custom_fields=st.lists(st.tuples(free_text.filter(
        lambda t: t.casefold() not in {"hometown", "pronouns"}), free_text), max_size=3),
)


def essentials(record: ContactRecord) -> dict:
    """What a Google CSV round trip keeps."""
    composed = " ".join(p for p in (record.prefix, record.given_name, record.middle_name,
                                    record.family_name, record.suffix) if p)
    job = next((j for j in record.jobs if j.end is None and (j.organization or j.title
                                                            or j.department)), None)
    return {
        "names": (record.prefix, record.given_name, record.middle_name, record.family_name,
                  record.suffix, record.nickname),
        "display_name": "" if record.display_name == composed else record.display_name,
        **{kind.value: [(c.value, c.label) for c in record.contacts if c.kind is kind]
           for kind in (EMAIL, PHONE, URL, IM)},
        "addresses": record.addresses, "job": job and (job.organization, job.title, job.department),
        "birthday": record.birthday, "dates": record.dates,
        "relations": [(r.type, r.name) for r in record.relations],
        "tags": record.tags, "notes": record.notes, "custom_fields": record.custom_fields,
        "hometown": record.hometown, "pronouns": record.pronouns,
    }


@settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record_strategy, min_size=1, max_size=4))
def test_round_trip_through_google_csv(records):
    data = "".join(write_google_csv(records)).encode("utf-8-sig")
    parsed = read_csv(data, "round-trip.csv")
    assert parsed.format == "google-csv" and parsed.problems == []
    assert [essentials(r) for r in parsed.records] == [essentials(r) for r in records]


COMPANY_ROWS = {
    "google": "First Name,Last Name,File As,Organization Name,E-mail 1 - Value\n"
              ",,Example Widgets Ltd,Example Widgets Ltd,info@widgets.example\n"
              "Ana,Lima,,Example Widgets Ltd,ana@widgets.example\n",
    "google-legacy": "Name,Given Name,Family Name,Organization 1 - Name,E-mail 1 - Value\n"
                     "Example  Widgets Ltd,,,Example Widgets Ltd,info@widgets.example\n"
                     "Ana Lima,,,Example Widgets Ltd,ana@widgets.example\n",
    "outlook": "First Name,Last Name,Company,E-mail Address\n"
                ",,Example Widgets Ltd,info@widgets.example\n"
                "Ana,Lima,Example Widgets Ltd,ana@widgets.example\n",
}


@pytest.mark.parametrize("dialect", sorted(COMPANY_ROWS))
def test_a_row_with_only_an_organization_is_the_companys_own_entry(dialect):
    parsed = read_csv(COMPANY_ROWS[dialect].encode(), f"{dialect}.csv")
    assert [(r.name(), r.is_organization) for r in parsed.records] == [
        ("Example Widgets Ltd", True), ("Ana Lima", False)]


def test_a_nickname_or_another_name_beside_the_organization_is_a_person():
    parsed = read_csv(b"Name,Nickname,Organization 1 - Name\n"
                      b",Bea,Example Widgets Ltd\n"
                      b"Bo Chen,,Example Widgets Ltd\n", "people.csv")
    assert [r.is_organization for r in parsed.records] == [False, False]


def test_importing_a_company_row_makes_an_organization_and_its_staff_work_there(nb):
    parsed = read_csv(COMPANY_ROWS["outlook"].encode(), "outlook.csv")
    report = nb.importer.apply(nb.importer.plan(parsed, "outlook.csv"))
    assert report.companies == ["Example Widgets Ltd"]
    assert [p.name for p in nb.people.list().items] == ["Ana Lima"]
    widgets = nb.careers.organization("Example Widgets Ltd")
    assert widgets.notes == "Email: info@widgets.example"
    assert [nb.people.get(e.person_id).name for e in nb.careers.staff(widgets.name)] == [
        "Ana Lima"]
