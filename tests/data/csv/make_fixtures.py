"""Writes the CSV fixtures in this folder, byte for byte. Run it from anywhere:

    .venv/bin/python tests/data/csv/make_fixtures.py

The files are committed; this script documents how they were made (encodings, delimiters,
line ends, quoting) and remakes them. The people and companies are invented."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

HERE = Path(__file__).parent

OUTLOOK_DESKTOP = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone", "Telex",
    "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage", "Notes",
    "Office Location", "Organizational ID Number", "Other Address PO Box", "Priority", "Private",
    "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2", "User 3", "User 4",
    "Web Page",
]
OUTLOOK_DESKTOP_OLD = [h.replace("Country/Region", "Country") for h in OUTLOOK_DESKTOP]

OUTLOOK_COM = [
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi",
    "Surname Yomi", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Home Phone",
    "Home Phone 2", "Business Phone", "Business Phone 2", "Mobile Phone", "Car Phone",
    "Other Phone", "Primary Phone", "Pager", "Business Fax", "Home Fax", "Other Fax",
    "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone", "IMAddress",
    "Job Title", "Department", "Company", "Office Location", "Manager's Name", "Assistant's Name",
    "Assistant's Phone", "Company Yomi", "Business Street", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region", "Home Street", "Home City", "Home State",
    "Home Postal Code", "Home Country/Region", "Other Street", "Other City", "Other State",
    "Other Postal Code", "Other Country/Region", "Personal Web Page", "Spouse", "Schools",
    "Hobby", "Location", "Web Page", "Birthday", "Anniversary", "Notes",
]

GOOGLE_OUTLOOK = [
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Initials", "Web Page", "Gender",
    "Birthday", "Anniversary", "Location", "Language", "Internet Free Busy", "Notes",
    "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Primary Phone", "Home Phone",
    "Home Phone 2", "Mobile Phone", "Pager", "Home Fax", "Home Address", "Home Street",
    "Home Street 2", "Home Street 3", "Home Address PO Box", "Home City", "Home State",
    "Home Postal Code", "Home Country", "Spouse", "Children", "Manager's Name", "Assistant's Name",
    "Referred By", "Company Main Phone", "Business Phone", "Business Phone 2", "Business Fax",
    "Assistant's Phone", "Company", "Job Title", "Department", "Office Location",
    "Organizational ID Number", "Profession", "Account", "Business Address", "Business Street",
    "Business Street 2", "Business Street 3", "Business Address PO Box", "Business City",
    "Business State", "Business Postal Code", "Business Country", "Other Phone", "Other Fax",
    "Other Address", "Other Street", "Other Street 2", "Other Street 3", "Other Address PO Box",
    "Other City", "Other State", "Other Postal Code", "Other Country", "Callback", "Car Phone",
    "ISDN", "Radio Phone", "TTY/TDD Phone", "Telex", "User 1", "User 2", "User 3", "User 4",
    "Keywords", "Mileage", "Hobby", "Billing Information", "Directory Server", "Sensitivity",
    "Priority", "Private", "Categories",
]

OUTLOOK_GERMAN = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Straße geschäftlich 2", "Straße geschäftlich 3",
    "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich",
    "Land/Region geschäftlich", "Straße privat", "Straße privat 2", "Straße privat 3",
    "Ort privat", "Bundesland/Kanton privat", "Postleitzahl privat", "Land/Region privat",
    "Weitere Straße", "Weitere Straße 2", "Weitere Straße 3", "Weiterer Ort",
    "Weiteres/r Bundesland/Kanton", "Weitere Postleitzahl", "Weiteres/e Land/Region",
    "Telefon Assistent", "Fax geschäftlich", "Telefon geschäftlich", "Telefon geschäftlich 2",
    "Rückmeldung", "Autotelefon", "Telefon Firma", "Fax privat", "Telefon privat",
    "Telefon privat 2", "ISDN", "Mobiltelefon", "Weiteres Fax", "Weiteres Telefon", "Pager",
    "Haupttelefon", "Mobiltelefon 2", "Telefon für Hörbehinderte", "Telex",
    "Abrechnungsinformation", "Benutzer 1", "Benutzer 2", "Benutzer 3", "Benutzer 4", "Beruf",
    "Büro", "E-Mail-Adresse", "E-Mail-Typ", "E-Mail: Angezeigter Name", "E-Mail 2: Adresse",
    "E-Mail 2: Typ", "E-Mail 2: Angezeigter Name", "E-Mail 3: Adresse", "E-Mail 3: Typ",
    "E-Mail 3: Angezeigter Name", "Empfohlen von", "Geburtstag", "Geschlecht", "Hobby",
    "Initialen", "Internet-Frei/Gebucht", "Jahrestag", "Kategorien", "Kinder", "Konto",
    "Name Assistent", "Name des/der Vorgesetzten", "Notizen", "Organisations-Nr.", "Ort",
    "Partner", "Postfach geschäftlich", "Postfach privat", "Priorität", "Privat",
    "Regierungs-Nr.", "Reisekilometer", "Sprache", "Stichwörter", "Vertraulichkeit",
    "Verzeichnisserver", "Webseite", "Weiteres Postfach",
]

# French Outlook writes "Titre" twice: the title (Mme) and the job title. "Société " really has
# a trailing space in some exports.
OUTLOOK_FRENCH = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société ", "Service", "Titre",
    "Rue (bureau)", "Rue (bureau) 2", "Rue (bureau) 3", "Ville (bureau)", "Dép/Région (bureau)",
    "Code postal (bureau)", "Pays/Région (bureau)", "Rue (domicile)", "Rue (domicile) 2",
    "Rue (domicile) 3", "Ville (domicile)", "Dép/Région (domicile)", "Code postal (domicile)",
    "Pays/Région (domicile)", "Rue (autre)", "Rue (autre) 2", "Rue (autre) 3", "Ville (autre)",
    "Dép/Région (autre)", "Code postal (autre)", "Pays/Région (autre)",
    "Téléphone de l'assistant(e)", "Télécopie (bureau)", "Téléphone (bureau)",
    "Téléphone 2 (bureau)", "Rappel", "Téléphone (voiture)", "Téléphone société",
    "Télécopie (domicile)", "Téléphone (domicile)", "Téléphone 2 (domicile)", "RNIS",
    "Tél. mobile", "Télécopie (autre)", "Téléphone (autre)", "Récepteur de radiomessagerie",
    "Téléphone principal", "Radio téléphone", "Téléphone TDD/TTY", "Télex",
    "Adresse de messagerie", "Type de messagerie", "Nom complet de l'adresse de messagerie",
    "Adresse de messagerie 2", "Type de messagerie 2", "Nom complet de l'adresse de messagerie 2",
    "Adresse de messagerie 3", "Type de messagerie 3", "Nom complet de l'adresse de messagerie 3",
    "Anniversaire", "Anniversaire de mariage ou fête", "Autre boîte postale",
    "B.P. professionnelle", "Boîte postale du domicile", "Bureau", "Catégories",
    "Code gouvernement", "Compte", "Conjoint(e)", "Critère de diffusion",
    "Disponibilité Internet", "Emplacement", "Enfants", "Informations facturation", "Initiales",
    "Kilométrage", "Langue", "Mots clés", "Nom de l'assistant(e)", "Notes",
    "Numéro d'identification de l'organisation", "Page Web", "Passe-temps", "Priorité", "Privé",
    "Profession", "Recommandé par", "Responsable", "Serveur d'annuaire", "Sexe",
    "Utilisateur 1", "Utilisateur 2", "Utilisateur 3", "Utilisateur 4",
]

THUNDERBIRD = [
    "First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email",
    "Screen Name", "Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number",
    "Home Address", "Home Address 2", "Home City", "Home State", "Home ZipCode", "Home Country",
    "Work Address", "Work Address 2", "Work City", "Work State", "Work ZipCode", "Work Country",
    "Job Title", "Department", "Organization", "Web Page 1", "Web Page 2", "Birth Year",
    "Birth Month", "Birth Day", "Custom 1", "Custom 2", "Custom 3", "Custom 4", "Notes",
]

GOOGLE_CURRENT = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Relation 1 - Label",
    "Relation 1 - Value", "Relation 2 - Label", "Relation 2 - Value", "Website 1 - Label",
    "Website 1 - Value", "Event 1 - Label", "Event 1 - Value", "IM 1 - Label", "IM 1 - Service",
    "IM 1 - Value", "Custom Field 1 - Label", "Custom Field 1 - Value",
]

GOOGLE_LEGACY = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
    "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials",
    "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location",
    "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby", "Sensitivity",
    "Priority", "Subject", "Notes", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value",
    "E-mail 2 - Type", "E-mail 2 - Value", "IM 1 - Type", "IM 1 - Service", "IM 1 - Value",
    "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value", "Address 1 - Type",
    "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
    "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
    "Address 1 - Extended Address", "Organization 1 - Type", "Organization 1 - Name",
    "Organization 1 - Yomi Name", "Organization 1 - Title", "Organization 1 - Department",
    "Organization 1 - Symbol", "Organization 1 - Location", "Organization 1 - Job Description",
    "Relation 1 - Type", "Relation 1 - Value", "Website 1 - Type", "Website 1 - Value",
    "Event 1 - Type", "Event 1 - Value", "Custom Field 1 - Type", "Custom Field 1 - Value",
    "Jot 1 - Type", "Jot 1 - Value",
]


def table(headers: list[str], rows: list[dict[str, str] | list[str]], *, delimiter: str = ",",
          quote_all: bool = False, line_end: str = "\r\n") -> str:
    """Rows given as {header: value} (a repeated header is "Name#2") or as a plain list."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row if isinstance(row, list) else _cells(headers, row))
    return out.getvalue()


