"""certificates: issued certificates with their signed credential, revocation record and status-list index; courses and exams say whether they issue one

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 07:02:44.379393
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('status_index', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('course', 'assessment', 'prize', 'manual', name='certificate_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('unit_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('signer_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('signer_title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.CheckConstraint('(revoked_at IS NULL) = (revoke_reason IS NULL)', name=op.f('ck_certificate_revocation_has_reason')),
    sa.CheckConstraint('expires_on IS NULL OR expires_on > issued_on', name=op.f('ck_certificate_expiry_after_issue')),
    sa.CheckConstraint('status_index >= 0', name=op.f('ck_certificate_status_index_natural')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course')),
    sa.ForeignKeyConstraint(['issued_by'], ['app_user.id'], name=op.f('fk_certificate_issued_by_app_user')),
    sa.ForeignKeyConstraint(['revoked_by'], ['app_user.id'], name=op.f('fk_certificate_revoked_by_app_user')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_certificate_round_id_round')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_certificate_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
    sa.UniqueConstraint('source', name=op.f('uq_certificate_source')),
    sa.UniqueConstraint('status_index', name=op.f('uq_certificate_status_index'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issues_certificate', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('exam', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issues_certificate', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('exam', schema=None) as batch_op:
        batch_op.drop_column('issues_certificate')

    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('issues_certificate')

    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_round_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_course_id'))

    op.drop_table('certificate')
