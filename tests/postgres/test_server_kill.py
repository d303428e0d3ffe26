"""An answer acknowledged by the server survives the server being killed (SIGKILL)."""

import os
import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.core.config import ROOT
from contest.exams.models import AttemptQuestion
from tests.conftest import PASSWORD
from tests.support.http import Client, free_port, kill_group, start_gunicorn

pytestmark = pytest.mark.postgres


def test_answers_survive_a_killed_server(factory, session):
    exam, round_ = factory.exam("contest", questions=3)
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    env = dict(os.environ, DATABASE_URL=os.environ["TEST_DATABASE_URL"], APP_ENV="production",
               SECRET_KEY="test-secret-of-at-least-32-bytes-long", COOKIE_SECURE="0", PYTHONPATH=str(ROOT))
    port = free_port()
    server = start_gunicorn(port, env)
    try:
        client = Client(port)
        client.login(citizen.email, PASSWORD)
        client.get(f"/exams/{exam.id}")
        _, headers, _ = client.post(f"/exams/{exam.id}/rounds/{round_.id}/start", {"csrf_token": client.token})
        url = headers["Location"]
        _, _, page = client.get(url)
        first = re.findall(r'name="choice" value="([0-9a-f]{8})"', page)[0]
        status, _, body = client.post(f"{url}/answers/0", {"choice": first}, htmx=True)
        assert status == 200 and "Đã lưu" in body
    finally:
        kill_group(server)
    port = free_port()
    server = start_gunicorn(port, env)
    try:
        client.port, client.conn = port, None
        _, _, page = client.get(url)
        assert re.search(rf'value="{first}" id="q0-{first}"\s+checked', page)
        second = re.findall(r'name="choice" value="([0-9a-f]{8})"', page)[4]
        status, _, body = client.post(f"{url}/answers/1", {"choice": second}, htmx=True)
        assert "Đã lưu" in body
    finally:
        kill_group(server)
    session.expire_all()
    stored = {aq.position: aq.response for aq in session.exec(select(AttemptQuestion))}
    assert stored[0] == {"choice": first} and stored[1] == {"choice": second}