def _cells(headers: list[str], row: dict[str, str]) -> list[str]:
    seen: dict[str, int] = {}
    cells = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        key = header if seen[header] == 1 else f"{header}#{seen[header]}"
        cells.append(row.get(key, ""))
    unknown = [key for key in row if key.split("#")[0] not in headers]
    assert not unknown, f"not a column: {unknown}"
    return cells


def google_current() -> bytes:
    ada = {
        "First Name": "Ada", "Middle Name": "King", "Last Name": "Lovelace",
        "Name Prefix": "Countess", "Nickname": "Ada",
        "Organization Name": "Analytical Engine Society", "Organization Title": "Programmer",
        "Organization Department": "Research", "Birthday": "1815-12-10",
        "Notes": "Met at the Analytical Society.\nLoves poetry, and \"poetical science\".",
        "Photo": "https://lh3.googleusercontent.com/contacts/AAAAexample",
        "Labels": "* myContacts ::: * starred ::: Mathematicians",
        "E-mail 1 - Label": "* Home", "E-mail 1 - Value": "ada@example.org ::: ada.k@example.net",
        "E-mail 2 - Label": "Work", "E-mail 2 - Value": "countess@lovelace.example",
        "Phone 1 - Label": "Work", "Phone 1 - Value": "+44 20 7946 0999",
        "Phone 2 - Label": "* Mobile", "Phone 2 - Value": "+44 20 7946 0100",
        "Address 1 - Label": "Home",
        "Address 1 - Formatted": "12 St James's Square\nLondon SW1Y 4JH\nUnited Kingdom",
        "Address 1 - Street": "12 St James's Square", "Address 1 - City": "London",
        "Address 1 - Postal Code": "SW1Y 4JH", "Address 1 - Country": "United Kingdom",
        "Relation 1 - Label": "Spouse", "Relation 1 - Value": "William King",
        "Relation 2 - Label": "Mother", "Relation 2 - Value": "Anne Isabella Milbanke",
        "Website 1 - Label": "Blog", "Website 1 - Value": "https://ada.example.org",
        "Event 1 - Label": "Anniversary", "Event 1 - Value": "1835-07-08",
        "Custom Field 1 - Label": "Favourite machine", "Custom Field 1 - Value": "Difference Engine",
    }
    grace = {
        "First Name": "Grace", "Middle Name": "Brewster", "Last Name": "Hopper",
        "File As": "Amazing Grace", "Organization Name": "US Navy",
        "Organization Title": "Rear Admiral", "Birthday": "--12-09",
        "Labels": "* myContacts ::: Clients ::: Friends",
        "E-mail 1 - Label": "Work", "E-mail 1 - Value": "grace@navy.example",
        "Phone 1 - Label": "Home Fax", "Phone 1 - Value": "+1 703 555 0199",
        "Address 1 - Label": "Work",
        "Address 1 - Formatted": "1 Navy Way\nArlington VA 22202 ::: 2 Harbor Rd\nNorfolk VA 23511",
        "Address 1 - Street": "1 Navy Way ::: 2 Harbor Rd",
        "Address 1 - City": "Arlington ::: Norfolk", "Address 1 - Region": "VA ::: VA",
        "Address 1 - Postal Code": "22202 ::: 23511", "Address 1 - Country": "USA ::: USA",
        "Relation 1 - Label": "Referred By", "Relation 1 - Value": "Howard Aiken",
        "Event 1 - Label": "Retirement", "Event 1 - Value": "1986-08-14",
        "IM 1 - Label": "Work", "IM 1 - Service": "Skype", "IM 1 - Value": "grace.hopper",
        "Custom Field 1 - Label": "Hometown", "Custom Field 1 - Value": "New York",
    }
    initech = {
        "Organization Name": "Initech", "Labels": "* myContacts",
        "Phone 1 - Label": "Main", "Phone 1 - Value": "+1 512 555 0100",
        "Website 1 - Label": "Work", "Website 1 - Value": "https://initech.example",
    }
    nobody = {"Labels": "* myContacts", "Notes": "A row with nothing to go on"}
    someday = {"First Name": "Sam", "Birthday": "someday", "Phone 1 - Label": "Mobile",
               "Phone 1 - Value": "ask reception"}
    text = table(GOOGLE_CURRENT, [ada, grace, initech, nobody, someday])
    return text.encode("utf-8")


