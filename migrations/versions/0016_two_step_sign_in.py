"""two-step sign-in for staff: TOTP secrets and recovery codes

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 10:40:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('two_factor_secret',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sealed_secret', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('last_used_step', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_two_factor_secret_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_two_factor_secret')),
    sa.UniqueConstraint('user_id', name=op.f('uq_two_factor_secret_user_id'))
    )
    op.create_table('two_factor_recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_two_factor_recovery_code_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_two_factor_recovery_code'))
    )
    with op.batch_alter_table('two_factor_recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_two_factor_recovery_code_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('two_factor_recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_two_factor_recovery_code_user_id'))

    op.drop_table('two_factor_recovery_code')
    op.drop_table('two_factor_secret')
