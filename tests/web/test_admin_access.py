"""Every admin route: anonymous -> login, citizen/official/trainer -> 403, admin -> in."""

import pytest

from contest.accounts.models import Role

#: (method, URL, endpoint, status for an admin). Ids come from the ``targets`` fixture.
ROUTES = [
    ("get", "/admin/", "admin.index", 200),
    ("get", "/admin/units", "admin.units", 200),
    ("post", "/admin/units", "admin.units", 200),  # an empty form comes back with its errors
    ("get", "/admin/units/{unit}", "admin.unit", 302),
    ("get", "/admin/units/{unit}/rename", "admin.unit_rename", 200),
    ("get", "/admin/units/{unit}/move", "admin.unit_move", 200),
    ("post", "/admin/units/{unit}/active", "admin.unit_active", 302),
    ("get", "/admin/positions", "admin.positions", 200),
    ("get", "/admin/fields", "admin.fields", 200),
    ("get", "/admin/positions/{position}", "admin.catalog_item", 302),
    ("get", "/admin/fields/{field}/rename", "admin.catalog_rename", 200),
    ("post", "/admin/positions/{position}/active", "admin.catalog_active", 302),
    ("get", "/admin/users", "admin.users", 200),
    ("post", "/admin/users/{user}/active", "admin.user_active", 302),
    ("get", "/admin/users/new", "admin.user_new", 200),
    ("get", "/admin/users/import", "admin.users_import", 200),
    ("get", "/admin/users/import/template.xlsx", "admin.import_template", 200),
    ("get", "/admin/users/{user}/active", "admin.user_active", 200),  # asks before locking
    ("get", "/admin/units/{unit}/active", "admin.unit_active", 200),
    ("get", "/admin/users/{user}/edit", "admin.user_edit", 200),
    ("get", "/admin/users/{user}/password", "admin.user_password", 200),
    ("post", "/admin/users/import/passwords.xlsx", "admin.import_passwords", 302),  # refused
]


@pytest.fixture
def targets(factory):
    ids = {"unit": factory.unit().id, "position": factory.position().id,
           "field": factory.field().id, "user": factory.user(role=Role.official).id}
    factory.commit()
    return ids


def _request(web, method, url, targets):
    url = url.format(**targets)
    if method == "get":
        return web.client.get(url)  # the raw client: the template download is not text
    return web.post(url, {"active": "1"})


@pytest.mark.parametrize("method, url, endpoint, admin_status", ROUTES)
@pytest.mark.parametrize("role", [None, Role.citizen, Role.official, Role.trainer, Role.admin])
def test_admin_routes_admit_only_admins(web, factory, targets, role, method, url, endpoint,
                                        admin_status):
    if role is not None:
        user = factory.user(role=role)
        factory.commit()
        web.login(user)
    response = _request(web, method, url, targets)
    if role is None:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    elif role != Role.admin:
        assert response.status_code == 403
        assert "Bạn không có quyền truy cập trang này." in response.get_data(as_text=True)
    else:
        assert response.status_code == admin_status


def test_the_matrix_covers_every_admin_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("admin.")}
    assert endpoints == {route[2] for route in ROUTES}
    for endpoint in endpoints:
        assert app.view_functions[endpoint].allowed_roles == (Role.admin,)


def test_admin_nav_link_and_dashboard_counts(web, factory):
    admin = factory.user(role=Role.admin)
    factory.user(role=Role.official)
    factory.commit()
    web.login(admin)
    home = web.get("/").get_data(as_text=True)
    assert 'href="/admin/"' in home
    page = web.get("/admin/").get_data(as_text=True)
    assert "Quản trị hệ thống" in page
    assert 'href="/admin/users?role=official">1</a>' in page


def test_a_post_without_csrf_token_is_refused_in_vietnamese(web, factory, session):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    response = web.post("/admin/positions", {"name": "Văn thư"}, csrf=False)
    assert response.status_code == 400
    assert "biểu mẫu không hợp lệ" in response.get_data(as_text=True)
    assert web.get("/admin/positions").get_data(as_text=True).count("Văn thư") == 0
