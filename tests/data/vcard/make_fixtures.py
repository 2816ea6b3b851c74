# ruff: noqa: E501  (fixture lines are written as the exporters write them, however long)
"""Writes the vCard fixtures in this folder, byte for byte.

Each file reproduces one quirk that real exporters have (Apple, Google, Outlook, Android,
Samsung, Thunderbird; see /work/shared/reference/formats.md §0-5), written by hand rather than
copied. Line endings, raw legacy code-page bytes, BOMs and UTF-16 matter, so the files are made
here rather than typed into an editor. The generated files are committed (tests read them);
run this script again after changing it:

    .venv/bin/python tests/data/vcard/make_fixtures.py
"""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).parent

# A real 2x2 JPEG (made once with Qt; 632 bytes).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAZABkAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDHooorhPqD/9k=")


def png(width: int, height: int, pixels: bool = True) -> bytes:
    """A PNG of the given size (a red image; `pixels=False` leaves the image data out, which is
    enough for a header that only claims a size)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)) if pixels else b""
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


PNG = png(1, 1)
HUGE_PNG = png(50_000, 50_000, pixels=False)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def lines_of(text: str, width: int, first: int | None = None) -> list[str]:
    first = width if first is None else first
    return [text[:first]] + [text[i:i + width] for i in range(first, len(text), width)]


def crlf(text: str, encoding: str = "utf-8") -> bytes:
    """The card text (written with \\n) with CRLF line endings."""
    return text.replace("\n", "\r\n").encode(encoding)


# ---- one file per quirk ------------------------------------------------------------------

APPLE_ITEMN_LABELS = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.15.7//EN
N:Appleseed;Johnny;;;
FN:Johnny Appleseed
ORG:Apple Inc.;Engineering
TITLE:Engineer
item1.EMAIL;type=INTERNET;type=pref:johnny@example.com
item1.X-ABLabel:_$!<Other>!$_
EMAIL;type=INTERNET;type=WORK:j.appleseed@apple.example
TEL;type=CELL;type=VOICE;type=pref:+1 408 555 0101
item2.TEL:+1 408 555 0102
item2.X-ABLabel:_$!<AssistantPhone>!$_
item3.TEL:+1 408 555 0103
item3.X-ABLabel:Boat phone
item4.ADR;type=HOME;type=pref:;;1 Infinite Loop;Cupertino;CA;95014;USA
item4.X-ABADR:us
item5.URL;type=pref:http\\://www.apple.example/johnny
item5.X-ABLabel:_$!<HomePage>!$_
item6.X-ABDATE;type=pref:2004-06-12
item6.X-ABLabel:_$!<Anniversary>!$_
item7.X-ABDATE:2010-09-01
item7.X-ABLabel:First day
X-SOCIALPROFILE;type=twitter:http://twitter.com/johnny
X-SOCIALPROFILE;type=linkedin;x-user=johnny:http://www.linkedin.com/in/johnny
IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:johnny.appleseed
X-AIM;type=HOME;type=pref:johnnyaim
IMPP;X-SERVICE-TYPE=AIM;type=HOME:aim:johnnyaim
X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson
X-PHONETIC-FIRST-NAME:Jonny
END:VCARD
"""

