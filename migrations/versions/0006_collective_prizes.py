"""collective prizes: unit prize tiers of an exam, headcounts of units per round

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exam', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_prize_tiers', sa.JSON(), nullable=False, server_default='[]'))

    op.create_table('unit_headcount',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.CheckConstraint('headcount > 0', name=op.f('ck_unit_headcount_headcount_positive')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_unit_headcount_round_id_round')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_headcount_unit_id_unit')),
    sa.PrimaryKeyConstraint('round_id', 'unit_id', name=op.f('pk_unit_headcount'))
    )


def downgrade() -> None:
    op.drop_table('unit_headcount')
    with op.batch_alter_table('exam', schema=None) as batch_op:
        batch_op.drop_column('unit_prize_tiers')
