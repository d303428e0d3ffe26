"""training: programmes, courses (classes) with sessions, trainers, materials and target positions, enrollments, attendance with its change log, and the programmes job positions require

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:13:11.559731
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('valid_months', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('valid_months IS NULL OR valid_months > 0', name=op.f('ck_programme_valid_months_positive')),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_programme_field_id_field')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('code', name=op.f('uq_programme_code'))
    )
    op.create_table('position_requirement',
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['position_id'], ['job_position.id'], name=op.f('fk_position_requirement_position_id_job_position')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_position_requirement_programme_id_programme')),
    sa.PrimaryKeyConstraint('position_id', 'programme_id', name=op.f('pk_position_requirement'))
    )
    with op.batch_alter_table('position_requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_position_requirement_programme_id'), ['programme_id'], unique=False)

    op.create_table('course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'archived', name='course_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('enroll_opens_at', sa.DateTime(), nullable=True),
    sa.Column('enroll_closes_at', sa.DateTime(), nullable=True),
    sa.Column('self_enroll', sa.Boolean(), nullable=False),
    sa.Column('practice_exam_id', sa.Integer(), nullable=True),
    sa.Column('assessment_exam_id', sa.Integer(), nullable=True),
    sa.Column('min_attendance', sa.Float(), nullable=False),
    sa.Column('assessment_required', sa.Boolean(), nullable=False),
    sa.Column('practice_required', sa.Boolean(), nullable=False),
    sa.Column('valid_months', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_course_capacity_positive')),
    sa.CheckConstraint('enroll_closes_at IS NULL OR enroll_opens_at IS NULL OR enroll_closes_at > enroll_opens_at', name=op.f('ck_course_enroll_window')),
    sa.CheckConstraint('min_attendance >= 0 AND min_attendance <= 1', name=op.f('ck_course_min_attendance_share')),
    sa.CheckConstraint('valid_months IS NULL OR valid_months > 0', name=op.f('ck_course_valid_months_positive')),
    sa.ForeignKeyConstraint(['assessment_exam_id'], ['exam.id'], name=op.f('fk_course_assessment_exam_id_exam')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_course_created_by_app_user')),
    sa.ForeignKeyConstraint(['practice_exam_id'], ['exam.id'], name=op.f('fk_course_practice_exam_id_exam')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_course_programme_id_programme')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_course_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course'))
    )
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_assessment_exam_id'), ['assessment_exam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_unit_id'), ['unit_id'], unique=False)

    op.create_table('course_material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(data IS NULL) <> (url IS NULL)', name=op.f('ck_course_material_file_or_link')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_material_course_id_course')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_material'))
    )
    with op.batch_alter_table('course_material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_material_course_id'), ['course_id'], unique=False)

    op.create_table('course_position',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_position_course_id_course')),
    sa.ForeignKeyConstraint(['position_id'], ['job_position.id'], name=op.f('fk_course_position_position_id_job_position')),
    sa.PrimaryKeyConstraint('course_id', 'position_id', name=op.f('pk_course_position'))
    )
    op.create_table('course_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('online_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_course_session_session_window')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_session_course_id_course')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_session'))
    )
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_session_course_id'), ['course_id'], unique=False)

    op.create_table('course_trainer',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_trainer_course_id_course')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_course_trainer_user_id_app_user')),
    sa.PrimaryKeyConstraint('course_id', 'user_id', name=op.f('pk_course_trainer'))
    )
    with op.batch_alter_table('course_trainer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_trainer_user_id'), ['user_id'], unique=False)

    op.create_table('enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('enrolled', 'waitlisted', 'withdrawn', name='enrollment_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('source', sa.Enum('hand', 'rule', 'file', 'self', name='enrollment_source', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('enrolled_by', sa.Integer(), nullable=True),
    sa.Column('attendance_share', sa.Float(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.CheckConstraint('attendance_share >= 0 AND attendance_share <= 1', name=op.f('ck_enrollment_attendance_share')),
    sa.CheckConstraint('expires_on IS NULL OR completed_on IS NOT NULL', name=op.f('ck_enrollment_expiry_needs_completion')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_enrollment_course_id_course')),
    sa.ForeignKeyConstraint(['enrolled_by'], ['app_user.id'], name=op.f('fk_enrollment_enrolled_by_app_user')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_enrollment_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment')),
    sa.UniqueConstraint('course_id', 'user_id', name='one_per_course')
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollment_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_enrollment_user_status', ['user_id', 'status'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mark', sa.Enum('present', 'late', 'excused', 'absent', name='attendance_mark', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('by_code', sa.Boolean(), nullable=False),
    sa.Column('marked_by', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['marked_by'], ['app_user.id'], name=op.f('fk_attendance_marked_by_app_user')),
    sa.ForeignKeyConstraint(['session_id'], ['course_session.id'], name=op.f('fk_attendance_session_id_course_session')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_attendance_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'user_id', name='one_per_session')
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_user_id'), ['user_id'], unique=False)

    op.create_table('attendance_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('old_mark', sa.Enum('present', 'late', 'excused', 'absent', name='old_attendance_mark', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('new_mark', sa.Enum('present', 'late', 'excused', 'absent', name='new_attendance_mark', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['app_user.id'], name=op.f('fk_attendance_change_changed_by_app_user')),
    sa.ForeignKeyConstraint(['session_id'], ['course_session.id'], name=op.f('fk_attendance_change_session_id_course_session')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_attendance_change_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_change'))
    )
    with op.batch_alter_table('attendance_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_change_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attendance_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_change_session_id'))

    op.drop_table('attendance_change')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_user_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_session_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index('ix_enrollment_user_status')
        batch_op.drop_index(batch_op.f('ix_enrollment_course_id'))

    op.drop_table('enrollment')
    with op.batch_alter_table('course_trainer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_trainer_user_id'))

    op.drop_table('course_trainer')
    with op.batch_alter_table('course_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_session_course_id'))

    op.drop_table('course_session')
    op.drop_table('course_position')
    with op.batch_alter_table('course_material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_material_course_id'))

    op.drop_table('course_material')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_unit_id'))
        batch_op.drop_index(batch_op.f('ix_course_programme_id'))
        batch_op.drop_index(batch_op.f('ix_course_assessment_exam_id'))

    op.drop_table('course')
    with op.batch_alter_table('position_requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_requirement_programme_id'))

    op.drop_table('position_requirement')
    op.drop_table('programme')