APPLE_OMIT_YEAR = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iOS 17.0//EN
N:Lovelace;Ada;;;
FN:Ada Lovelace
BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10
item1.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-02-29
item1.X-ABLabel:_$!<Anniversary>!$_
item2.X-ABDATE;X-APPLE-OMIT-YEAR=1604;VALUE=date:16040705
item2.X-ABLabel:Name day
END:VCARD
"""

# One card per birthday form; FN says which.
BDAY_FORMS = """\
BEGIN:VCARD
VERSION:3.0
FN:basic
BDAY:19800322
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:extended
BDAY;VALUE=date:1980-03-22
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:date-time
BDAY:1996-04-15T201243+04:00
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:basic date-time
BDAY:19531015T231000Z
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:google no year
BDAY:--0414
END:VCARD
BEGIN:VCARD
VERSION:2.1
FN:android no year
BDAY:--09-04
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:v4 leap day no year
BDAY:--0229
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:apple omit year
BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:open-xchange
BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=DATE:16040105
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:quoted omit year
BDAY;X-APPLE-OMIT-YEAR="1604":1604-02-29
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:bare 1604
BDAY:16040101
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:nextcloud current year
BDAY;X-APPLE-OMIT-YEAR=2026:2026-08-09
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:leap day
BDAY:2000-02-29
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:text
BDAY;VALUE=text:circa 1800
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:invalid
BDAY:19723101
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:day only
BDAY:---15
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:fullcontact altid
BDAY;ALTID=1:20160801
BDAY;ALTID=1;VALUE=text:2016-08-01
END:VCARD
"""

GOOGLE_MMDD_BIRTHDAY_CATEGORIES = """\
BEGIN:VCARD
VERSION:3.0
FN:Grace Hopper
N:Hopper;Grace;;;
EMAIL;TYPE=INTERNET;TYPE=HOME:grace@example.com
TEL;TYPE=CELL:+1 202 555 0144
BDAY:--1209
item1.URL:http\\://grace.example.com
item1.X-ABLabel:
CATEGORIES:myContacts,starred,Navy,Pioneers
PHOTO:https://lh3.googleusercontent.com/contacts/ABC123
NOTE:Rear admiral\\nCOBOL: yes
END:VCARD
"""

# A soft break splits the UTF-8 sequence D0 B9 ("й") between two lines, and another one
# falls right before a compound separator.
ANDROID_QP_UTF8_SOFTBREAK = b"""\
BEGIN:VCARD\r
VERSION:2.1\r
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ay=C5=9Fe;;;\r
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ay=C5=9Fe =C3=96zt=C3=BCr=\r
k\r
TEL;CELL;PREF:+90 555 000 0000\r
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Line one =C3=A7ok g=C3=BCzel=0D=0AL=\r
ine two =D0=\r
=B9 end\r
X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;Ay=C5=9Fo=\r
;1;;;;;;;;;;;;;\r
END:VCARD\r
"""

# Raw Windows-1252 bytes with no CHARSET except on the LABEL (as Outlook writes it).
OUTLOOK_CP1252_RAW = """\
BEGIN:VCARD
VERSION:2.1
N;LANGUAGE=de:Müller;Jürgen;;Herr;
FN:Jürgen Müller
ORG:Bäckerei Müller GmbH
TITLE:Geschäftsführer
ROLE:Bäcker
TEL;WORK;VOICE:+49 30 1234567
TEL;HOME;VOICE:+49 30 7654321
X-MS-TEL;VOICE;CALLBACK:+49 30 5555555
ADR;WORK;PREF;:;;Hauptstraße 5;Köln;;50667;Deutschland
LABEL;WORK;PREF;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Hauptstra=DFe 5=0D=0A=
50667 K=F6ln
X-MS-OL-DEFAULT-POSTAL-ADDRESS:2
URL;WORK:http://www.baeckerei.example/
EMAIL;PREF;INTERNET:juergen@baeckerei.example
X-MS-IMADDRESS:juergen@im.example
BDAY:19700322
X-MS-ANNIVERSARY:20120801
X-MS-SPOUSE:Anna Müller
X-MS-MANAGER:Karl Schmidt
X-MS-ASSISTANT:Eva Weiß
NOTE;ENCODING=QUOTED-PRINTABLE:Mag Br=F6tchen=0D=0A=
und Kaffee
REV:20240101T120000Z
END:VCARD
""".replace("\n", "\r\n").encode("cp1252")

OUTLOOK_PHOTO_BLANK_LINES = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Photo;Olivia\r\nFN:Olivia Photo\r\n"
    "PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n\r\n"
    + "".join(f" {line}\r\n" for line in lines_of(b64(JPEG), 76))
    + "\r\n"
    "X-MS-CARDPICTURE;TYPE=JPEG;ENCODING=BASE64:\r\n"
    + "".join(f" {line}\r\n" for line in lines_of(b64(JPEG), 76))
    + "\r\nEND:VCARD\r\n").encode("ascii")

UTF16LE_BOM = """\
BEGIN:VCARD
VERSION:3.0
FN:Zoë Ångström
N:Ångström;Zoë;;;
item1.EMAIL;TYPE=INTERNET: zoe@example.se
item1.X-ABLabel:
item2.ADR:;;1-1 Marunouchi;東京;;100-0005;日本
item2.X-ABLabel:Tokyo office
PHOTO:https://lh3.googleusercontent.com/contacts/XYZ
END:VCARD
"""

UTF8_BOM = """\
BEGIN:VCARD
VERSION:3.0
FN:Łukasz Żółć
N:Żółć;Łukasz;;;
TEL;TYPE=WORK:+48 22 000 00 00
END:VCARD
"""

V21_BARE_PARAMS = "\r\n".join([
    "BEGIN:VCARD", "VERSION:2.1", "N:Doe;John", "FN:John Doe",
    "TEL;CELL;PREF:+1 555 0100", "TEL;WORK;FAX:+1 555 0101", "TEL;HOME;VOICE:+1 555 0102",
    "TEL;:+1 555 0103", "TEL;TYPE=CELL:+1 555 0104", "TEL;X-Boat:+1 555 0105",
    "EMAIL;PREF;INTERNET:john@example.com", "EMAIL;INTERNET;WORK:john@work.example",
    "ADR;HOME;PREF;:;;12 Elm St;Springfield;IL;62701;USA",
    # Android: the type as a bare parameter, indented and then unindented base64, a blank line.
    *(lambda lines: [f"PHOTO;ENCODING=BASE64;JPEG:{lines[0]}", *(f"  {x}" for x in lines[1:4]),
                     *lines[4:]])(lines_of(b64(JPEG), 64)),
    "", "NOTE:after the photo", "END:VCARD", ""]).encode("ascii")

V40_DATA_URI_PHOTO = "\r\n".join([
    "BEGIN:VCARD", "VERSION:4.0", "FN:Data Uri", "N:Uri;Data;;;",
    *(lambda lines: [lines[0], *(" " + x for x in lines[1:])])(
        lines_of(f"PHOTO:data:image/png;base64,{b64(PNG)}", 74, 75)),
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:4.0", "FN:Escaped Comma", "N:Comma;Escaped;;;",
    f"PHOTO;VALUE=URI:data:image/png;base64\\,{b64(PNG)}",
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:4.0", "FN:Remote Photo", "N:Photo;Remote;;;",
    "PHOTO;MEDIATYPE=image/jpeg:http://example.com/p.jpg",
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:3.0", "FN:InfCloud Mix", "N:Mix;InfCloud;;;",
    f"PHOTO;ENCODING=b;TYPE=png:data:image/png;base64,{b64(PNG)}",
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:3.0", "FN:Apple Photo", "N:Photo;Apple;;;",
    *(lambda lines: [lines[0], *(" " + x for x in lines[1:])])(
        lines_of(f"PHOTO;ENCODING=b;TYPE=JPEG:{b64(JPEG)}", 74, 75)),
    "END:VCARD", ""]).encode("ascii")

UNESCAPED_COMMAS = """\
BEGIN:VCARD
VERSION:3.0
FN:Smith, John
N:Smith;John;;;
NOTE:Met at the fair, talked about boats; likes tea, coffee
ORG:Smith, Jones & Co;Sales, EMEA
TITLE:Head of Sales, EMEA
URL:http://example.com/a,b?x=1;y=2
NICKNAME:Johnny,Jack
CATEGORIES:friends,work
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:John Richter Doe
N:Doe;John;Richter,James;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:John Richter Doe
N:Doe;John;Richter\\,James;;
END:VCARD
"""

ESCAPED_COLON_URL = """\
BEGIN:VCARD
VERSION:3.0
FN:Ola Nordmann
N:Rp\\: Wr.no;Ola;;;
URL;type=pref:http\\://www.ibm.com
item1.URL:https\\://example.org/x?a=b
item1.X-ABLabel:_$!<HomePage>!$_
END:VCARD
"""

SAMSUNG_X_CUSTOM = """\
BEGIN:VCARD
VERSION:2.1
N:Dupont;Marie;;;
FN:Marie Dupont
TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=70=72=69=76=C3=A9):+33 1 23 45 67 89
TEL;X-CUSTOM(Studio):+33 1 00 00 00 00
TEL;CELL:+33 6 12 34 56 78
END:VCARD
"""

# Old Thunderbird: LF line endings, lower-case names, UTF-8 quoted-printable without a CHARSET,
# and the version near the end.
LOWERCASE_THUNDERBIRD_VERSION_LAST = b"""\
begin:vcard
fn;quoted-printable:J=C3=B6rg Schr=C3=B6der
n;quoted-printable:Schr=C3=B6der;J=C3=B6rg
org:Thunder Ltd
email;internet:joerg@example.org
tel;work:+49 40 1111
note;quoted-printable:Zeile 1=0D=0AZeile 2
x-mozilla-html:FALSE
url:http://example.org
version:2.1
end:vcard
"""

RFC6868_CARETS = """\
BEGIN:VCARD
VERSION:4.0
FN:Caret Example
N:Example;Caret;;;
ADR;LABEL="Mr. John Q. Public, Esq.^nMail Drop: TNE QB^n123 Main Street";TYPE=work:;;123 Main Street;Any Town;CA;91921-1234;U.S.A.
X-RAPPORT-FIELD;NAME="He said ^'hi^' ^^ bye":value
TEL;TYPE="voice,cell":+1 555 0100
X-FOO;X-NOTE="line1^nline2":kept
REV;VALUE=DATE-AND-OR-TIME:20240101
END:VCARD
"""

RELATED_V4 = """\
BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
FN:John Relate
N:Relate;John;;;
KIND:individual
GENDER:M
PRONOUNS:he/him
ANNIVERSARY:19960415
RELATED;TYPE=spouse;VALUE=text:Jane Doe
RELATED;TYPE=child:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6
RELATED;TYPE=co-worker;VALUE=text:Bob
RELATED;TYPE=friend,colleague;VALUE=text:Carl
RELATED;VALUE=text:Dana
SOCIALPROFILE;SERVICE-TYPE=Mastodon:https://mastodon.example/@john
IMPP;PREF=1:xmpp:john@example.com
TEL;VALUE=uri;TYPE=cell:tel:+1-555-555-5555;ext=5
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Our Export
N:Export;Our;;;
X-RAPPORT-RELATED;TYPE=spouse;UID=u-1;BDAY=--03-04:Jane Doe
RELATED;TYPE=spouse;VALUE=text:Jane Doe
RELATED;TYPE=friend;VALUE=text:Added Elsewhere
END:VCARD
"""

X_ABRELATEDNAMES = """\
BEGIN:VCARD
VERSION:3.0
FN:Rel Ations
N:Ations;Rel;;;
item1.X-ABRELATEDNAMES:Jane
item1.X-ABLabel:_$!<Spouse>!$_
item2.X-ABRELATEDNAMES:Kid
item2.X-ABLabel:_$!<Child>!$_
item3.X-ABRELATEDNAMES:Mum
item3.X-ABLabel:_$!<Mother>!$_
item4.X-ABRELATEDNAMES:Dad
item4.X-ABLabel:_$!<Father>!$_
item5.X-ABRELATEDNAMES:Pat
item5.X-ABLabel:_$!<Parent>!$_
item6.X-ABRELATEDNAMES:Bro
item6.X-ABLabel:_$!<Brother>!$_
item7.X-ABRELATEDNAMES:Sis
item7.X-ABLabel:_$!<Sister>!$_
item8.X-ABRELATEDNAMES:Pal
item8.X-ABLabel:_$!<Friend>!$_
item9.X-ABRELATEDNAMES:Boss
item9.X-ABLabel:_$!<Manager>!$_
item10.X-ABRELATEDNAMES:Helper
item10.X-ABLabel:_$!<Assistant>!$_
item11.X-ABRELATEDNAMES:Sam
item11.X-ABLabel:_$!<Partner>!$_
item12.X-ABRELATEDNAMES:Vinny
item12.X-ABLabel:Cousin
item13.X-ABRELATEDNAMES:Referrer
item13.X-ABLabel:REFERRED_BY
item14.X-ABRELATEDNAMES:Chris
item14.X-ABLabel:DOMESTIC_PARTNER
X-ABRELATEDNAMES:No Label
END:VCARD
"""

UNKNOWN_X_PROPERTIES = """\
BEGIN:VCARD
VERSION:3.0
FN:Keep Everything
N:Everything;Keep;;;
X-FOO;TYPE=bar:some\\, value
item1.X-CUSTOM-THING:abc
item1.X-ABLabel:My label
GEO:37.386013;-122.082932
TZ:-05:00
KEY;ENCODING=b;TYPE=X509:MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcNAQEEBQAw
SOUND;VALUE=URL:http://example.com/sound.wav
OPPO_RECENT_CALL:NULL
X-EVOLUTION-FILE-AS:Everything\\, Keep
X-COUCHDB-APPLICATION-ANNOTATIONS:{"Evolution":{"revision":"2012-03-05T13:32:54Z"}}
LABEL;TYPE=HOME:1 Road\\nTown
END:VCARD
BEGIN:VCARD
VERSION:2.1
N:Decoded;Kept
X-GREETING;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fe=0D=0Azwei
END:VCARD
"""

GROUP_CARD_APPLE = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iOS 17.0//EN
N:One;Member;;;
FN:Member One
UID:11111111-1111-1111-1111-111111111111
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iOS 17.0//EN
N:Book Club;;;;
FN:Book Club
X-ADDRESSBOOKSERVER-KIND:group
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:11111111-1111-1111-1111-111111111111
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:22222222-2222-2222-2222-222222222222
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:99999999-9999-9999-9999-999999999999
UID:bookclub-group
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Two;Member;;;
FN:Member Two
UID:22222222-2222-2222-2222-222222222222
CATEGORIES:Book Club
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:group
FN:Climbers
MEMBER:urn:uuid:22222222-2222-2222-2222-222222222222
END:VCARD
"""