def google_legacy() -> bytes:
    jose = {
        "Name": "José Müller", "Given Name": "José", "Family Name": "Müller",
        "Initials": "J.M.", "Birthday": "1975-02-28", "Gender": "Male", "Occupation": "Baker",
        "Notes": "Bakes on Sundays", "Group Membership": "* My Contacts ::: Familie ::: * Friends",
        "E-mail 1 - Type": "* Home", "E-mail 1 - Value": "jose@example.de",
        "IM 1 - Type": "Home", "IM 1 - Service": "Jabber", "IM 1 - Value": "jose@jabber.example",
        "Phone 1 - Type": "Mobile", "Phone 1 - Value": "+49 171 5550123",
        "Address 1 - Type": "Home", "Address 1 - Street": "Hauptstraße 5",
        "Address 1 - City": "München", "Address 1 - PO Box": "Postfach 12",
        "Address 1 - Extended Address": "Hinterhaus", "Address 1 - Postal Code": "80331",
        "Address 1 - Country": "Deutschland",
        "Organization 1 - Type": "Work", "Organization 1 - Name": "Müller GmbH",
        "Organization 1 - Title": "Geschäftsführer", "Organization 1 - Location": "Berlin",
        "Relation 1 - Type": "Brother", "Relation 1 - Value": "Jürgen Müller",
        "Website 1 - Type": "Profile", "Website 1 - Value": "https://example.de/jose",
        "Event 1 - Type": "Anniversary", "Event 1 - Value": "2001-05-19",
        "Custom Field 1 - Type": "Shoe size", "Custom Field 1 - Value": "44",
        "Jot 1 - Type": "Home", "Jot 1 - Value": "Call after 6pm",
    }
    li = {"Name": "Li Wei", "Group Membership": "* My Contacts",
          "E-mail 1 - Type": "* Other", "E-mail 1 - Value": "li.wei@example.cn"}
    text = table(GOOGLE_LEGACY, [jose, li])
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def google_outlook_format() -> bytes:
    kim = {
        "First Name": "Kim", "Last Name": "Nguyen", "Title": "Dr.", "Web Page": "https://kim.example",
        "Birthday": "3/2/1985", "Anniversary": "12/25/2010", "Gender": "Unspecified",
        "Notes": "Prefers email", "E-mail Address": "kim@example.com",
        "E-mail 2 Address": "kim.n@work.example", "Mobile Phone": "+1 206 555 0142",
        "Home Address": "400 Broad St\nSeattle WA 98109\nUSA", "Spouse": "Alex Nguyen",
        "Company": "Space Needle LLC", "Job Title": "Engineer", "Sensitivity": "Normal",
        "Priority": "Normal", "Private": "False", "Categories": "myContacts;starred;Friends",
    }
    lee = {"First Name": "Lee", "E-mail Address": "lee@example.com", "Categories": "myContacts"}
    return table(GOOGLE_OUTLOOK, [kim, lee]).encode("utf-8")


