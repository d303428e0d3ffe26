"""external identities: a provider's subject linked to one account

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:40:00
"""
import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
