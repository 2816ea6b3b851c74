"""Alembic environment. Rapport runs migrations itself (app.store.migrate), on a keyed
connection passed in `config.attributes["connection"]`; there is no alembic.ini."""

from alembic import context

from app.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
