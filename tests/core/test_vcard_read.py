"""The vCard reader against one hand-made fixture per quirk real exporters have
(tests/data/vcard/make_fixtures.py writes them) and against broken files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.domain import ContactKind, PartialDate
from app.errors import Cancelled, ImportFailed
from app.interchange import record as record_module
from app.interchange import vcard_lines
from app.interchange.record import (
    ImportedAddress,
    ImportedContact,
    ImportedDate,
    ImportedJob,
    ImportedRelation,
    RawProperty,
)
from app.interchange.vcard import read_vcards

DATA = Path(__file__).parent.parent / "data" / "vcard"
PNG = (DATA / "tiny.png").read_bytes()
JPEG = (DATA / "tiny.jpg").read_bytes()
EMAIL, PHONE, URL, SOCIAL, IM = (ContactKind.EMAIL, ContactKind.PHONE, ContactKind.URL,
                                 ContactKind.SOCIAL, ContactKind.IM)


def read(name: str, **options):
    return read_vcards((DATA / name).read_bytes(), name, **options)


def only(name: str, **options):
    parsed = read(name, **options)
    assert len(parsed.records) == 1
    return parsed.records[0]


def by_display_name(name: str) -> dict:
    return {r.name(): r for r in read(name).records}


def card(*lines: str, version: str = "3.0") -> bytes:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""]).encode()


# ---- Apple -------------------------------------------------------------------------------

def test_apple_item_groups_give_their_labels():
    r = only("apple_itemN_labels.vcf")
    assert (r.given_name, r.family_name, r.display_name) == ("Johnny", "Appleseed", "")
    assert r.contacts == [
        ImportedContact(EMAIL, "johnny@example.com", "other"),
        ImportedContact(EMAIL, "j.appleseed@apple.example", "work"),
        ImportedContact(PHONE, "+1 408 555 0101", "mobile"),
        ImportedContact(PHONE, "+1 408 555 0102", "assistantphone"),
        ImportedContact(PHONE, "+1 408 555 0103", "Boat phone"),
        ImportedContact(URL, "http://www.apple.example/johnny", "homepage"),
        ImportedContact(SOCIAL, "http://twitter.com/johnny", "twitter"),
        ImportedContact(SOCIAL, "http://www.linkedin.com/in/johnny", "linkedin"),
        ImportedContact(IM, "skype:johnny.appleseed", "skype"),
        ImportedContact(IM, "aim:johnnyaim", "aim"),  # X-AIM repeats it: not twice
    ]
    assert r.addresses == [ImportedAddress("home", "1 Infinite Loop", "Cupertino", "CA", "95014", "USA")]
    assert r.dates == [ImportedDate("anniversary", PartialDate(6, 12, 2004)),
                       ImportedDate("First day", PartialDate(9, 1, 2010))]
    assert r.jobs == [ImportedJob("Apple Inc.", "Engineer", "Engineering")]
    assert r.extras == [
        RawProperty("X-ABADR", "us", "", "item4"),
        RawProperty("X-ABUID", "5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson"),
        RawProperty("X-PHONETIC-FIRST-NAME", "Jonny"),
    ]


def test_apple_year_less_dates_use_1604_and_keep_feb_29():
    r = only("apple_omit_year.vcf")
    assert r.birthday == PartialDate(12, 10, None)
    assert r.dates == [ImportedDate("anniversary", PartialDate(2, 29, None)),
                       ImportedDate("Name day", PartialDate(7, 5, None))]


def test_apple_export_with_every_field():
    johnny, anna, widgets = read("apple_export.vcf").records
    assert johnny.uid == "5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE"
    assert (johnny.prefix, johnny.given_name, johnny.middle_name, johnny.family_name, johnny.suffix,
            johnny.nickname) == ("Dr.", "Johnny", "Q.", "Appleseed", "Jr.", "Apple")
    assert johnny.display_name == ""  # FN is just the parts put together
    assert johnny.birthday == PartialDate(3, 15, None)
    assert johnny.notes == "Likes apples, pears and plums.\nSecond line"
    assert johnny.addresses == [
        ImportedAddress("home", "1 Infinite Loop\nBuilding 2", "Cupertino", "CA", "95014",
                        "United States"),
        ImportedAddress("work", "One Apple Park Way", "Cupertino", "CA", "95014", "United States")]
    assert johnny.relations == [ImportedRelation("spouse", "Jane Appleseed"),
                                ImportedRelation("manager", "Tim")]
    assert ImportedContact(PHONE, "+1 408 555 0103", "assistantphone") in johnny.contacts
    assert johnny.photo == JPEG
    assert [e.name for e in johnny.extras] == ["X-ABADR", "X-ABADR", "X-ABUID"]
    assert anna.contacts[1] == ImportedContact(PHONE, "+49 170 0000000", "iphone mobile")
    assert anna.contacts[2] == ImportedContact(PHONE, "+49 30 0000000", "Studio")
    assert anna.dates == [ImportedDate("Joined choir", PartialDate(5, 1, 2015))]
    assert anna.tags == ["Choir"]
    assert widgets.name() == widgets.display_name == "Example Widgets Ltd"  # X-ABShowAs:COMPANY
    assert widgets.contacts[1] == ImportedContact(URL, "https://widgets.example", "homepage")
    assert RawProperty("X-ABShowAs", "COMPANY") in widgets.extras  # Apple needs it back
    assert widgets.is_organization and not (johnny.is_organization or anna.is_organization)


def test_apple_group_card_tags_its_members_and_is_not_a_person():
    parsed = read("group_card_apple.vcf")
    one, two = parsed.records
    assert [r.name() for r in parsed.records] == ["Member One", "Member Two"]
    assert one.tags == ["Book Club"]
    assert two.tags == ["Book Club", "Climbers"]  # already tagged: not twice; 4.0 KIND:group too
    messages = [p.message for p in parsed.problems]
    assert any("Book Club" in m and "2 members" in m for m in messages)
    assert any("Climbers" in m and "1 member " in m for m in messages)
    assert [p.line for p in parsed.problems] == [8, 26]


def test_company_cards_are_named_after_their_organization():
    acme, globex, email_only, nothing = read("company_cards.vcf").records
    assert acme.name() == "Acme Corp" and acme.jobs == [ImportedJob("Acme Corp")]
    assert globex.name() == "Globex"  # KIND:org with a FN keeps the FN
    assert email_only.name() == "only.email@example.com"
    assert nothing.name() == ""
    assert [p.line for p in read("company_cards.vcf").problems] == [22]


def test_a_company_card_is_read_as_an_organization_and_a_person_with_a_job_is_not():
    acme, globex, email_only, nothing = read("company_cards.vcf").records
    assert acme.is_organization and globex.is_organization  # X-ABShowAs:COMPANY; KIND:org
    assert not (email_only.is_organization or nothing.is_organization)
    ayse, mehmet = read("android_export.vcf").records  # Ayşe has an ORG: still a person
    assert not (ayse.is_organization or mehmet.is_organization)


@pytest.mark.parametrize(("n", "fn", "company"), [
    (";;;;", "Initech", True),  # ORG, no personal name, FN repeats the ORG
    (";;;;", "", True),
    ("Lumbergh;Bill;;;", "Bill Lumbergh", False),
    (";;;;", "Bill Lumbergh", False),  # FN names a person
])
def test_an_org_card_without_a_personal_name_is_a_company(n, fn, company):
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{n}\r\nFN:{fn}\r\nORG:Initech\r\nEND:VCARD\r\n"
    [record] = read_vcards(card.encode(), "x.vcf").records
    assert record.is_organization is company


# ---- Google ------------------------------------------------------------------------------

def test_google_year_less_birthday_and_labels_as_tags():
    r = only("google_mmdd_birthday_categories.vcf")
    assert r.birthday == PartialDate(12, 9, None)
    assert r.tags == ["starred", "Navy", "Pioneers"]  # myContacts is Google's, not the user's
    assert r.contacts == [ImportedContact(EMAIL, "grace@example.com", "home"),
                          ImportedContact(PHONE, "+1 202 555 0144", "mobile"),
                          ImportedContact(URL, "http://grace.example.com", "")]  # empty X-ABLabel
    assert r.notes == "Rear admiral\nCOBOL: yes"
    assert r.photo is None  # a URL is never fetched...
    assert r.extras == [RawProperty("PHOTO", "https://lh3.googleusercontent.com/contacts/ABC123")]


def test_google_export_with_every_field():
    grace, alan = read("google_export.vcf").records
    assert (grace.prefix, grace.given_name, grace.middle_name, grace.family_name) == (
        "Rear Admiral", "Grace", "Brewster Murray", "Hopper")
    assert grace.display_name == "Grace Hopper" and grace.nickname == "Amazing Grace"
    assert grace.contacts == [
        ImportedContact(EMAIL, "grace@example.com", "home"),
        ImportedContact(EMAIL, "ghopper@navy.example", "work"),
        ImportedContact(PHONE, "+1 202 555 0144", "mobile"),
        ImportedContact(PHONE, "+1 202 555 0145", "work"),
        ImportedContact(PHONE, "+1 202 555 0146", "GRAND_CENTRAL"),
        ImportedContact(URL, "http://grace.example.com", "BLOG"),
        ImportedContact(IM, "grace@gmail.example", "gtalk"),
        ImportedContact(IM, "grace.hopper", "skype"),
    ]
    assert grace.addresses == [
        ImportedAddress("home", "1 Navy Way\nApt 4", "Arlington", "VA", "22201", "US")]
    assert grace.jobs == [ImportedJob("US Navy", "Rear Admiral", "Computing")]
    assert grace.dates == [ImportedDate("anniversary", PartialDate(6, 15, 1930)),
                           ImportedDate("", PartialDate(1, 1, 1944))]  # Google's unlabelled X-ABDATE
    assert grace.relations == [ImportedRelation("spouse", "Vincent Hopper"),
                               ImportedRelation("sibling", "Mary")]
    assert grace.tags == ["starred", "Navy"]
    assert grace.notes == "Pioneer of COBOL\nFavourite: nanoseconds"
    assert [e.name for e in grace.extras] == ["X-PHONETIC-FIRST-NAME", "PHOTO"]
    assert alan.birthday == PartialDate(6, 23, 1912) and alan.tags == []
    assert alan.contacts[1] == ImportedContact(EMAIL, "alan@bletchley.example", "Bletchley")


def test_utf16le_with_bom():
    parsed = read("utf16le_bom.vcf")
    r = parsed.records[0]
    assert parsed.encoding == "utf-16"
    assert (r.given_name, r.family_name) == ("Zoë", "Ångström")
    assert r.contacts == [ImportedContact(EMAIL, "zoe@example.se", "")]  # leading space dropped
    assert r.addresses == [
        ImportedAddress("Tokyo office", "1-1 Marunouchi", "東京", "", "100-0005", "日本")]


# ---- Android and Samsung -----------------------------------------------------------------

def test_android_quoted_printable_soft_break_inside_a_utf8_character():
    r = only("android_qp_utf8_softbreak.vcf")
    assert (r.given_name, r.family_name, r.display_name) == ("Ayşe", "Öztürk", "")
    assert r.notes == "Line one çok güzel\nLine two й end"
    assert r.nickname == "Ayşo"  # X-ANDROID-CUSTOM nickname, soft-broken before ';'
    assert r.contacts == [ImportedContact(PHONE, "+90 555 000 0000", "mobile")]


def test_android_export_with_every_field():
    ayse, mehmet = read("android_export.vcf").records
    assert ayse.nickname == "Ayşo" and ayse.birthday == PartialDate(9, 4, None)
    assert ayse.contacts == [
        ImportedContact(PHONE, "+90 555 000 0000", "mobile"),
        ImportedContact(PHONE, "+90 212 000 0000", "home"),
        ImportedContact(PHONE, "+90 252 000 0000", "Yazlik"),  # TEL;X-<label>
        ImportedContact(EMAIL, "ayse@example.com.tr", "home"),
        ImportedContact(EMAIL, "ayse@work.example", "work"),
        ImportedContact(URL, "https://ayse.example", ""),
        ImportedContact(IM, "sip:ayse@sip.example", "sip"),
    ]
    assert ayse.addresses == [
        ImportedAddress("home", "İstiklal Cd. 1", "İstanbul", "", "34430", "Türkiye")]
    assert ayse.jobs == [ImportedJob("Örnek A.Ş.", "Müdür")]
    assert ayse.dates == [ImportedDate("anniversary", PartialDate(6, 20, 2010)),
                          ImportedDate("Mezuniyet", PartialDate(1, 10, 2015))]
    assert ayse.relations == [ImportedRelation("spouse", "Mehmet"), ImportedRelation("parent", "Fatma"),
                              ImportedRelation("mentor", "Ahmet Hoca")]
    assert ayse.notes == "Çay sever\nve kahve"  # a dangling soft break before a blank line
    assert ayse.tags == ["Aile"]
    assert ayse.photo == JPEG  # bare JPEG type, indented base64, blank line after
    assert mehmet.name() == "Mehmet" and mehmet.line == 39


def test_samsung_custom_label_in_x_custom_parameter():
    r = only("samsung_x_custom.vcf")
    assert [(c.value, c.label) for c in r.contacts] == [
        ("+33 1 23 45 67 89", "privé"), ("+33 1 00 00 00 00", "Studio"), ("+33 6 12 34 56 78", "mobile")]


def test_v21_bare_parameters_and_base64_without_indent():
    r = only("v21_bare_params.vcf")
    assert (r.given_name, r.family_name) == ("John", "Doe")  # N with two components
    assert [(c.value, c.label) for c in r.contacts] == [
        ("+1 555 0100", "mobile"), ("+1 555 0101", "work fax"), ("+1 555 0102", "home"),
        ("+1 555 0103", ""), ("+1 555 0104", "mobile"), ("+1 555 0105", "Boat"),
        ("john@example.com", ""), ("john@work.example", "work")]
    assert r.addresses[0] == ImportedAddress("home", "12 Elm St", "Springfield", "IL", "62701", "USA")
    assert r.photo == JPEG
    assert r.notes == "after the photo"


# ---- Outlook -----------------------------------------------------------------------------

def test_outlook_raw_cp1252_bytes_decode_with_the_files_charset_hint():
    parsed = read("outlook_cp1252_raw.vcf")
    r = parsed.records[0]
    assert parsed.encoding == "cp1252"
    assert (r.prefix, r.given_name, r.family_name) == ("Herr", "Jürgen", "Müller")
    assert r.display_name == "Jürgen Müller"  # FN differs from "Herr Jürgen Müller"
    assert r.jobs == [ImportedJob("Bäckerei Müller GmbH", "Geschäftsführer")]
    assert RawProperty("ROLE", "Bäcker") in r.extras  # TITLE holds the title already
    assert r.contacts == [
        ImportedContact(PHONE, "+49 30 1234567", "work"),
        ImportedContact(PHONE, "+49 30 7654321", "home"),
        ImportedContact(PHONE, "+49 30 5555555", "callback"),  # X-MS-TEL
        ImportedContact(URL, "http://www.baeckerei.example/", "work"),
        ImportedContact(EMAIL, "juergen@baeckerei.example", ""),
        ImportedContact(IM, "juergen@im.example", "im"),
    ]
    assert r.addresses == [ImportedAddress("work", "Hauptstraße 5", "Köln", "", "50667", "Deutschland")]
    assert not any(e.name == "LABEL" for e in r.extras)  # the ADR says it already
    assert r.birthday == PartialDate(3, 22, 1970)
    assert r.dates == [ImportedDate("anniversary", PartialDate(8, 1, 2012))]
    assert r.relations == [ImportedRelation("spouse", "Anna Müller"),
                           ImportedRelation("manager", "Karl Schmidt"),
                           ImportedRelation("assistant", "Eva Weiß")]
    assert r.notes == "Mag Brötchen\nund Kaffee"
    assert not any(e.name == "REV" for e in r.extras)


def test_outlook_photo_after_an_empty_first_line():
    r = only("outlook_photo_blank_lines.vcf")
    assert r.photo == JPEG
    picture = next(e for e in r.extras if e.name == "X-MS-CARDPICTURE")
    assert picture.value.startswith("/9j/") and " " not in picture.value


def test_outlook_export_with_every_field():
    parsed = read("outlook_export.vcf")
    bjorn, eva = parsed.records
    assert parsed.encoding == "cp1252" and parsed.problems == []
    assert (bjorn.prefix, bjorn.given_name, bjorn.family_name) == ("Mr.", "Björn", "Öhlund")
    assert bjorn.jobs == [ImportedJob("Contoso AB", "Chief Scientist", "Research")]
    assert [c.label for c in bjorn.contacts] == ["work", "home", "mobile", "work fax", "callback",
                                                 "work", "", "", "im"]
    assert [a.locality for a in bjorn.addresses] == ["Malmö", "Lund"]
    assert bjorn.relations[0] == ImportedRelation("spouse", "Åsa Öhlund")
    assert bjorn.notes == "Tycker om fika.\nAndra raden\tmed tabb."
    assert bjorn.photo == JPEG
    assert [e.name for e in bjorn.extras] == ["X-MS-OL-DEFAULT-POSTAL-ADDRESS", "KEY", "FBURL",
                                              "X-MS-OL-DESIGN", "ROLE"]
    design = bjorn.extras[3]
    assert design.params == "" and design.value.startswith("<card xmlns=")  # CHARSET gone
    assert bjorn.extras[1] == RawProperty("KEY", "MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcNAQEEBQAw",
                                          ";X509;ENCODING=BASE64")
    assert eva.name() == "Eva Lind"


def test_quoted_printable_cp1252_byte_without_any_charset():
    parsed = read("qp_no_charset_cp1252.vcf")
    assert parsed.records[0].notes == "It’s fine"
    assert parsed.encoding == "cp1252"


# ---- Thunderbird, Evolution and others ---------------------------------------------------

def test_old_thunderbird_lower_case_lf_and_version_last():
    r = only("lowercase_thunderbird_version_last.vcf")
    assert (r.given_name, r.family_name, r.display_name) == ("Jörg", "Schröder", "")
    assert r.notes == "Zeile 1\nZeile 2"
    assert r.contacts == [ImportedContact(EMAIL, "joerg@example.org", ""),
                          ImportedContact(PHONE, "+49 40 1111", "work"),
                          ImportedContact(URL, "http://example.org", "")]
    assert r.jobs == [ImportedJob("Thunder Ltd")]
    assert r.extras == [RawProperty("x-mozilla-html", "FALSE")]


def test_evolution_and_thunderbird_extension_properties():
    r = only("evolution_thunderbird_x_props.vcf")
    assert (r.given_name, r.family_name) == ("Ève", "Évolution")  # CHARSET= in a 3.0 file
    assert r.relations == [ImportedRelation("spouse", "Adam"), ImportedRelation("manager", "Mona"),
                           ImportedRelation("assistant", "Ali")]  # X-SPOUSE repeats Adam
    assert r.dates == [ImportedDate("anniversary", PartialDate(5, 6, 2001)),
                       ImportedDate("anniversary", PartialDate(7, 8, 2002))]
    assert r.tags == ["a, b, c", "d"]  # escaped commas belong to one category
    assert r.contacts == [ImportedContact(URL, "http://blog.example.org", "blog"),
                          ImportedContact(EMAIL, "eve@example.org", "home")]


def test_legacy_instant_messaging_properties():
    r = only("im_legacy_props.vcf")
    assert [(c.kind, c.value, c.label) for c in r.contacts] == [
        (IM, "chatty.aim", "aim"), (IM, "chatty.skype", "skype"),
        (IM, "chatty@jabber.example", "jabber"), (IM, "chatty@msn.example", "msn"),
        (IM, "chatty_yahoo", "yahoo"), (IM, "123456789", "icq"), (IM, "987654", "qq"),
        (IM, "chatty@gmail.example", "gtalk"), (IM, "chatty2@gmail.example", "gtalk"),
        (IM, "sip:chatty@sip.example", "sip"), (IM, "chatty@outlook.example", "im"),
        (IM, "work.skype", "Work Skype")]


def test_cr_only_line_endings():
    r = only("cr_only_line_endings.vcf")
    assert r.name() == "Old Mac" and r.contacts == [ImportedContact(PHONE, "+1 555 0142", "")]


# ---- vCard 4.0 ---------------------------------------------------------------------------

def test_v40_photos_as_data_uris_and_urls():
    parsed = read("v40_data_uri_photo.vcf")
    data_uri, escaped_comma, remote, infcloud, apple = parsed.records
    assert data_uri.photo == PNG and escaped_comma.photo == PNG and infcloud.photo == PNG
    assert apple.photo == JPEG
    assert remote.photo is None
    assert remote.extras == [RawProperty("PHOTO", "http://example.com/p.jpg", ";MEDIATYPE=image/jpeg")]
    assert parsed.problems == []


def test_v40_related_and_rfc_9554_properties():
    john, ours = read("related_v4.vcf").records
    assert john.uid == "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"  # urn:uuid: removed
    assert john.pronouns == "he/him"
    assert john.dates == [ImportedDate("anniversary", PartialDate(4, 15, 1996))]
    assert john.relations == [
        ImportedRelation("spouse", "Jane Doe"),
        ImportedRelation("child", "", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
        ImportedRelation("colleague", "Bob"), ImportedRelation("friend", "Carl"),
        ImportedRelation("relative", "Dana")]
    assert john.contacts == [
        ImportedContact(SOCIAL, "https://mastodon.example/@john", "mastodon"),
        ImportedContact(IM, "xmpp:john@example.com", ""),
        ImportedContact(PHONE, "+1-555-555-5555;ext=5", "mobile")]  # tel: URI
    assert john.extras == [RawProperty("GENDER", "M")]
    # Our own export repeats each relation for other apps: read once; another app's addition kept.
    assert ours.relations == [ImportedRelation("spouse", "Jane Doe", "u-1", PartialDate(3, 4)),
                              ImportedRelation("friend", "Added Elsewhere")]


def test_rfc6868_carets_in_parameters():
    r = only("rfc6868_carets.vcf")
    assert r.custom_fields == [('He said "hi" ^ bye', "value")]
    assert r.contacts == [ImportedContact(PHONE, "+1 555 0100", "mobile")]  # TYPE="voice,cell"
    assert r.addresses == [ImportedAddress("work", "123 Main Street", "Any Town", "CA", "91921-1234",
                                           "U.S.A.")]
    assert r.extras == [RawProperty("X-FOO", "kept", ';X-NOTE="line1^nline2"')]  # as written


# ---- values ------------------------------------------------------------------------------

def test_unescaped_commas_are_kept_not_truncated():
    smith, ios, mac = read("unescaped_commas.vcf").records
    assert smith.display_name == "Smith, John"
    assert smith.notes == "Met at the fair, talked about boats; likes tea, coffee"
    assert smith.jobs == [ImportedJob("Smith, Jones & Co", "Head of Sales, EMEA", "Sales, EMEA")]
    assert smith.contacts == [ImportedContact(URL, "http://example.com/a,b?x=1;y=2", "")]
    assert smith.nickname == "Johnny, Jack"
    assert smith.tags == ["friends", "work"]
    assert ios.middle_name == mac.middle_name == "Richter,James"


def test_escaped_colons_in_urls_and_names():
    r = only("escaped_colon_url.vcf")
    assert r.family_name == "Rp: Wr.no"
    assert r.contacts == [ImportedContact(URL, "http://www.ibm.com", ""),
                          ImportedContact(URL, "https://example.org/x?a=b", "homepage")]


def test_every_birthday_form():
    parsed = read("bday_forms.vcf")
    cards = {r.display_name: r for r in parsed.records}
    expected = {
        "basic": PartialDate(3, 22, 1980), "extended": PartialDate(3, 22, 1980),
        "date-time": PartialDate(4, 15, 1996), "basic date-time": PartialDate(10, 15, 1953),
        "google no year": PartialDate(4, 14), "android no year": PartialDate(9, 4),
        "v4 leap day no year": PartialDate(2, 29), "apple omit year": PartialDate(3, 15),
        "open-xchange": PartialDate(1, 5), "quoted omit year": PartialDate(2, 29),
        "bare 1604": PartialDate(1, 1), "nextcloud current year": PartialDate(8, 9),
        "leap day": PartialDate(2, 29, 2000), "fullcontact altid": PartialDate(8, 1, 2016),
        "text": None, "invalid": None, "day only": None,
    }
    assert {name: r.birthday for name, r in cards.items()} == expected
    assert cards["text"].custom_fields == [("Birthday", "circa 1800")]
    assert cards["invalid"].custom_fields == [("Birthday", "19723101")]
    assert [(p.line, p.message.split(";")[0]) for p in parsed.problems] == [
        (69, "the birthday “circa 1800” is text, not a date"),
        (74, "the birthday “19723101” is not a date on the calendar"),
        (79, "the birthday “---15” gives a day but no month")]


def test_relations_from_apple_labels():
    r = only("x_abrelatednames.vcf")
    assert [(x.type, x.name) for x in r.relations] == [
        ("spouse", "Jane"), ("child", "Kid"), ("parent", "Mum"), ("parent", "Dad"), ("parent", "Pat"),
        ("sibling", "Bro"), ("sibling", "Sis"), ("friend", "Pal"), ("manager", "Boss"),
        ("assistant", "Helper"), ("partner", "Sam"), ("cousin", "Vinny"), ("referred_by", "Referrer"),
        ("partner", "Chris"), ("relative", "No Label")]


def test_unknown_properties_are_kept_as_written():
    keep, decoded = read("unknown_x_properties.vcf").records
    assert keep.extras == [
        RawProperty("X-FOO", "some\\, value", ";TYPE=bar"),
        RawProperty("X-CUSTOM-THING", "abc", "", "item1"),
        RawProperty("X-ABLabel", "My label", "", "item1"),  # labels a kept property: kept too
        RawProperty("GEO", "37.386013;-122.082932"),
        RawProperty("TZ", "-05:00"),
        RawProperty("KEY", "MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcNAQEEBQAw", ";ENCODING=b;TYPE=X509"),
        RawProperty("SOUND", "http://example.com/sound.wav", ";VALUE=URL"),
        RawProperty("OPPO_RECENT_CALL", "NULL"),
        RawProperty("X-EVOLUTION-FILE-AS", "Everything\\, Keep"),
        RawProperty("X-COUCHDB-APPLICATION-ANNOTATIONS",
                    '{"Evolution":{"revision":"2012-03-05T13:32:54Z"}}'),
        RawProperty("LABEL", "1 Road\\nTown", ";TYPE=HOME"),  # no ADR to say it
    ]
    # 2.1 quoted-printable in a charset: kept decoded, without the parameters that no longer apply.
    assert decoded.extras == [RawProperty("X-GREETING", "Grüße\\nzwei")]


# ---- photos ------------------------------------------------------------------------------

def test_a_photo_claiming_a_huge_size_is_left_out_and_the_card_kept():
    parsed = read("huge_photo_dimensions.vcf")
    r = parsed.records[0]
    assert r.photo is None and r.notes == "still here" and r.contacts
    assert [(p.line, "50000 × 50000" in p.message) for p in parsed.problems] == [(6, True)]


def test_a_photo_that_is_not_an_image_or_not_base64():
    parsed = read_vcards(card("FN:A", "PHOTO;ENCODING=b;TYPE=JPEG:bm90IGFuIGltYWdl",
                              "PHOTO;ENCODING=b:A"))
    assert parsed.records[0].photo is None
    assert [p.message for p in parsed.problems] == [
        "the photo is not a JPEG, PNG or GIF image; it was left out",
        "the photo is not valid base64; it was left out"]


def test_a_photo_over_the_size_limit(monkeypatch):
    monkeypatch.setattr("app.photos.MAX_PHOTO_BYTES", 100)
    parsed = read("apple_export.vcf")
    assert parsed.records[0].photo is None
    assert "the limit is" in parsed.problems[0].message


# ---- encodings ---------------------------------------------------------------------------

def test_utf8_bom():
    parsed = read("utf8_bom.vcf")
    assert parsed.encoding == "utf-8"
    assert parsed.records[0].name() == "Łukasz Żółć" and parsed.records[0].line == 1


def test_per_property_charset_then_the_files_first_charset():
    parsed = read("greek_charset_hint.vcf")
    r = parsed.records[0]
    assert parsed.encoding == "cp1253"
    assert (r.given_name, r.family_name, r.display_name) == ("Γιώργος", "Παπαδόπουλος", "")


def test_the_users_code_page_for_a_file_without_hints():
    r = only("ukrainian_cp1251_no_hint.vcf", encoding="cp1251")
    assert (r.given_name, r.family_name) == ("Тарас", "Шевченко")
    assert r.notes == "Поет і художник"
    assert read("ukrainian_cp1251_no_hint.vcf", encoding="cp1251").encoding == "cp1251"
    wrong = only("ukrainian_cp1251_no_hint.vcf", encoding="cp1252")
    assert wrong.given_name != "Тарас"  # the user's choice is obeyed, even when wrong


def test_without_hints_the_code_page_is_guessed():
    parsed = read("ukrainian_cp1251_no_hint.vcf")
    assert parsed.encoding == "cp1251"
    assert parsed.records[0].family_name == "Шевченко"


def test_a_chosen_code_page_does_not_override_valid_utf8():
    parsed = read("utf8_bom.vcf", encoding="cp1252")
    assert parsed.records[0].name() == "Łukasz Żółć" and parsed.encoding == "utf-8"


def test_a_fold_in_the_middle_of_a_utf8_character():
    data = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë\r\nNOTE:é€😀\r\nEND:VCARD\r\n".encode()
    cut = data.index("€".encode()) + 1  # inside the euro sign's three bytes
    folded = data[:cut] + b"\r\n " + data[cut:]
    assert read_vcards(folded).records[0].notes == "é€😀"


# ---- broken files ------------------------------------------------------------------------

def test_truncated_file_names_the_line_of_the_unfinished_card():
    with pytest.raises(ImportFailed) as failure:
        read("truncated_no_end.vcf")
    assert failure.value.line == 6
    assert "no END:VCARD" in failure.value.reason and "cut short" in failure.value.reason
    assert str(failure.value).startswith("truncated_no_end.vcf, line 6: ")


def test_not_a_vcard_file():
    with pytest.raises(ImportFailed) as failure:
        read("not_a_vcard.vcf")
    assert failure.value.line == 1 and "not a vCard file" in failure.value.reason


def test_an_empty_file_is_not_a_vcard_file():
    with pytest.raises(ImportFailed, match="not a vCard file"):
        read_vcards(b"", "empty.vcf")


def test_begin_inside_a_card():
    with pytest.raises(ImportFailed) as failure:
        read("begin_inside_card.vcf")
    assert failure.value.line == 4 and "line 1 has no END:VCARD" in failure.value.reason


def test_unreadable_lines_are_skipped_and_the_rest_of_the_card_kept():
    parsed = read("garbage_line_in_card.vcf")
    r = parsed.records[0]
    assert (r.given_name, r.family_name) == ("Gar", "Bage")
    assert r.contacts == [ImportedContact(PHONE, "+1 555 0199", "mobile"),
                          ImportedContact(EMAIL, "gar@example.com", "")]
    assert [p.line for p in parsed.problems] == [4, 6]


def test_text_between_cards_and_stray_ends_are_reported_not_fatal():
    data = b"garbage before\r\n" + card("FN:A") + b"END:VCARD\r\nmore garbage\r\n" + card("FN:B")
    parsed = read_vcards(data)
    assert [r.name() for r in parsed.records] == ["A", "B"]
    assert [p.line for p in parsed.problems] == [1]  # reported once


def test_bad_rapport_values_become_problems():
    parsed = read_vcards(card("FN:A", "X-RAPPORT-CADENCE:often", "X-RAPPORT-MET-ON:last year",
                              "X-RAPPORT-JOB;START=2020-13-01:Acme",
                              "X-RAPPORT-RELATED;BDAY=--02-30:Kim"))
    r = parsed.records[0]
    assert r.cadence_days is None and r.met_on is None
    assert r.jobs == [ImportedJob("Acme")]
    assert r.relations == [ImportedRelation("relative", "Kim")]
    assert [p.line for p in parsed.problems] == [4, 5, 6, 7]


# ---- limits and cancelling ---------------------------------------------------------------

def test_file_size_limit(monkeypatch):
    monkeypatch.setattr(record_module, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFailed) as failure:
        read("apple_export.vcf")
    assert failure.value.line is None and "files over 100 bytes are not read" in failure.value.reason


def test_line_length_limit_counts_the_unfolded_line(monkeypatch):
    monkeypatch.setattr(record_module, "MAX_LINE_BYTES", 200)
    with pytest.raises(ImportFailed) as failure:
        read("v40_data_uri_photo.vcf")  # the JPEG is folded over short lines, from line 30
    assert failure.value.line == 30 and "longer than 200 bytes" in failure.value.reason
    data = card("FN:A", "NOTE:" + "x" * 300)
    with pytest.raises(ImportFailed, match="longer than"):
        read_vcards(data)


def test_card_count_limit(monkeypatch):
    monkeypatch.setattr(record_module, "MAX_RECORDS", 2)
    assert len(read_vcards(card("FN:A") * 2).records) == 2
    with pytest.raises(ImportFailed) as failure:
        read_vcards(card("FN:A") * 3)
    assert failure.value.line == 9 and "more than 2 cards" in failure.value.reason


def test_cancelling_stops_the_read():
    data = card("FN:A", "TEL:1") * 5000
    calls = []

    def should_cancel() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        read_vcards(data, should_cancel=should_cancel)
    assert read_vcards(data, should_cancel=lambda: False).records[4999].contacts


@pytest.mark.parametrize("line", [
    b"NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9", b"note;encoding=quoted-printable:x",
    b"NOTE;CHARSET=UTF-8;QUOTED-PRINTABLE:x", b"PHOTO;ENCODING=b;TYPE=JPEG:AAAA",
    b"PHOTO;BASE64:AAAA", b"PHOTO;TYPE=JPEG;B:AAAA", b'PHOTO;B"x":AAAA', b"LOGO;b,x:AAAA",
])
def test_a_file_whose_lines_may_be_encoded_is_told_apart_by_one_search(line):
    """logical_lines skips the per-line check of encodings when one search of the whole file
    finds none: that search must find every line the per-line check would find."""
    from app.interchange.vcard_lines import _CONTINUING_ENCODING, _encodings

    assert any(_encodings(line))
    assert _CONTINUING_ENCODING.search(b"BEGIN:VCARD\r\n" + line + b"\r\nEND:VCARD\r\n")


def test_quoted_printable_and_base64_are_undone_only_where_declared():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lima;Ana\r\n"
            b"NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 =\r\nau lait\r\nEND:VCARD\r\n"
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ito;Ben\r\nNOTE:2+2=4 =\r\nTEL:123\r\nEND:VCARD\r\n")
    ana, ben = read_vcards(data).records
    assert ana.notes == "café au lait"
    assert ben.notes == "2+2=4 =" and [c.value for c in ben.contacts] == ["123"]
    only_ben = data[data.index(b"BEGIN:VCARD", 10):]  # a file without any encoding
    assert read_vcards(only_ben).records == [dataclasses.replace(ben, line=1)]


# -- splitting into logical lines: the quick way (no line can continue another) -----------

def general_lines(data: bytes) -> list[tuple[int, bytes]]:
    return list(vcard_lines._unfolded(data.splitlines(), "x.vcf", None))


SIMPLE = b"BEGIN:VCARD\r\nVERSION:3.0\r\n\r\nN:Green;Bruno;;;\r\nTEL;TYPE=cell:1\r\n\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("data", [
    SIMPLE, SIMPLE.replace(b"\r\n", b"\n"), SIMPLE.replace(b"\r\n", b"\r"), b"", b"\r\n\r\n",
    b" FN:leading space\r\nNOTE:x=\r\n",
])
def test_a_file_whose_lines_never_continue_is_split_the_quick_way(data):
    assert vcard_lines._never_continued(data)
    assert list(vcard_lines.logical_lines(data, "x.vcf", None)) == general_lines(data)


@pytest.mark.parametrize("continued", [
    b"NOTE:a\r\n b\r\n", b"NOTE:a\n\tb\n", b"NOTE:a\r b\r", b"NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n",
    b"note;quoted-printable:a=\r\n", b"PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n", b"PHOTO;BASE64:AA\r\n",
    b'PHOTO;B;X="y":AA\r\n', b"PHOTO;ENCODING=B,X:AA\r\n",
])
def test_a_file_whose_lines_may_continue_takes_the_general_way(continued):
    assert not vcard_lines._never_continued(SIMPLE + continued)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.vcf")))
def test_every_fixture_splits_as_the_general_way_splits_it(name):
    data = (DATA / name).read_bytes()
    assert list(vcard_lines.logical_lines(data, name, None)) == general_lines(data)


def test_the_quick_way_still_checks_line_length_and_cancelling(monkeypatch):
    data = card("FN:A", "NOTE:" + "x" * 300)
    assert vcard_lines._never_continued(data)
    monkeypatch.setattr(record_module, "MAX_LINE_BYTES", 200)
    with pytest.raises(ImportFailed) as failure:
        list(vcard_lines.logical_lines(data, "x.vcf", None))
    assert failure.value.line == 4
    many = SIMPLE * 2000
    assert vcard_lines._never_continued(many)
    assert len(list(vcard_lines.logical_lines(many, "x.vcf", lambda: False))) == 10_000
    with pytest.raises(Cancelled):
        list(vcard_lines.logical_lines(many, "x.vcf", lambda: True))
