"""two-step sign-in for staff: TOTP secrets and recovery codes

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 10:40:00
"""
import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
