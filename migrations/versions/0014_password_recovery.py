"""password recovery and contact confirmation

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:40:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_secret',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('password_reset', 'contact_confirm', name='secret_purpose', native_enum=False, length=20, create_constraint=True), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('wrong_codes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('(token_hash IS NULL) <> (code_hash IS NULL)', name=op.f('ck_account_secret_link_or_code')),
    sa.CheckConstraint('wrong_codes >= 0', name=op.f('ck_account_secret_wrong_codes_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_account_secret_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_secret')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_secret_token_hash'))
    )
    with op.batch_alter_table('account_secret', schema=None) as batch_op:
        batch_op.create_index('ix_account_secret_lookup', ['purpose', 'address'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_secret_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmation_pending', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('confirmation_pending')

    with op.batch_alter_table('account_secret', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_secret_user_id'))
        batch_op.drop_index('ix_account_secret_lookup')

    op.drop_table('account_secret')