def outlook_desktop() -> bytes:
    renee = {
        "Title": "Dr.", "First Name": "Renée", "Last Name": "Fèvre-Dupont",
        "Company": "Café Société", "Department": "Vins", "Job Title": "Sommelière",
        "Business Street": "12 Rue de la Paix", "Business Street 2": "Bâtiment B",
        "Business City": "Paris", "Business Postal Code": "75002",
        "Business Country/Region": "France", "Home Street": "3 Allée des Tilleuls",
        "Home City": "Sèvres", "Home Postal Code": "92310", "Home Country/Region": "France",
        "Business Fax": "+33 1 42 68 53 01", "Business Phone": "+33 1 42 68 53 00",
        "Mobile Phone": "+33 6 12 34 56 78", "Pager": "+33 6 00 00 00 01",
        "Anniversary": "0/0/00", "Assistant's Name": "Sophie", "Birthday": "12/28/1969",
        "Categories": "Wine;VIP", "Children": "Léa, Hugo",
        "E-mail Address": "renee@cafe.example", "E-mail Type": "SMTP",
        "E-mail Display Name": "Renée Fèvre-Dupont (renee@cafe.example)",
        "E-mail 2 Address": "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=renee",
        "E-mail 2 Type": "EX", "Gender": "Female", "Hobby": "Tennis", "Initials": "R.F.",
        "Manager's Name": "Pierre Lambert", "Notes": "Knows every vineyard.\r\nAsk about Jura.",
        "Priority": "Normal", "Private": "False", "Referred By": "Jean Martin",
        "Sensitivity": "Normal", "Spouse": "Marc", "User 1": "loyal customer",
        "Web Page": "https://cafe.example",
    }
    tom = {"First Name": "Tom", "Mobile Phone": "07700 900123", "Birthday": "0/0/00",
           "Anniversary": "0/0/00", "Gender": "Unspecified", "Priority": "Normal",
           "Private": "False", "Sensitivity": "Normal"}
    extra = _cells(OUTLOOK_DESKTOP, {"First Name": "Una", "E-mail Address": "una@example.com",
                                     "Priority": "Normal"}) + ["stray cell"]
    text = table(OUTLOOK_DESKTOP, [renee, tom, extra], quote_all=True)
    return text.encode("cp1252")


