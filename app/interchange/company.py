"""A company's own card, as an organization: its name, website and the notes that carry the
rest. Organizations have no phone, email or address columns, so those become readable lines
in the organization's notes ("Phone (work): +44 20 7946 0000"), added once: importing the
same card again finds every line already there.
"""

from __future__ import annotations

from app.domain import ContactKind
from app.interchange.record import ContactRecord, ImportedAddress

KIND_NAMES = {ContactKind.PHONE: "Phone", ContactKind.EMAIL: "Email", ContactKind.URL: "Website",
              ContactKind.SOCIAL: "Social profile", ContactKind.IM: "Chat"}


def company_name(record: ContactRecord) -> str:
    """The organization a company card stands for: its ORG, else what the card is called."""
    organization = next((j.organization for j in record.jobs if j.organization.strip()), "")
    return " ".join((organization or record.name()).split())


def company_website(record: ContactRecord) -> str:
    return next((c.value.strip() for c in record.contacts if c.kind == ContactKind.URL), "")


def _labelled(what: str, label: str, value: str) -> str:
    return f"{what} ({label}): {value}" if label else f"{what}: {value}"


def _one_line(address: ImportedAddress) -> str:
    place = " ".join(p for p in (address.region, address.postcode) if p)
    parts = address.street.splitlines() + [address.locality, place, address.country]
    return ", ".join(p.strip() for p in parts if p.strip())


def company_note_parts(record: ContactRecord, website: str) -> list[str]:
    """What the organization's notes should hold from this card, each part on its own:
    the card's note, then one readable line per phone, email, address and field. The URL
    that is the organization's website is left out."""
    parts = [record.notes.strip()] if record.notes.strip() else []
    parts += [_labelled(KIND_NAMES.get(c.kind, c.kind.value), c.label, c.value.strip())
              for c in record.contacts if c.value.strip() and c.value.strip() != website]
    parts += [_labelled("Address", a.label, _one_line(a)) for a in record.addresses
              if not a.is_empty()]
    parts += [f"{name}: {value}" for name, value in record.custom_fields if value.strip()]
    return parts


def with_parts(notes: str, parts: list[str]) -> str:
    """`notes` with every part it does not hold yet appended on a line of its own."""
    for part in parts:
        if part not in notes:
            notes = f"{notes.rstrip()}\n{part}" if notes.strip() else part
    return notes
