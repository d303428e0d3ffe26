"""Where a citizen lives, under Vietnam's two-level local government (since 1 July 2025): a
commune, ward or special zone of the province; districts are gone from registration and the
profile, while older three-level trees stay usable."""

from html.parser import HTMLParser

import pytest
from sqlmodel import select

from contest.accounts.models import COMMUNE_LEVEL, Role, Unit, UnitKind, User

DISTRICT_REFUSED = ("Từ ngày 1/7/2025 không còn cấp huyện: hãy chọn xã, phường hoặc đặc khu "
                    "nơi bạn cư trú.")


class _Select(HTMLParser):
    """The residence select as [(group label or None, [(value, text), ...]), ...]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups: list[tuple[str | None, list[tuple[str, str]]]] = []
        self.label = ""
        self._inside = self._option = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == "unit_id":
            self._inside = True
            self.groups.append((None, []))
        elif self._inside and tag == "optgroup":
            self.groups.append((attrs["label"], []))
        elif self._inside and tag == "option":
            self.groups[-1][1].append((attrs.get("value"), ""))
            self._option = True

    def handle_endtag(self, tag):
        if tag == "select":
            self._inside = False
        elif tag == "optgroup" and self._inside:
            self.groups.append((None, []))
        elif tag == "option":
            self._option = False

    def handle_data(self, data):
        if self._option:
            value, text = self.groups[-1][1][-1]
            self.groups[-1][1][-1] = (value, text + data)


def residence_select(html: str) -> list[tuple[str | None, list[str]]]:
    parser = _Select()
    parser.feed(html)
    return [(label, [text.strip() for _value, text in options])
            for label, options in parser.groups if options]


def register(web, unit_id):
    web.get("/register")
    return web.post("/register", {"full_name": "Lê Văn Tám", "email": "tam@example.vn",
                                  "phone": "", "unit_id": unit_id, "password": "Tam2026xyz",
                                  "confirm": "Tam2026xyz"})


@pytest.fixture
def two_level(factory):
    """A province as it stands since 1 July 2025, plus one district left from an older tree."""
    province = factory.province()
    units = {name: factory.unit(name=name, kind=kind, parent=province) for name, kind in [
        ("Xã Tân Hương", UnitKind.commune), ("Xã An Hữu", UnitKind.commune),
        ("Phường Mỹ Tho", UnitKind.ward), ("Phường 10", UnitKind.ward),
        ("Phường 2", UnitKind.ward), ("Đặc khu Phú Quý", UnitKind.special_zone),
        ("Sở Nội vụ", UnitKind.department), ("Huyện Cái Bè", UnitKind.district)]}
    units["Xã Hậu Mỹ"] = factory.unit(name="Xã Hậu Mỹ", parent=units["Huyện Cái Bè"])
    factory.commit()
    return units


def test_the_register_page_lists_communes_wards_and_special_zones_by_kind_and_name(web, two_level):
    page = web.get("/register").get_data(as_text=True)
    assert "Xã/phường/đặc khu nơi cư trú" in page and "huyện/xã" not in page
    assert residence_select(page) == [
        (None, ["— Chọn xã/phường/đặc khu —"]),
        ("Xã", ["Xã An Hữu", "Xã Tân Hương"]),
        ("Phường", ["Phường 2", "Phường 10", "Phường Mỹ Tho"]),
        ("Đặc khu", ["Đặc khu Phú Quý"]),
        ("Huyện Cái Bè", ["Xã Hậu Mỹ"]),  # an older tree: its communes, under the district
    ]


def test_registration_refuses_a_district_with_the_reason(web, two_level, session):
    body = register(web, two_level["Huyện Cái Bè"].id).get_data(as_text=True)
    assert DISTRICT_REFUSED in body
    assert session.exec(select(User)).all() == []


@pytest.mark.parametrize("name", ["Phường Mỹ Tho", "Đặc khu Phú Quý", "Xã Tân Hương",
                                  "Xã Hậu Mỹ"])
def test_registration_accepts_a_ward_a_special_zone_or_a_commune(web, two_level, session, name):
    assert register(web, two_level[name].id).status_code == 302
    user = session.exec(select(User).where(User.email == "tam@example.vn")).one()
    assert user.unit_id == two_level[name].id


def test_a_commune_of_a_deactivated_district_takes_no_one(web, two_level, session):
    two_level["Huyện Cái Bè"].active = False
    session.commit()
    assert "Xã Hậu Mỹ" not in web.get("/register").get_data(as_text=True)
    body = register(web, two_level["Xã Hậu Mỹ"].id).get_data(as_text=True)
    assert "Hãy chọn xã, phường hoặc đặc khu nơi bạn cư trú trong danh sách." in body


def test_a_citizen_still_recorded_in_a_district_is_asked_for_a_commune(web, factory, two_level,
                                                                      session):
    citizen = factory.user(role=Role.citizen, unit=two_level["Huyện Cái Bè"])
    factory.commit()
    web.login(citizen)
    page = web.get("/account").get_data(as_text=True)
    assert "từ ngày 1/7/2025 không còn cấp huyện" in page
    kept = web.post("/account", {"full_name": citizen.full_name,
                                 "unit_id": two_level["Huyện Cái Bè"].id})
    assert DISTRICT_REFUSED in kept.get_data(as_text=True)
    moved = web.post("/account", {"full_name": citizen.full_name,
                                  "unit_id": two_level["Phường Mỹ Tho"].id})
    assert moved.status_code == 302
    session.expire_all()
    assert session.get(User, citizen.id).unit_id == two_level["Phường Mỹ Tho"].id


def test_an_older_three_level_tree_can_still_be_built_and_used(web, factory, session):
    """An admin builds province > district > commune / ward as before; officials may belong to
    the district; citizens register in its communes and wards, never in the district."""
    province = factory.province()
    admin = factory.user(role=Role.admin, unit=factory.unit(kind=UnitKind.department,
                                                            parent=province))
    factory.commit()
    web.login(admin)

    def create(name, kind, parent):
        web.get("/admin/units")
        response = web.post("/admin/units", {"name": name, "kind": kind, "parent_id": parent.id})
        assert response.status_code == 302, response.get_data(as_text=True)
        return session.exec(select(Unit).where(Unit.name == name)).one()

    district = create("Thành phố Mỹ Tho", "district", province)
    commune = create("Xã Đạo Thạnh", "commune", district)
    ward = create("Phường 1", "ward", district)
    refused = web.post("/admin/units", {"name": "Đặc khu X", "kind": "special_zone",
                                        "parent_id": district.id})
    assert "Đặc khu phải trực thuộc một tỉnh." in refused.get_data(as_text=True)
    official = factory.user(role=Role.official, unit=district)
    factory.commit()
    assert "Thành phố Mỹ Tho" in web.get("/admin/units").get_data(as_text=True)
    web.client.post("/logout", data={"csrf_token": web.token})

    assert residence_select(web.get("/register").get_data(as_text=True))[1:] == [
        ("Thành phố Mỹ Tho", ["Phường 1", "Xã Đạo Thạnh"])]
    assert register(web, ward.id).status_code == 302
    assert session.exec(select(User).where(User.email == "tam@example.vn")).one().unit_id == ward.id
    assert commune.kind == UnitKind.commune and official.unit_id == district.id


def test_the_demo_province_has_no_district_and_real_current_departments(session):
    from contest.demo import seed_all
    from contest.demo_org import CITIZEN_UNIT, OFFICIAL_UNIT, PROVINCE

    seed_all(session, "Demo@2026", history=False)
    units = session.exec(select(Unit)).all()
    province = next(u for u in units if u.kind == UnitKind.province)
    assert (province.code, province.name) == PROVINCE == ("82", "Tỉnh Đồng Tháp")
    assert not [u for u in units if u.kind == UnitKind.district]
    local = [u for u in units if u.kind in COMMUNE_LEVEL]
    assert len(local) >= 40 and all(u.parent_id == province.id for u in local)
    assert len({u.name for u in local}) == len(local)
    assert {u.kind for u in local} == {UnitKind.commune, UnitKind.ward}  # Đồng Tháp has no đặc khu
    assert all(u.name.startswith({UnitKind.commune: "Xã ", UnitKind.ward: "Phường "}[u.kind])
               for u in local)
    departments = {u.name for u in units if u.kind == UnitKind.department}
    assert "Sở Khoa học và Công nghệ" in departments
    assert "Sở Thông tin và Truyền thông" not in departments
    homes = {u.email: session.get(Unit, u.unit_id).name for u in session.exec(select(User))}
    assert homes["nguoidan@demo.vn"] == CITIZEN_UNIT and homes["congchuc@demo.vn"] == OFFICIAL_UNIT
