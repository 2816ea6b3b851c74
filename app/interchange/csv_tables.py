"""What the column names of contact CSV files mean: Google, Outlook (English, German, French),
Thunderbird and the usual names in hand-made spreadsheets. Data only; csv_contacts.py reads it.

Columns are looked up by `header_key()`: case-folded, spaces collapsed, typographic apostrophes
made plain, so "E-mail Address", "e-mail  address" and "Manager’s Name" all match."""

from __future__ import annotations

import re


def header_key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").replace("\u2019", "'").split()).casefold()


# --- Outlook -------------------------------------------------------------------------------------
# Canonical (English, as header_key()) -> (role, argument). Roles are read by the Outlook plan
# in csv_contacts.py. Columns not listed here but in OUTLOOK_CUSTOM keep their value as a custom
# field named after the header.

OUTLOOK_NAMES = {
    "title": "prefix", "first name": "given_name", "middle name": "middle_name",
    "last name": "family_name", "suffix": "suffix", "nickname": "nickname",
}
OUTLOOK_JOB = {"company": "organization", "job title": "title", "department": "department"}
OUTLOOK_PHONES = {
    "assistant's phone": "assistant", "business fax": "work fax", "business phone": "work",
    "business phone 2": "work", "callback": "callback", "car phone": "car",
    "company main phone": "company", "home fax": "home fax", "home phone": "home",
    "home phone 2": "home", "isdn": "isdn", "mobile phone": "mobile", "mobile phone 2": "mobile",
    "other fax": "fax", "other phone": "other", "pager": "pager", "primary phone": "main",
    "radio phone": "radio", "tty/tdd phone": "tty", "telex": "telex",
}
OUTLOOK_EMAILS = ("e-mail address", "e-mail 2 address", "e-mail 3 address")
OUTLOOK_RELATIONS = {
    "spouse": "spouse", "children": "child", "manager's name": "manager",
    "assistant's name": "assistant",
}
OUTLOOK_URLS = {"web page": "", "personal web page": "home", "business web page": "work"}
OUTLOOK_IGNORED = frozenset({
    "initials", "e-mail type", "e-mail display name", "e-mail 2 type", "e-mail 2 display name",
    "e-mail 3 type", "e-mail 3 display name", "photo",
})
# Kept as custom fields when not the value Outlook writes for "nothing set".
OUTLOOK_DEFAULTS = {
    "gender": frozenset({"unspecified", "nicht angegeben", "non spécifié", "0"}),
    "priority": frozenset({"normal", "normale"}),
    "sensitivity": frozenset({"normal", "normale"}),
    "private": frozenset({"false", "falsch", "aus", "faux", "0"}),
}
OUTLOOK_CUSTOM = frozenset({
    "account", "billing information", "directory server", "gender", "government id number",
    "hobby", "internet free busy", "keywords", "language", "location", "mileage",
    "office location", "organizational id number", "priority", "private", "profession",
    "sensitivity", "schools", "user 1", "user 2", "user 3", "user 4", "given yomi",
    "surname yomi", "company yomi",
})
OUTLOOK_ADDRESS_PREFIXES = {"business": "work", "home": "home", "other": "other"}
OUTLOOK_ADDRESS_PARTS = {
    "street": "street", "street 2": "street2", "street 3": "street3", "city": "city",
    "state": "region", "postal code": "postcode", "country": "country",
    "country/region": "country", "address po box": "pobox", "address": "formatted",
}
OUTLOOK_ADDRESS = re.compile(r"(business|home|other) (.+)")
# Columns that only Outlook writes: one of them (with a few more Outlook names) marks the file.
OUTLOOK_MARKERS = frozenset({
    "e-mail address", "e-mail 2 address", "business phone", "mobile phone", "home street",
    "business street", "company", "job title", "categories",
})

