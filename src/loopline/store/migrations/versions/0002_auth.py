"""auth: credentials, API tokens, web sessions, project membership

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credential',
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_credential_annotator_id_annotator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('annotator_id', name=op.f('pk_credential'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.Column('last_used_at', sa.Float(), nullable=True),
    sa.Column('revoked_at', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_api_token_annotator_id_annotator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    op.create_index('ix_api_token_annotator_id', 'api_token', ['annotator_id'], unique=False)
    op.create_table('web_session',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_web_session_annotator_id_annotator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_web_session'))
    )
    op.create_index('ix_web_session_annotator_id', 'web_session', ['annotator_id'], unique=False)
    op.create_table('project_member',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_project_member_annotator_id_annotator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_member_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'annotator_id', name=op.f('pk_project_member'))
    )
    op.create_index('ix_project_member_annotator_id', 'project_member', ['annotator_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_project_member_annotator_id', table_name='project_member')
    op.drop_table('project_member')
    op.drop_index('ix_web_session_annotator_id', table_name='web_session')
    op.drop_table('web_session')
    op.drop_index('ix_api_token_annotator_id', table_name='api_token')
    op.drop_table('api_token')
    op.drop_table('credential')
