"""Pipeline history, introduction history, and introductions made by the user.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

- `stage_changes`: every pipeline move (from, to, when). People who already have a stage get
  one row (from nothing to their stage, dated when their card was last changed: the best we
  know), so the history starts from what the notebook holds.
- `introduction_events`: every status an introduction went through, with its date. Existing
  introductions get their current status as one event, dated `status_on`.
- `introduction_subjects`: who is introduced to the target when it is not the user (no row,
  as for every existing introduction, means the user themself): an introduction the
  connector made between two other people; the connector is the user's own card for the
  introductions the user made. A table of its own because SQLite cannot add a column with
  a named reference, and copying `introductions` would cascade-delete its reminders.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=16), nullable=True),
        sa.Column("to_stage", sa.String(length=16), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_stage_changes_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    op.create_index(op.f("ix_stage_changes_person_id"), "stage_changes", ["person_id"])
    op.create_table(
        "introduction_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["introduction_id"], ["introductions.id"], ondelete="CASCADE",
                                name=op.f("fk_introduction_events_introduction_id_introductions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction_events")),
    )
    op.create_index(op.f("ix_introduction_events_introduction_id"), "introduction_events",
                    ["introduction_id"])
    op.create_table(
        "introduction_subjects",
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["introduction_id"], ["introductions.id"], ondelete="CASCADE",
                                name=op.f("fk_introduction_subjects_introduction_id_introductions")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_introduction_subjects_person_id_people")),
        sa.PrimaryKeyConstraint("introduction_id", name=op.f("pk_introduction_subjects")),
    )
    op.create_index(op.f("ix_introduction_subjects_person_id"), "introduction_subjects",
                    ["person_id"])
    op.execute(
        "INSERT INTO stage_changes (person_id, from_stage, to_stage, changed_at) "
        "SELECT id, NULL, stage, coalesce(updated_at, created_at) FROM people "
        "WHERE stage IS NOT NULL")
    op.execute(
        "INSERT INTO introduction_events (introduction_id, status, happened_on, created_at) "
        "SELECT id, status, coalesce(status_on, asked_on, date(created_at)), created_at "
        "FROM introductions")


def downgrade() -> None:
    op.drop_index(op.f("ix_introduction_subjects_person_id"), table_name="introduction_subjects")
    op.drop_table("introduction_subjects")
    op.drop_index(op.f("ix_introduction_events_introduction_id"),
                  table_name="introduction_events")
    op.drop_table("introduction_events")
    op.drop_index(op.f("ix_stage_changes_person_id"), table_name="stage_changes")
    op.drop_table("stage_changes")