TRUNCATED_NO_END = """\
BEGIN:VCARD
VERSION:3.0
FN:Complete Card
N:Card;Complete;;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Cut Short
N:Short;Cut;;;
TEL:+1 555 0100
"""

GARBAGE_LINE_IN_CARD = """\
BEGIN:VCARD
VERSION:3.0
FN:Gar Bage
this line is not a property
N:Bage;Gar;;;
bad name here:x
TEL;TYPE=CELL:+1 555 0199
EMAIL:gar@example.com
END:VCARD
"""

HUGE_PHOTO_DIMENSIONS = "\r\n".join([
    "BEGIN:VCARD", "VERSION:3.0", "FN:Huge Photo", "N:Photo;Huge;;;", "TEL:+1 555 0111",
    *(lambda lines: [lines[0], *(" " + x for x in lines[1:])])(
        lines_of(f"PHOTO;ENCODING=b;TYPE=PNG:{b64(HUGE_PNG)}", 74, 75)),
    "NOTE:still here", "END:VCARD", ""]).encode("ascii")

NOT_A_VCARD = "First Name,Last Name,E-mail Address\nAda,Lovelace,ada@example.com\n"

BEGIN_INSIDE_CARD = """\
BEGIN:VCARD
VERSION:3.0
FN:Outer
BEGIN:VCARD
VERSION:3.0
FN:Inner
END:VCARD
END:VCARD
"""

