"""Concurrency tests need PostgreSQL: real row locks, real parallel transactions."""

import os

import pytest

if not (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql"):
    pytest.skip("needs TEST_DATABASE_URL=postgresql+psycopg://... (see .ci/run)", allow_module_level=True)