# Localized Outlook headers -> canonical English (from Outlook's German and French exports,
# as mapped by Exchange's and ownCloud's importers).
_OUTLOOK_GERMAN = {
    "title": ["Anrede"], "first name": ["Vorname"], "middle name": ["Weitere Vornamen"],
    "last name": ["Nachname"], "nickname": ["Spitzname"], "company": ["Firma"],
    "department": ["Abteilung"], "job title": ["Position"],
    "business street": ["Straße geschäftlich"], "business street 2": ["Straße geschäftlich 2"],
    "business street 3": ["Straße geschäftlich 3"], "business city": ["Ort geschäftlich"],
    "business state": ["Region geschäftlich", "Bundesland/Kanton geschäftlich"],
    "business postal code": ["Postleitzahl geschäftlich"],
    "business country/region": ["Land/Region geschäftlich", "Land geschäftlich"],
    "home street": ["Straße privat"], "home street 2": ["Straße privat 2"],
    "home street 3": ["Straße privat 3"], "home city": ["Ort privat"],
    "home state": ["Bundesland/Kanton privat", "Region privat"],
    "home postal code": ["Postleitzahl privat"],
    "home country/region": ["Land/Region privat", "Land privat"],
    "other street": ["Weitere Straße"], "other street 2": ["Weitere Straße 2"],
    "other street 3": ["Weitere Straße 3"], "other city": ["Weiterer Ort"],
    "other state": ["Weiteres/r Bundesland/Kanton", "Weitere Region"],
    "other postal code": ["Weitere Postleitzahl"],
    "other country/region": ["Weiteres/e Land/Region", "Weiteres Land"],
    "assistant's phone": ["Telefon Assistent"], "business fax": ["Fax geschäftlich"],
    "business phone": ["Telefon geschäftlich"], "business phone 2": ["Telefon geschäftlich 2"],
    "callback": ["Rückmeldung"], "car phone": ["Autotelefon"],
    "company main phone": ["Telefon Firma"], "home fax": ["Fax privat"],
    "home phone": ["Telefon privat", "Telefon (privat)"],
    "home phone 2": ["Telefon privat 2", "Telefon (privat 2)"], "mobile phone": ["Mobiltelefon"],
    "mobile phone 2": ["Mobiltelefon 2"], "other fax": ["Weiteres Fax"],
    "other phone": ["Weiteres Telefon"], "primary phone": ["Haupttelefon"],
    "radio phone": ["Funkruf"], "tty/tdd phone": ["Telefon für Hörbehinderte"],
    "account": ["Konto"], "anniversary": ["Jahrestag"],
    "assistant's name": ["Name Assistent", "Assistent(in)"],
    "billing information": ["Abrechnungsinformation", "Abrechnungsinformationen"],
    "birthday": ["Geburtstag"], "business address po box": ["Postfach geschäftlich"],
    "categories": ["Kategorien"], "children": ["Kinder"], "directory server": ["Verzeichnisserver"],
    "e-mail address": ["E-Mail-Adresse"], "e-mail type": ["E-Mail-Typ"],
    "e-mail display name": ["E-Mail: Angezeigter Name"],
    "e-mail 2 address": ["E-Mail 2: Adresse"], "e-mail 2 type": ["E-Mail 2: Typ"],
    "e-mail 2 display name": ["E-Mail 2: Angezeigter Name"],
    "e-mail 3 address": ["E-Mail 3: Adresse"], "e-mail 3 type": ["E-Mail 3: Typ"],
    "e-mail 3 display name": ["E-Mail 3: Angezeigter Name"], "gender": ["Geschlecht"],
    "government id number": ["Regierungs-Nr.", "Regierungsnr."],
    "home address po box": ["Postfach privat"], "initials": ["Initialen"],
    "internet free busy": ["Internet-Frei/Gebucht"], "keywords": ["Stichwörter"],
    "language": ["Sprache"], "location": ["Ort"],
    "manager's name": ["Name des/der Vorgesetzten", "Name des/r Vorgesetzten"],
    "mileage": ["Reisekilometer"], "notes": ["Notizen"], "office location": ["Büro"],
    "organizational id number": ["Organisations-Nr.", "Organisationsnr."],
    "other address po box": ["Weiteres Postfach"], "priority": ["Priorität"],
    "private": ["Privat"], "profession": ["Beruf"], "referred by": ["Empfohlen von"],
    "sensitivity": ["Vertraulichkeit"], "spouse": ["Partner"], "user 1": ["Benutzer 1"],
    "user 2": ["Benutzer 2"], "user 3": ["Benutzer 3"], "user 4": ["Benutzer 4"],
    "web page": ["Webseite"], "given yomi": ["Vorname Yomi"], "surname yomi": ["Nachname Yomi"],
    "company yomi": ["Firma Yomi"],
}
_OUTLOOK_FRENCH = {
    "first name": ["Prénom"], "middle name": ["Deuxième prénom"], "last name": ["Nom"],
    "suffix": ["Suffixe"], "nickname": ["Surnom"], "company": ["Société"],
    "department": ["Service"], "job title": ["Fonction"],
    "business street": ["Rue (bureau)"], "business street 2": ["Rue (bureau) 2"],
    "business street 3": ["Rue (bureau) 3"], "business city": ["Ville (bureau)"],
    "business state": ["Dép/Région (bureau)"], "business postal code": ["Code postal (bureau)"],
    "business country/region": ["Pays/Région (bureau)", "Pays (bureau)"],
    "home street": ["Rue (domicile)"], "home street 2": ["Rue (domicile) 2"],
    "home street 3": ["Rue (domicile) 3"], "home city": ["Ville (domicile)"],
    "home state": ["Dép/Région (domicile)"], "home postal code": ["Code postal (domicile)"],
    "home country/region": ["Pays/Région (domicile)", "Pays (domicile)"],
    "other street": ["Rue (autre)"], "other street 2": ["Rue (autre) 2"],
    "other street 3": ["Rue (autre) 3"], "other city": ["Ville (autre)"],
    "other state": ["Dép/Région (autre)"], "other postal code": ["Code postal (autre)"],
    "other country/region": ["Pays/Région (autre)", "Pays (autre)"],
    "assistant's phone": ["Téléphone de l'assistant(e)"], "business fax": ["Télécopie (bureau)"],
    "business phone": ["Téléphone (bureau)"], "business phone 2": ["Téléphone 2 (bureau)"],
    "callback": ["Rappel"], "car phone": ["Téléphone (voiture)"],
    "company main phone": ["Téléphone société"], "home fax": ["Télécopie (domicile)"],
    "home phone": ["Téléphone (domicile)"], "home phone 2": ["Téléphone 2 (domicile)"],
    "isdn": ["RNIS"], "mobile phone": ["Tél. mobile"], "other fax": ["Télécopie (autre)"],
    "other phone": ["Téléphone (autre)"], "pager": ["Récepteur de radiomessagerie"],
    "primary phone": ["Téléphone principal"], "radio phone": ["Radio téléphone", "Radiotéléphone"],
    "tty/tdd phone": ["Téléphone TDD/TTY"], "telex": ["Télex"],
    "e-mail address": ["Adresse de messagerie", "Adresse de courrier"],
    "e-mail type": ["Type de messagerie", "Type de courrier"],
    "e-mail display name": ["Nom complet de l'adresse de messagerie",
                            "Nom complet de l'adresse de courrier"],
    "e-mail 2 address": ["Adresse de messagerie 2", "Adresse de courrier 2"],
    "e-mail 2 type": ["Type de messagerie 2", "Type de courrier 2"],
    "e-mail 2 display name": ["Nom complet de l'adresse de messagerie 2",
                              "Nom complet de l'adresse de courrier 2"],
    "e-mail 3 address": ["Adresse de messagerie 3", "Adresse de courrier 3"],
    "e-mail 3 type": ["Type de messagerie 3", "Type de courrier 3"],
    "e-mail 3 display name": ["Nom complet de l'adresse de messagerie 3",
                              "Nom complet de l'adresse de courrier 3"],
    "birthday": ["Anniversaire"], "anniversary": ["Anniversaire de mariage ou fête"],
    "other address po box": ["Autre boîte postale"],
    "business address po box": ["B.P. professionnelle"],
    "home address po box": ["Boîte postale du domicile"], "office location": ["Bureau"],
    "categories": ["Catégories"], "government id number": ["Code gouvernement"],
    "account": ["Compte"], "spouse": ["Conjoint(e)"], "sensitivity": ["Critère de diffusion"],
    "internet free busy": ["Disponibilité Internet"], "location": ["Emplacement"],
    "children": ["Enfants"], "billing information": ["Informations facturation"],
    "initials": ["Initiales"], "mileage": ["Kilométrage"], "language": ["Langue"],
    "keywords": ["Mots clés"], "assistant's name": ["Nom de l'assistant(e)"],
    "organizational id number": ["Numéro d'identification de l'organisation"],
    "web page": ["Page Web"], "hobby": ["Passe-temps"], "priority": ["Priorité"],
    "private": ["Privé"], "referred by": ["Recommandé par"], "manager's name": ["Responsable"],
    "directory server": ["Serveur d'annuaire"], "gender": ["Sexe"],
    "user 1": ["Utilisateur 1"], "user 2": ["Utilisateur 2"], "user 3": ["Utilisateur 3"],
    "user 4": ["Utilisateur 4"], "given yomi": ["Prénom Yomi"], "surname yomi": ["Nom Yomi"],
    "company yomi": ["Société Yomi"],
}
OUTLOOK_LOCALIZED = {
    header_key(local): english
    for table in (_OUTLOOK_GERMAN, _OUTLOOK_FRENCH)
    for english, locals_ in table.items()
    for local in locals_
}
# French Outlook names both Title and Job Title "Titre": the first is the title (Mr, Dr), a
# second one the job title; a single "Titre" is taken as the job title.
OUTLOOK_REPEATED = {"titre": ("title", "job title")}
OUTLOOK_LANGUAGE_MARKERS = {"de": "vorname", "fr": "prénom"}


