"""share links and referrals: contests' short links, people's personal codes, referrals

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 10:40:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('personal_share_code',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_personal_share_code_user_id_app_user')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_personal_share_code')),
    sa.UniqueConstraint('code', name=op.f('uq_personal_share_code_code'))
    )
    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referrer_id', sa.Integer(), nullable=False),
    sa.Column('referred_user_id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('referrer_id <> referred_user_id', name=op.f('ck_referral_not_self')),
    sa.ForeignKeyConstraint(['exam_id'], ['exam.id'], name=op.f('fk_referral_exam_id_exam')),
    sa.ForeignKeyConstraint(['referred_user_id'], ['app_user.id'], name=op.f('fk_referral_referred_user_id_app_user')),
    sa.ForeignKeyConstraint(['referrer_id'], ['app_user.id'], name=op.f('fk_referral_referrer_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('referred_user_id', name=op.f('uq_referral_referred_user_id'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_exam_id'), ['exam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_referrer_id'), ['referrer_id'], unique=False)

    op.create_table('share_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['exam_id'], ['exam.id'], name=op.f('fk_share_link_exam_id_exam')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_link')),
    sa.UniqueConstraint('code', name=op.f('uq_share_link_code')),
    sa.UniqueConstraint('exam_id', name=op.f('uq_share_link_exam_id'))
    )


def downgrade() -> None:
    op.drop_table('share_link')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_referrer_id'))
        batch_op.drop_index(batch_op.f('ix_referral_exam_id'))

    op.drop_table('referral')
    op.drop_table('personal_share_code')
