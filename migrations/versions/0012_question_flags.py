"""question flags: the item analysis's 'cần xem lại' marks of question versions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 07:13:52.101092
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('question_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_flag_question_id_question')),
    sa.ForeignKeyConstraint(['version_id'], ['question_version.id'], name=op.f('fk_question_flag_version_id_question_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_flag')),
    sa.UniqueConstraint('version_id', 'exam_id', 'reason', name=op.f('uq_question_flag_version_id'))
    )
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_flag_exam_id'), ['exam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_flag_question_id'), ['question_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_flag_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_flag_exam_id'))

    op.drop_table('question_flag')
