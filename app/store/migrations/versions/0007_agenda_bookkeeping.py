"""The agenda's bookkeeping: a change counter for its dates, and each person's last contact.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

`agenda_changes` is one counter that triggers raise whenever a row the agenda's birthdays
and dates are made of changes (people's names, birthdays and visibility, important dates,
relationships), in this process or any other: the agenda service keeps those items while it
stays the same. Like the search index, the table is bookkeeping outside the models: archives
do not carry it and a restore counts up from where the new notebook stands.

`last_contacts` holds each person's latest interaction, kept by triggers on interactions and
their participants (also bookkeeping, rebuilt from the interactions by any restore), so that
keep-in-touch reads one row per person instead of every interaction of 6,000 people.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NAMES = "display_name, prefix, given_name, middle_name, family_name, suffix, nickname"


# what a birthday or date item is made of (cadences and reminders are read afresh each time)
WATCHED = {
    "people": f"{NAMES}, birthday_year, birthday_month, birthday_day, is_light, is_me, "
              f"trashed_at, archived_at",
    "important_dates": "",
    "relationships": "",
}


def triggers() -> list[tuple[str, str]]:
    """(name, event) of the triggers that count changes to the agenda's dates."""
    return [(f"agenda_changes_{table}_{verb.lower()}",
             f"{verb} OF {columns} ON {table}" if columns and verb == "UPDATE"
             else f"{verb} ON {table}")
            for table, columns in WATCHED.items() for verb in ("INSERT", "UPDATE", "DELETE")]


def _recompute(person: str) -> str:
    """SQL that sets the last contact of the people `person` selects (an SQL expression
    list or subquery), or removes it when they have no interaction left."""
    return (f"DELETE FROM last_contacts WHERE person_id IN ({person}); "
            f"INSERT INTO last_contacts (person_id, occurred_at) "
            f"SELECT ip.person_id, max(i.occurred_at) FROM interaction_participants ip "
            f"JOIN interactions i ON i.id = ip.interaction_id "
            f"WHERE ip.person_id IN ({person}) GROUP BY ip.person_id;")


LAST_CONTACT_TRIGGERS = {
    # the common write, and many at once in an import: the later of the two moments
    "last_contacts_participant_insert": (
        "AFTER INSERT ON interaction_participants",
        "INSERT INTO last_contacts (person_id, occurred_at) "
        "SELECT NEW.person_id, occurred_at FROM interactions WHERE id = NEW.interaction_id "
        "ON CONFLICT (person_id) DO UPDATE SET "
        "occurred_at = max(occurred_at, excluded.occurred_at);"),
    "last_contacts_participant_delete": ("AFTER DELETE ON interaction_participants",
                                         _recompute("OLD.person_id")),
    "last_contacts_participant_update": ("AFTER UPDATE ON interaction_participants",
                                         _recompute("OLD.person_id, NEW.person_id")),
    "last_contacts_interaction_update": (
        "AFTER UPDATE OF occurred_at ON interactions",
        _recompute("SELECT person_id FROM interaction_participants "
                   "WHERE interaction_id = NEW.id")),
}


def upgrade() -> None:
    op.execute("CREATE TABLE agenda_changes (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "counter INTEGER NOT NULL)")
    op.execute("INSERT INTO agenda_changes (id, counter) VALUES (1, 0)")
    for name, event in triggers():
        op.execute(f"CREATE TRIGGER {name} AFTER {event} "
                   f"BEGIN UPDATE agenda_changes SET counter = counter + 1; END")
    op.execute("CREATE TABLE last_contacts (person_id INTEGER PRIMARY KEY, "
               "occurred_at DATETIME NOT NULL)")
    op.execute("INSERT INTO last_contacts (person_id, occurred_at) "
               "SELECT ip.person_id, max(i.occurred_at) FROM interaction_participants ip "
               "JOIN interactions i ON i.id = ip.interaction_id GROUP BY ip.person_id")
    for name, (event, body) in LAST_CONTACT_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {event} BEGIN {body} END")


def downgrade() -> None:
    for name in LAST_CONTACT_TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE last_contacts")
    for name, _ in triggers():
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE agenda_changes")
