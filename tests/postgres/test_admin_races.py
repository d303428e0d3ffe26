"""Admin actions that must hold when two requests race (PostgreSQL, real threads, real views)."""

import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role, User
from tests.conftest import WebClient
from tests.postgres.test_concurrency import together
from tests.web.test_admin_import import GOOD, upload, xlsx
from tests.web.test_admin_password_file import org  # noqa: F401  (the import's organisation)

pytestmark = pytest.mark.postgres


def signed_in(app, user):
    client = WebClient(app.test_client())
    client.login(user)
    client.get("/")
    return client


def test_two_admins_demoting_each_other_leave_one_admin(app, factory, org, session):  # noqa: F811
    first, second = (factory.user(role=Role.admin, unit=org["department"]) for _ in range(2))
    factory.commit()
    clients = {user.id: signed_in(app, user) for user in (first, second)}

    def demote(actor, target):
        data = {"full_name": target.full_name, "email": target.email, "phone": "",
                "role": "trainer", "unit_id": target.unit_id, "job_position_id": "",
                "field_id": ""}
        return lambda: clients[actor.id].post(f"/admin/users/{target.id}/edit", data).status_code

    results = together([demote(first, second), demote(second, first)])
    assert sorted(results) == [200, 302]  # one demotion, one refusal
    session.expire_all()
    admins = session.exec(select(User).where(User.role == Role.admin)).all()
    assert len(admins) == 1


def test_two_clicks_on_the_password_file_give_one_file(app, web, factory, org):  # noqa: F811
    admin = factory.user(role=Role.admin, unit=org["department"])
    factory.commit()
    web.login(admin)
    page = upload(web, xlsx(*GOOD)).get_data(as_text=True)
    form = dict(re.findall(r'<input type="hidden" name="(handout_id|key)" value="([^"]+)">', page))
    tab = WebClient(app.test_client())
    tab.client.set_cookie("session", web.client.get_cookie("session").value)
    tab.token = web.token

    def click(client):
        return lambda: client.post("/admin/users/import/passwords.xlsx", form).status_code

    assert sorted(together([click(web), click(tab)])) == [200, 302]