# --- Google --------------------------------------------------------------------------------------

GOOGLE_GROUP = re.compile(
    r"(e-mail|email|phone|address|relation|website|event|custom field|im|organization|jot"
    r"|external id|calendar link|sip address|location|hobby|user defined|file as) (\d+) - (.+)")
GOOGLE_NAMES = {
    "first name": "given_name", "given name": "given_name", "middle name": "middle_name",
    "additional name": "middle_name", "last name": "family_name", "family name": "family_name",
    "name prefix": "prefix", "name suffix": "suffix", "nickname": "nickname",
}
GOOGLE_JOB = {
    "organization name": "organization", "organization title": "title",
    "organization department": "department",
}
GOOGLE_IGNORED = frozenset({"photo", "initials"})
GOOGLE_MARKERS = frozenset({"labels", "group membership", "phonetic first name", "file as",
                            "given name yomi"})
GOOGLE_DEFAULTS = {"gender": frozenset({"unspecified"}), "priority": frozenset({"normal"}),
                   "sensitivity": frozenset({"normal"})}


# --- Thunderbird and hand-made spreadsheets: header -> FIELDS key --------------------------------

THUNDERBIRD_MARKERS = frozenset({"primary email", "secondary email", "birth year", "screen name"})
SYNONYMS = {
    "full_name": ["name", "full name", "display name", "contact name", "fullname", "contact",
                  "person", "nom complet"],
    "given_name": ["first name", "firstname", "first", "given name", "forename", "vorname",
                   "prénom"],
    "middle_name": ["middle name", "middle", "middle names", "additional name", "second name"],
    "family_name": ["last name", "lastname", "last", "surname", "family name", "nachname", "nom"],
    "prefix": ["prefix", "name prefix", "salutation", "honorific", "anrede"],
    "suffix": ["suffix", "name suffix"],
    "nickname": ["nickname", "nick", "nick name", "known as", "spitzname", "surnom"],
    "email": ["email", "e-mail", "mail", "email address", "e-mail address", "primary email",
              "secondary email", "work email", "home email", "email 1", "email 2", "emails",
              "e-mail-adresse", "courriel"],
    "phone": ["phone", "telephone", "tel", "tel.", "phone number", "telephone number", "phones",
              "telefon", "téléphone", "other phone"],
    "mobile": ["mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone",
               "handy", "mobiltelefon", "portable"],
    "work_phone": ["work phone", "business phone", "office phone", "phone (work)", "direct line"],
    "home_phone": ["home phone", "phone (home)", "private phone"],
    "fax": ["fax", "fax number", "work fax", "home fax"],
    "pager": ["pager", "pager number"],
    "url": ["website", "web site", "web page", "webpage", "url", "homepage", "home page", "web",
            "web page 1", "web page 2", "linkedin", "webseite", "site web"],
    "im": ["screen name", "im", "skype", "jabber", "xmpp", "im address"],
    "organization": ["company", "organization", "organisation", "org", "employer",
                     "company name", "firma", "société", "business"],
    "title": ["title", "job title", "position", "role", "job", "jobtitle", "function",
              "fonction"],
    "department": ["department", "dept", "division", "team", "abteilung", "service"],
    "birthday": ["birthday", "birth date", "birthdate", "date of birth", "dob", "born",
                 "geburtstag", "date de naissance"],
    "birth_year": ["birth year"], "birth_month": ["birth month"], "birth_day": ["birth day"],
    "anniversary": ["anniversary", "wedding anniversary", "jahrestag"],
    "street": ["address", "street", "street address", "address 1", "address line 1",
               "address line 2", "address 2", "home address", "home address 2", "home street",
               "straße", "adresse", "rue"],
    "city": ["city", "town", "locality", "home city", "ort", "stadt", "ville"],
    "region": ["state", "region", "province", "county", "home state", "state/province",
               "bundesland"],
    "postcode": ["zip", "zip code", "zipcode", "postal code", "postcode", "post code",
                 "home zipcode", "home postal code", "plz", "postleitzahl", "code postal"],
    "country": ["country", "country/region", "home country", "land", "pays"],
    "work_street": ["work address", "work address 2", "business address", "business street",
                    "work street", "office address"],
    "work_city": ["work city", "business city"],
    "work_region": ["work state", "business state"],
    "work_postcode": ["work zipcode", "work zip", "work postal code", "business postal code"],
    "work_country": ["work country", "business country", "business country/region"],
    "notes": ["notes", "note", "comments", "comment", "description", "remarks", "memo",
              "notizen", "bemerkungen"],
    "tags": ["tags", "tag", "labels", "label", "categories", "category", "groups", "group",
             "group membership", "kategorien", "catégories"],
    "hometown": ["hometown", "home town", "birthplace", "place of birth"],
    "relation": ["spouse", "partner", "children", "child", "manager", "assistant", "relatives"],
    "introduced_by": ["introduced by", "referred by", "referral", "met through"],
    "custom": ["custom 1", "custom 2", "custom 3", "custom 4"],
}
GENERIC_SYNONYMS = {header_key(name): key for key, names in SYNONYMS.items() for name in names}