EVOLUTION_THUNDERBIRD_X_PROPS = """\
BEGIN:VCARD
VERSION:3.0
N;CHARSET=UTF-8:Évolution;Ève;;;
FN;CHARSET=UTF-8:Ève Évolution
X-EVOLUTION-SPOUSE;X-COUCHDB-UUID="abc":Adam
X-EVOLUTION-MANAGER:Mona
X-EVOLUTION-ASSISTANT:Ali
X-EVOLUTION-ANNIVERSARY:2001-05-06
X-EVOLUTION-BLOG-URL:http://blog.example.org
X-SPOUSE:Adam
X-ANNIVERSARY:2002-07-08
CATEGORIES:a\\, b\\, c,d
EMAIL;TYPE=HOME;X-COUCHDB-UUID="e1":eve@example.org
END:VCARD
"""

IM_LEGACY_PROPS = """\
BEGIN:VCARD
VERSION:3.0
FN:Chatty Person
N:Person;Chatty;;;
X-AIM:chatty.aim
X-SKYPE:chatty.skype
X-JABBER:chatty@jabber.example
X-MSN:chatty@msn.example
X-YAHOO:chatty_yahoo
X-ICQ:123456789
X-QQ:987654
X-GTALK:chatty@gmail.example
X-GOOGLE-TALK:chatty2@gmail.example
X-SIP:sip:chatty@sip.example
X-MS-IMADDRESS:chatty@outlook.example
item1.X-SKYPE:work.skype
item1.X-ABLabel:Work Skype
END:VCARD
"""