def outlook_desktop_old_country() -> bytes:
    hans = {"First Name": "Hans", "Last Name": "Berger", "Home Street": "Ringstraße 1",
            "Home City": "Wien", "Home Postal Code": "1010", "Home Country": "Austria",
            "Business Country": "Germany", "Business City": "Passau",
            "E-mail Address": "hans@example.at", "Birthday": "7/4/1960"}
    return table(OUTLOOK_DESKTOP_OLD, [hans], quote_all=True).encode("cp1252")


def outlook_com() -> bytes:
    soren = {
        "First Name": "Søren", "Last Name": "Kierkegaard", "Nickname": "SK",
        "E-mail Address": "soren@example.dk", "Home Phone": "+45 33 12 34 56",
        "Mobile Phone": "+45 20 12 34 56", "IMAddress": "soren@im.example",
        "Job Title": "Philosopher", "Company": "Copenhagen University",
        "Home Street": "Nytorv 2", "Home City": "København", "Home Postal Code": "1450",
        "Home Country/Region": "Denmark", "Personal Web Page": "https://soren.example",
        "Schools": "University of Copenhagen", "Birthday": "5/5/1813",
        "Notes": "Either/Or\nFear and Trembling",
    }
    taro = {"First Name": "太郎", "Last Name": "山田", "E-mail Address": "taro@example.jp",
            "Business Phone": "+81 3 1234 5678"}
    return table(OUTLOOK_COM, [soren, taro]).encode("utf-8")


