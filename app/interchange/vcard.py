"""vCard (.vcf) import and export: `read_vcards`, `write_vcards`, `write_vcard`.

The reader (vcard_read.py, over vcard_lines.py) takes 2.1, 3.0 and 4.0 files as Apple,
Google, Outlook, Android, Samsung and Thunderbird write them. The writer (vcard_write.py)
writes 3.0 (default) or 4.0.

What a card cannot say in standard properties travels in Rapport's own ones, which other
programs ignore and keep (parameter values use RFC 6868 carets for '^', '"' and line breaks,
and quotes around ',;:', in both versions):

    X-RAPPORT-HOMETOWN:text           X-RAPPORT-HOW-WE-MET:text       X-RAPPORT-MET-ON:YYYY-MM-DD
    X-RAPPORT-STAGE:prospect          X-RAPPORT-CADENCE:30 (days)     X-RAPPORT-INTRODUCED-BY:uid or name
    X-RAPPORT-PRONOUNS:text           (3.0; 4.0 has PRONOUNS)
    X-RAPPORT-FACT;CATEGORY=like;NOTED=YYYY-MM-DD:text                one per fact
    X-RAPPORT-FIELD;NAME=name:value                                    one per custom field
    X-RAPPORT-JOB;TITLE=..;DEPARTMENT=..;START=YYYY-MM-DD;END=YYYY-MM-DD:Organization
        every job ORG/TITLE cannot express: past jobs, further current jobs, and the first
        current job again when it has a start date (the reader then drops the ORG copy)
    X-RAPPORT-RELATED;TYPE=spouse;UID=..;BDAY=YYYY-MM-DD or --MM-DD:Name
        every relation; for other programs also itemN.X-ABRELATEDNAMES + X-ABLabel (3.0) or
        RELATED;TYPE=..;VALUE=text (4.0), which the reader ignores when they repeat one of ours

Labels: TYPE where the standard has one (home, work, cell for "mobile", fax, pager), else
Apple's itemN.PROP + itemN.X-ABLabel:<label>. Year-less dates: --MMDD in 4.0, Apple's
X-APPLE-OMIT-YEAR=1604 form in 3.0.

What does not survive export -> import (by design):
  - display_name equal to the name composed from the parts (it is the same name);
  - a record with no name at all (FN falls back to the organization or a contact detail);
  - a full date in the year 1604 (Apple's "year unknown" placeholder);
  - surrounding whitespace in text; '\\r' line breaks (they become '\\n'); empty contacts,
    addresses, tags; the tags "myContacts" / "My Contacts" (Google's system group);
  - a phone number starting with "tel:", a uid starting with "urn:uuid:" (both prefixes are
    removed on reading);
  - two current jobs with the same organization and title when the second has a start date.
"""

from app.interchange.vcard_read import read_vcards
from app.interchange.vcard_write import write_vcard, write_vcards

__all__ = ["read_vcards", "write_vcard", "write_vcards"]