COMPANY_CARDS = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.15.7//EN
N:;;;;
FN:
ORG:Acme Corp;
TEL;type=WORK:+1 555 0123
X-ABShowAs:COMPANY
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:org
FN:Globex
ORG:Globex Corporation
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:;;;;
FN:
EMAIL:only.email@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:;;;;
FN:
END:VCARD
"""

# cp1253 bytes; the CHARSET is on N only, FN relies on the file's first CHARSET.
GREEK_CHARSET_HINT = """\
BEGIN:VCARD
VERSION:2.1
N;CHARSET=WINDOWS-1253:Παπαδόπουλος;Γιώργος;;;
FN:Γιώργος Παπαδόπουλος
TEL;CELL:+30 69 0000 0000
END:VCARD
""".replace("\n", "\r\n").encode("cp1253")

# cp1251 bytes and no hint anywhere: only the user can say which code page it is.
UKRAINIAN_NO_HINT = """\
BEGIN:VCARD
VERSION:2.1
N:Шевченко;Тарас;;;
FN:Тарас Шевченко
NOTE:Поет і художник
END:VCARD
""".replace("\n", "\r\n").encode("cp1251")

# Windows 10 contacts.exe: a cp1252 byte (0x92, a right quote) in QP with no CHARSET at all.
QP_NO_CHARSET = b"""\
BEGIN:VCARD\r
VERSION:2.1\r
N:Quote;Win\r
FN:Win Quote\r
NOTE;ENCODING=QUOTED-PRINTABLE:It=92s fine\r
END:VCARD\r
"""

CR_ONLY = b"BEGIN:VCARD\rVERSION:3.0\rFN:Old Mac\rN:Mac;Old;;;\rTEL:+1 555 0142\rEND:VCARD\r"


# ---- one file per vendor, several people, every field -------------------------------------

def folded(line: str) -> str:
    return "\n ".join(lines_of(line, 74, 75))


APPLE_EXPORT = f"""\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.15.7//EN
N:Appleseed;Johnny;Q.;Dr.;Jr.
FN:Dr. Johnny Q. Appleseed Jr.
NICKNAME:Apple
ORG:Apple Inc.;Engineering
TITLE:Senior Engineer
EMAIL;type=INTERNET;type=WORK;type=pref:johnny@apple.example
item1.EMAIL;type=INTERNET:johnny@home.example
item1.X-ABLabel:_$!<Other>!$_
TEL;type=CELL;type=VOICE;type=pref:+1 408 555 0101
TEL;type=WORK;type=VOICE:+1 408 555 0102
item2.TEL:+1 408 555 0103
item2.X-ABLabel:_$!<AssistantPhone>!$_
item3.ADR;type=HOME;type=pref:;;1 Infinite Loop\\nBuilding 2;Cupertino;CA;95014;United States
item3.X-ABADR:us
item4.ADR;type=WORK:;;One Apple Park Way;Cupertino;CA;95014;United States
item4.X-ABADR:us
item5.URL;type=pref:http\\://www.apple.example
item5.X-ABLabel:_$!<HomePage>!$_
BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15
item6.X-ABDATE;type=pref:2004-06-12
item6.X-ABLabel:_$!<Anniversary>!$_
item7.X-ABRELATEDNAMES;type=pref:Jane Appleseed
item7.X-ABLabel:_$!<Spouse>!$_
item8.X-ABRELATEDNAMES:Tim
item8.X-ABLabel:_$!<Manager>!$_
X-SOCIALPROFILE;type=twitter:http://twitter.com/johnny
IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:johnny.appleseed
NOTE:Likes apples\\, pears and plums.\\nSecond line
X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson
UID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE
{folded("PHOTO;ENCODING=b;TYPE=JPEG;X-ABCROP-RECTANGLE=ABClipRect_1&0&0&2&2&abc=:" + b64(JPEG))}
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.15.7//EN
N:Bäcker;Anna;;;
FN:Anna Bäcker
EMAIL;type=INTERNET;type=HOME;type=pref:anna@example.de
TEL;type=IPHONE;type=CELL;type=VOICE;type=pref:+49 170 0000000
item1.TEL:+49 30 0000000
item1.X-ABLabel:Studio
X-SOCIALPROFILE;type=linkedin;x-user=annab:http://www.linkedin.com/in/annab
item2.X-ABDATE:2015-05-01
item2.X-ABLabel:Joined choir
CATEGORIES:Choir
UID:7A4A5B1C-0000-4000-8000-000000000002
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.15.7//EN
N:;;;;
FN:
ORG:Example Widgets Ltd;
TEL;type=WORK;type=VOICE;type=pref:+44 20 7946 0000
item1.URL;type=pref:https\\://widgets.example
item1.X-ABLabel:_$!<HomePage>!$_
X-ABShowAs:COMPANY
UID:7A4A5B1C-0000-4000-8000-000000000003
END:VCARD
"""

GOOGLE_EXPORT = """\
BEGIN:VCARD
VERSION:3.0
FN:Grace Hopper
N:Hopper;Grace;Brewster Murray;Rear Admiral;
NICKNAME:Amazing Grace
EMAIL;TYPE=INTERNET;TYPE=HOME:grace@example.com
EMAIL;TYPE=INTERNET;TYPE=WORK:ghopper@navy.example
TEL;TYPE=CELL:+1 202 555 0144
TEL;TYPE=WORK:+1 202 555 0145
item1.TEL:+1 202 555 0146
item1.X-ABLabel:GRAND_CENTRAL
ADR;TYPE=HOME:;;1 Navy Way\\nApt 4;Arlington;VA;22201;US
ORG:US Navy;Computing
TITLE:Rear Admiral
BDAY:--1209
item2.URL:http\\://grace.example.com
item2.X-ABLabel:BLOG
item3.X-ABDATE:1930-06-15
item3.X-ABLabel:_$!<Anniversary>!$_
X-ABDATE:1944-01-01
item4.X-ABRELATEDNAMES:Vincent Hopper
item4.X-ABLabel:_$!<Spouse>!$_
item5.X-ABRELATEDNAMES:Mary
item5.X-ABLabel:_$!<Sister>!$_
X-GTALK:grace@gmail.example
X-SKYPE:grace.hopper
X-PHONETIC-FIRST-NAME:Grays
NOTE:Pioneer of COBOL\\nFavourite: nanoseconds
CATEGORIES:myContacts,starred,Navy
PHOTO:https://lh3.googleusercontent.com/contacts/ABC123
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Alan Turing
N:Turing;Alan;;;
EMAIL;TYPE=INTERNET:alan@example.org
item1.EMAIL;TYPE=INTERNET:alan@bletchley.example
item1.X-ABLabel:Bletchley
BDAY:1912-06-23
CATEGORIES:myContacts
END:VCARD
"""

OUTLOOK_EXPORT = ("""\
BEGIN:VCARD
VERSION:2.1
N;LANGUAGE=en-us:Öhlund;Björn;;Mr.;
FN:Björn Öhlund
ORG:Contoso AB;Research
TITLE:Chief Scientist
ROLE:Chemist
TEL;WORK;VOICE:+46 8 000 00 01
TEL;HOME;VOICE:+46 8 000 00 02
TEL;CELL;VOICE:+46 70 000 00 03
TEL;WORK;FAX:+46 8 000 00 04
X-MS-TEL;VOICE;CALLBACK:+46 8 000 00 05
ADR;WORK;PREF:;;Storgatan 1;Malmö;;211 34;Sverige
LABEL;WORK;PREF;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Storgatan 1=0D=0A=
211 34 Malm=F6
ADR;HOME:;;Lillgatan 2;Lund;;222 22;Sverige
X-MS-OL-DEFAULT-POSTAL-ADDRESS:2
URL;WORK:http://www.contoso.example
EMAIL;PREF;INTERNET:bjorn@contoso.example
EMAIL;INTERNET:bjorn.private@example.se
X-MS-IMADDRESS:bjorn@im.contoso.example
BDAY:19800322
X-MS-ANNIVERSARY:20120801
X-MS-SPOUSE:Åsa Öhlund
X-MS-MANAGER:Karin Berg
X-MS-ASSISTANT:Olle
NOTE;ENCODING=QUOTED-PRINTABLE:Tycker om fika.=0D=0A=
Andra raden	med tabb.
KEY;X509;ENCODING=BASE64:
 MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcNAQEEBQAw

FBURL:http://www.contoso.example/fb/bjorn
X-MS-OL-DESIGN;CHARSET=utf-8:<card xmlns="http://schemas.microsoft.com/office/outlook/12/electronicbusinesscards"/>
PHOTO;TYPE=JPEG;ENCODING=BASE64:

""" + "".join(f" {line}\n" for line in lines_of(b64(JPEG), 76)) + """
REV:20240101T120000Z
END:VCARD
BEGIN:VCARD
VERSION:2.1
N:Lind;Eva
FN:Eva Lind
EMAIL;PREF;INTERNET:eva@example.se
END:VCARD
""").replace("\n", "\r\n").encode("cp1252")

ANDROID_EXPORT = (b"""\
BEGIN:VCARD\r
VERSION:2.1\r
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ay=C5=9Fe;;;\r
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ay=C5=9Fe =C3=96zt=C3=BCrk\r
X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;Ay=C5=9Fo;1;;;;;;;;;;;;;\r
TEL;CELL;PREF:+90 555 000 0000\r
TEL;HOME:+90 212 000 0000\r
TEL;X-Yazlik:+90 252 000 0000\r
EMAIL;HOME:ayse@example.com.tr\r
EMAIL;PREF;WORK:ayse@work.example\r
ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;=C4=B0stiklal Cd. 1;=C4=B0stanbul;;34430;T=C3=BCrkiye\r
ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96rnek A.=C5=9E.\r
TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCd=C3=BCr\r
URL:https://ayse.example\r
BDAY:--09-04\r
X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2010-06-20;1;;;;;;;;;;;;;\r
X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/contact_event;2015-01-10;0;Mezuniyet;;;;;;;;;;;;\r
X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Mehmet;14;;;;;;;;;;;;;\r
X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Fatma;8;;;;;;;;;;;;;\r
X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Ahmet Hoca;0;Mentor;;;;;;;;;;;;\r
X-SIP:sip:ayse@sip.example\r
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=87ay sever=0D=0Ave kahve=\r
\r
CATEGORIES:My Contacts,Aile\r
PHOTO;ENCODING=BASE64;JPEG:""" + "\r\n".join(
    ("" if i == 0 else "  ") + line for i, line in enumerate(lines_of(b64(JPEG), 72))).encode("ascii")
    + b"""\r
