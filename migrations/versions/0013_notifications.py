"""notifications: delivery log and each person's channels and topics

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:40:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_STATUS = ('queued', 'sent', 'failed', 'limited', 'skipped')


def upgrade() -> None:
    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=270), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum(*_STATUS, name='delivery_status', native_enum=False, length=20,
                                create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('unsubscribe_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('dedupe_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('tried_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_delivery_user_id_app_user'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery')),
    sa.UniqueConstraint('kind', 'recipient', 'channel', 'dedupe_key',
                        name='uq_delivery_kind_recipient_channel_dedupe_key')
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.create_index('ix_delivery_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_delivery_kind_dedupe_key', ['kind', 'dedupe_key'], unique=False)
        batch_op.create_index('ix_delivery_address', ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_user_id'), ['user_id'], unique=False)

    op.create_table('notification_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                            name=op.f('fk_notification_preference_user_id_app_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_preference'))
    )


def downgrade() -> None:
    op.drop_table('notification_preference')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_user_id'))
        batch_op.drop_index('ix_delivery_address')
        batch_op.drop_index('ix_delivery_kind_dedupe_key')
        batch_op.drop_index('ix_delivery_created_at')
        batch_op.drop_index('ix_delivery_status_created_at')

    op.drop_table('delivery')
