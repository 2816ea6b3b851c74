"""Card properties Rapport does not interpret, kept so that exporting writes them back.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

An imported vCard may carry properties we have no field for (X-MS-OL-DESIGN, X-ABUID,
KEY, GEO ...). They are kept per person, verbatim and in order, and written back when the
person is exported as a vCard, so that a round trip through Rapport loses nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_extras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("grp", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_card_extras_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_extras")),
    )
    op.create_index(op.f("ix_card_extras_person_id"), "card_extras", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_card_extras_person_id"), table_name="card_extras")
    op.drop_table("card_extras")
