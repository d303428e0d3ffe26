"""password handouts: an import's one-time passwords, sealed for one download

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('password_handout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('admin_id', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=False), nullable=False),
    sa.ForeignKeyConstraint(['admin_id'], ['app_user.id'], name=op.f('fk_password_handout_admin_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_handout'))
    )
    with op.batch_alter_table('password_handout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_handout_admin_id'), ['admin_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_handout_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('password_handout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_handout_expires_at'))
        batch_op.drop_index(batch_op.f('ix_password_handout_admin_id'))

    op.drop_table('password_handout')