def outlook_german() -> bytes:
    juergen = {
        "Anrede": "Herr", "Vorname": "Jürgen", "Nachname": "Größ", "Firma": "Größ & Söhne; AG",
        "Position": "Einkaufsleiter", "Abteilung": "Einkauf",
        "Straße geschäftlich": "Königstraße 1", "Ort geschäftlich": "Stuttgart",
        "Postleitzahl geschäftlich": "70173", "Land/Region geschäftlich": "Deutschland",
        "Telefon geschäftlich": "+49 711 123456", "Mobiltelefon": "+49 171 1234567",
        "Fax geschäftlich": "+49 711 123457", "E-Mail-Adresse": "juergen@groess.example",
        "E-Mail-Typ": "SMTP", "Geburtstag": "24.12.1970", "Jahrestag": "01.05.1999",
        "Kategorien": "Kunden;Wichtig", "Notizen": "Mag Spätzle.\r\nNicht vor 9 Uhr anrufen.",
        "Partner": "Petra", "Geschlecht": "Männlich", "Priorität": "Normal",
        "Vertraulichkeit": "Normal", "Privat": "Aus", "Webseite": "https://groess.example",
    }
    anna = {"Vorname": "Anna", "Nachname": "Schmidt", "Telefon privat": "089 1234567",
            "Geburtstag": "0.0.00"}
    text = table(OUTLOOK_GERMAN, [juergen, anna], delimiter=";", quote_all=True)
    return text.encode("cp1252")


def outlook_french() -> bytes:
    claire = {
        "Titre": "Mme", "Prénom": "Claire", "Nom": "Dubois", "Société ": "Éditions Dubois",
        "Service": "Rédaction", "Titre#2": "Directrice", "Rue (bureau)": "5 Rue Molière",
        "Ville (bureau)": "Lyon", "Code postal (bureau)": "69002", "Pays/Région (bureau)": "France",
        "Téléphone (bureau)": "+33 4 72 00 00 00", "Tél. mobile": "+33 6 98 76 54 32",
        "Adresse de messagerie": "claire@dubois.example", "Anniversaire": "28/02/1975",
        "Anniversaire de mariage ou fête": "03/04/2005", "Catégories": "Auteurs;Presse",
        "Conjoint(e)": "Paul", "Notes": "Aime le théâtre", "Page Web": "https://dubois.example",
        "Sexe": "Féminin", "Priorité": "Normale", "Critère de diffusion": "Normal",
        "Privé": "Faux",
    }
    return table(OUTLOOK_FRENCH, [claire], quote_all=True).encode("cp1252")


def thunderbird() -> bytes:
    alice = {
        "First Name": "Alice", "Last Name": "Liddell", "Display Name": "Alice Liddell",
        "Nickname": "Al", "Primary Email": "alice@wonder.example",
        "Secondary Email": "a.liddell@oxford.example", "Work Phone": "+44 1865 555001",
        "Mobile Number": "+44 7700 900001", "Home Address": "1 Rabbit Hole",
        "Home Address 2": "Flat 2", "Home City": "Oxford", "Home ZipCode": "OX1 1AA",
        "Home Country": "UK", "Work Address": "Christ Church", "Work City": "Oxford",
        "Job Title": "Explorer", "Organization": "Wonderland Ltd",
        "Web Page 1": "https://wonder.example", "Birth Month": "7", "Birth Day": "4",
        "Custom 1": "Likes tea", "Notes": "Curiouser and curiouser",
    }
    bill = {"First Name": "Bill", "Display Name": "Bill the Lizard", "Birth Year": "1992",
            "Birth Month": "2", "Birth Day": "29", "Home Phone": "+44 1865 555002"}
    return table(THUNDERBIRD, [alice, bill]).encode("utf-8")


