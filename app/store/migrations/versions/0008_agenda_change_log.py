"""The agenda's change counter becomes a log of the people whose dates changed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

Revision 0007's `agenda_changes` counter said that something the agenda's birthdays and dates
are made of changed, not what: the agenda made all 14,000 of them again after any rename.
`agenda_changed_people` logs, in the same triggers, each person a change touches (a person's
own row, the person of an important date, both ends of a relationship), so the agenda remakes
only their items. Its sequence is the new change counter (AUTOINCREMENT: never reused, even
after the log is cut). The log keeps its last 1,024 to 2,048 rows; a reader that fell further
behind makes everything again. Bookkeeping outside the models, like the search index.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NAMES = "display_name, prefix, given_name, middle_name, family_name, suffix, nickname"
PEOPLE_COLUMNS = (f"{NAMES}, birthday_year, birthday_month, birthday_day, is_light, is_me, "
                  f"trashed_at, archived_at")
KEPT = 1024

# (trigger, event, the people it logs): what a birthday or date item is made of
LOGGED = {
    "agenda_log_people_insert": ("INSERT ON people", ["NEW.id"]),
    "agenda_log_people_update": (f"UPDATE OF {PEOPLE_COLUMNS} ON people", ["NEW.id"]),
    "agenda_log_people_delete": ("DELETE ON people", ["OLD.id"]),
    "agenda_log_important_dates_insert": ("INSERT ON important_dates", ["NEW.person_id"]),
    "agenda_log_important_dates_update": ("UPDATE ON important_dates",
                                          ["OLD.person_id", "NEW.person_id"]),
    "agenda_log_important_dates_delete": ("DELETE ON important_dates", ["OLD.person_id"]),
    "agenda_log_relationships_insert": ("INSERT ON relationships",
                                        ["NEW.person_id", "NEW.other_id"]),
    "agenda_log_relationships_update": ("UPDATE ON relationships",
                                        ["OLD.person_id", "OLD.other_id", "NEW.person_id",
                                         "NEW.other_id"]),
    "agenda_log_relationships_delete": ("DELETE ON relationships",
                                        ["OLD.person_id", "OLD.other_id"]),
}

# revision 0007's counter triggers, made again by downgrade()
WATCHED_0007 = {"people": PEOPLE_COLUMNS, "important_dates": "", "relationships": ""}


def _counter_triggers() -> list[tuple[str, str]]:
    return [(f"agenda_changes_{table}_{verb.lower()}",
             f"{verb} OF {columns} ON {table}" if columns and verb == "UPDATE"
             else f"{verb} ON {table}")
            for table, columns in WATCHED_0007.items()
            for verb in ("INSERT", "UPDATE", "DELETE")]


def upgrade() -> None:
    for name, _ in _counter_triggers():
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE agenda_changes")
    op.execute("CREATE TABLE agenda_changed_people (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
               "person_id INTEGER NOT NULL)")
    for name, (event, people) in LOGGED.items():
        values = ", ".join(f"({p})" for p in people)
        op.execute(f"CREATE TRIGGER {name} AFTER {event} BEGIN "
                   f"INSERT INTO agenda_changed_people (person_id) VALUES {values}; END")
    # cut the log once every KEPT rows, a range of the primary key: cheap even in an import
    op.execute(f"CREATE TRIGGER agenda_log_cut AFTER INSERT ON agenda_changed_people "
               f"WHEN NEW.seq % {KEPT} = 0 BEGIN "
               f"DELETE FROM agenda_changed_people WHERE seq <= NEW.seq - {KEPT}; END")


def downgrade() -> None:
    op.execute("DROP TRIGGER agenda_log_cut")
    for name in LOGGED:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE agenda_changed_people")
    op.execute("CREATE TABLE agenda_changes (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "counter INTEGER NOT NULL)")
    op.execute("INSERT INTO agenda_changes (id, counter) VALUES (1, 0)")
    for name, event in _counter_triggers():
        op.execute(f"CREATE TRIGGER {name} AFTER {event} "
                   f"BEGIN UPDATE agenda_changes SET counter = counter + 1; END")
