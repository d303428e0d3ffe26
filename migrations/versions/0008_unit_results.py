"""unit results: a closed round's collective standings and prizes, recorded at the close

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:00:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unit_result',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('all_correct', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('prize', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_unit_result_round_id_round')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_result_unit_id_unit')),
    sa.PrimaryKeyConstraint('round_id', 'unit_id', name=op.f('pk_unit_result'))
    )


def downgrade() -> None:
    op.drop_table('unit_result')