def generic_semicolon_tab() -> bytes:
    """Semicolons between cells; TABs inside some cells must not fool the delimiter guess."""
    headers = ["Full Name", "Email", "Mobile", "Company", "Job", "Birthday", "Notes", "Tags",
               "Favourite Colour"]
    rows = [
        ["Smith, Anna", "anna@example.com", "+44 7700 900100", "Acme", "Buyer", "03.04.1980",
         "tab\tinside", "clients, vip", "green"],
        ["Jean-Luc Picard", "jl@enterprise.example; captain@enterprise.example", "", "Starfleet",
         "Captain", "07/13/2305", "Earl Grey\thot", "", "red"],
    ]
    return table(headers, rows, delimiter=";", line_end="\n").encode("utf-8")


def generic_tab() -> bytes:
    """TABs between cells; commas inside cells."""
    headers = ["First", "Last", "E-mail", "Phone", "Address", "City", "Zip", "Country", "Notes"]
    rows = [["Mary", "Major", "mary@example.com", "+1 555 0100", "Suite 5, Floor 2",
             "Springfield", "12345", "USA", "likes commas, lots of them"]]
    return table(headers, rows, delimiter="\t", line_end="\n").encode("utf-8")


def quoted_multiline() -> bytes:
    text = (
        'Name,Email,Notes\r\n'
        'Ann Lee,ann@example.com,"first line\r\nsecond line\r\nthird, with ""quotes"""\r\n'
        'Bo Chen,bo@example.com,"one\nline feed"\r\n'
        '\r\n'
        'Cy Park,cy@example.com,plain\r\n'
    )
    return text.encode("utf-8")


def utf8_bom() -> bytes:
    return codecs.BOM_UTF8 + "Name,Email\r\nÉloïse Brontë,eloise@example.fr\r\n".encode()


def broken_unterminated_quote() -> bytes:
    text = (
        "Name,Email,Notes\n"
        'Ann Lee,ann@example.com,"fine\nreally"\n'
        'Bob Ray,bob@example.com,"starts here\n'
        "and never ends\n"
        "Cy Park,cy@example.com,ok\n"
    )
    return text.encode("utf-8")


def formula_cells() -> bytes:
    """Cells a spreadsheet would run: some neutralised with an apostrophe (as our exporter
    writes them), some raw, and phone numbers that start with +."""
    headers = ["First Name", "Last Name", "Notes", "Labels", "Phone 1 - Label", "Phone 1 - Value",
               "Phone 2 - Label", "Phone 2 - Value", "Custom Field 1 - Label",
               "Custom Field 1 - Value"]
    rows = [
        ["'=HYPERLINK(\"http://evil.example\",\"x\")", "Eve", "'@SUM(1+1)", "'-vip ::: friends",
         "Mobile", "+44 20 7946 0100", "Work", "'=1+2", "'+note", "'-5"],
        ["=cmd|' /C calc'!A0", "Mallory", "+raw plus", "", "Home", "'+1 555 0100", "", "", "", ""],
    ]
    return table(headers, rows).encode("utf-8")


FIXTURES = {
    "google_current.csv": google_current,
    "google_legacy_utf16.csv": google_legacy,
    "google_outlook_format.csv": google_outlook_format,
    "outlook_desktop.csv": outlook_desktop,
    "outlook_desktop_old_country.csv": outlook_desktop_old_country,
    "outlook_com.csv": outlook_com,
    "outlook_german_semicolon.csv": outlook_german,
    "outlook_french.csv": outlook_french,
    "thunderbird.csv": thunderbird,
    "generic_semicolon_tab.csv": generic_semicolon_tab,
    "generic_tab.tsv": generic_tab,
    "quoted_multiline.csv": quoted_multiline,
    "utf8_bom.csv": utf8_bom,
    "broken_unterminated_quote.csv": broken_unterminated_quote,
    "empty.csv": lambda: b"",
    "formula_cells.csv": formula_cells,
}


def main() -> None:
    assert len(OUTLOOK_DESKTOP) == 92 and len(OUTLOOK_GERMAN) == 92, "Outlook has 92 columns"
    assert len(OUTLOOK_COM) == 61 and len(OUTLOOK_FRENCH) == 92
    for name, make in FIXTURES.items():
        (HERE / name).write_bytes(make())
        print(name)


if __name__ == "__main__":
    main()