\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:2.1\r
N:;Mehmet;;;\r
FN:Mehmet\r
TEL;CELL:+90 555 111 1111\r
END:VCARD\r
""")

FIXTURES: dict[str, bytes | str] = {
    "apple_itemN_labels.vcf": APPLE_ITEMN_LABELS,
    "apple_omit_year.vcf": APPLE_OMIT_YEAR,
    "bday_forms.vcf": BDAY_FORMS,
    "google_mmdd_birthday_categories.vcf": GOOGLE_MMDD_BIRTHDAY_CATEGORIES,
    "android_qp_utf8_softbreak.vcf": ANDROID_QP_UTF8_SOFTBREAK,
    "outlook_cp1252_raw.vcf": OUTLOOK_CP1252_RAW,
    "outlook_photo_blank_lines.vcf": OUTLOOK_PHOTO_BLANK_LINES,
    "utf16le_bom.vcf": b"\xff\xfe" + crlf(UTF16LE_BOM, "utf-16-le"),
    "utf8_bom.vcf": b"\xef\xbb\xbf" + crlf(UTF8_BOM),
    "v21_bare_params.vcf": V21_BARE_PARAMS,
    "v40_data_uri_photo.vcf": V40_DATA_URI_PHOTO,
    "unescaped_commas.vcf": UNESCAPED_COMMAS,
    "escaped_colon_url.vcf": ESCAPED_COLON_URL,
    "samsung_x_custom.vcf": SAMSUNG_X_CUSTOM,
    "lowercase_thunderbird_version_last.vcf": LOWERCASE_THUNDERBIRD_VERSION_LAST,
    "rfc6868_carets.vcf": RFC6868_CARETS,
    "related_v4.vcf": RELATED_V4,
    "x_abrelatednames.vcf": X_ABRELATEDNAMES,
    "unknown_x_properties.vcf": UNKNOWN_X_PROPERTIES,
    "group_card_apple.vcf": GROUP_CARD_APPLE,
    "truncated_no_end.vcf": TRUNCATED_NO_END,
    "garbage_line_in_card.vcf": GARBAGE_LINE_IN_CARD,
    "huge_photo_dimensions.vcf": HUGE_PHOTO_DIMENSIONS,
    "not_a_vcard.vcf": NOT_A_VCARD.encode("ascii"),
    "begin_inside_card.vcf": BEGIN_INSIDE_CARD,
    "evolution_thunderbird_x_props.vcf": EVOLUTION_THUNDERBIRD_X_PROPS,
    "im_legacy_props.vcf": IM_LEGACY_PROPS,
    "company_cards.vcf": COMPANY_CARDS,
    "greek_charset_hint.vcf": GREEK_CHARSET_HINT,
    "ukrainian_cp1251_no_hint.vcf": UKRAINIAN_NO_HINT,
    "qp_no_charset_cp1252.vcf": QP_NO_CHARSET,
    "cr_only_line_endings.vcf": CR_ONLY,
    "apple_export.vcf": APPLE_EXPORT,
    "google_export.vcf": GOOGLE_EXPORT,
    "outlook_export.vcf": OUTLOOK_EXPORT,
    "android_export.vcf": ANDROID_EXPORT,
    "tiny.png": PNG,
    "tiny.jpg": JPEG,
}


def main() -> None:
    for name, content in FIXTURES.items():
        (HERE / name).write_bytes(content if isinstance(content, bytes) else crlf(content))
    print(f"wrote {len(FIXTURES)} files to {HERE}")


if __name__ == "__main__":
    main()
