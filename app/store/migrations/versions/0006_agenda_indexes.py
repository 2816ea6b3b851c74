"""Covering indexes for the agenda's birthdays, keep-in-touch and last contacts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

At 100,000 people the agenda read 12,000 birthday rows through (month, day) and then each
row's table page, scanned the whole people table for cadences and the whole important_dates
table for dates: SQLCipher decrypts every page it touches. These indexes hold exactly what
the agenda reads (of the people it can show: listed people and loved ones, not in the trash
or archived), so it reads index pages only. The old (month, day) index served the agenda
alone and is replaced.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NAMES = "display_name, prefix, given_name, middle_name, family_name, suffix, nickname"
LIVE = "trashed_at IS NULL AND archived_at IS NULL AND is_me = 0"
# SQLite reads a partial index alone only when it also holds the columns of its own terms
LIVE_COLUMNS = "trashed_at, archived_at, is_me"


def upgrade() -> None:
    op.execute("DROP INDEX ix_people_birthday")
    op.execute(f"CREATE INDEX ix_people_birthday_window ON people (birthday_month, "
               f"birthday_day, birthday_year, is_light, {NAMES}, {LIVE_COLUMNS}) "
               f"WHERE {LIVE} AND birthday_month IS NOT NULL")
    op.execute(f"CREATE INDEX ix_people_cadence ON people (cadence_days, created_at, {NAMES}, "
               f"is_light, {LIVE_COLUMNS}) "
               f"WHERE {LIVE} AND is_light = 0 AND cadence_days IS NOT NULL")
    op.execute("CREATE INDEX ix_interaction_participants_last_contact "
               "ON interaction_participants (person_id, interaction_id)")
    op.execute("CREATE INDEX ix_important_dates_window "
               "ON important_dates (month, day, person_id, year, label)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_important_dates_window")
    op.execute("DROP INDEX ix_interaction_participants_last_contact")
    op.execute("DROP INDEX ix_people_cadence")
    op.execute("DROP INDEX ix_people_birthday_window")
    op.execute("CREATE INDEX ix_people_birthday ON people (birthday_month, birthday_day)")
