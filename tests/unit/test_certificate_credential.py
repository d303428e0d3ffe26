"""The signed credential: round trip, tampering, another key, dates, revocation, QR size."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contest.certificates import credential, keys, status_list
from contest.certificates.codes import new_code
from contest.certificates.credential import CredentialError, Facts, Issuer, Problem, issue, verify

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
LIST_URL = "https://chungnhan.example.gov.vn/status/1"
ISSUER = Issuer("https://chungnhan.example.gov.vn", "Ủy ban nhân dân tỉnh Quảng Trị")


@pytest.fixture(scope="module")
def province_key():
    return Ed25519PrivateKey.generate()


def facts(**changes):
    values = {
        "code": new_code(random.Random(7)),
        "person_name": "Nguyễn Thị Hồng Nhung",
        "achievement": "Hoàn thành khóa bồi dưỡng kỹ năng chuyển đổi số cho cán bộ, công chức",
        "description": "Khóa học 40 tiết, năm 2025",
        "unit": "Sở Khoa học và Công nghệ tỉnh Quảng Trị",
        "issued_at": T0,
        "status_index": 94_567,
        "status_list_url": LIST_URL,
    }
    return Facts(**{**values, **changes})


@pytest.fixture
def token(province_key):
    return issue(facts(), province_key, ISSUER, T0)


def signed_list(key, revoked, now=T0, **kwargs):
    document = status_list.list_credential(
        LIST_URL, {"id": ISSUER.id, "name": ISSUER.name}, revoked, now, **kwargs
    )
    return status_list.sign_list(document, key)


def test_round_trip(token, province_key):
    result = verify(token, [province_key.public_key()], T0 + timedelta(days=1))
    assert result.valid and result.problem is None
    assert result.facts == facts()
    assert result.kid == keys.thumbprint(province_key)
    assert result.as_dict()["facts"]["person_name"] == "Nguyễn Thị Hồng Nhung"


def test_the_payload_is_an_open_badges_style_credential(token):
    import base64
    import json

    payload = token.split(".")[1]
    document = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == "urn:cert:" + facts().code
    assert document["issuer"]["name"] == ISSUER.name
    assert document["credentialStatus"]["statusListIndex"] == "94567"


def _changed(token, position):
    replacement = "A" if token[position] != "A" else "B"
    return token[:position] + replacement + token[position + 1 :]


def test_one_changed_character_breaks_the_signature(token, province_key):
    header, payload, signature = token.split(".")
    for position in (
        len(header) + 1 + len(payload) // 2,  # in the facts
        len(header) + 1 + len(payload) - 1,  # the payload's last character
        len(token) - 1,  # the signature's last character (unused bits included)
        len(token) - 40,
    ):
        result = verify(_changed(token, position), [province_key.public_key()], T0)
        assert result.problem is Problem.BAD_SIGNATURE, position
        assert result.facts is None  # forged facts are never shown


def test_a_changed_header_is_refused(token, province_key):
    result = verify(_changed(token, 5), [province_key.public_key()], T0)
    assert not result.valid and result.problem in {Problem.MALFORMED, Problem.OTHER_KEY}


def test_signed_by_another_key(province_key):
    forged = issue(facts(), Ed25519PrivateKey.generate(), ISSUER, T0)
    result = verify(forged, [province_key.public_key()], T0)
    assert result.problem is Problem.OTHER_KEY and result.facts is None
    assert "khóa khác" in result.message


def test_any_of_several_published_keys(token, province_key):
    others = [Ed25519PrivateKey.generate().public_key() for _ in range(2)]
    assert verify(token, [*others, province_key.public_key()], T0).valid


def test_expired_and_not_yet_valid(province_key):
    until = T0 + timedelta(days=365)
    token = issue(facts(valid_until=until), province_key, ISSUER, T0)
    public = [province_key.public_key()]
    assert verify(token, public, until - timedelta(seconds=1)).valid
    expired = verify(token, public, until)
    assert expired.problem is Problem.EXPIRED and expired.facts.valid_until == until
    assert verify(token, public, T0 - timedelta(seconds=1)).problem is Problem.NOT_YET_VALID


def test_revoked_via_the_list(token, province_key):
    public = [province_key.public_key()]
    assert verify(token, public, T0, status_list=signed_list(province_key, [1, 2])).valid
    revoked = verify(token, public, T0, status_list=signed_list(province_key, [94_567]))
    assert revoked.problem is Problem.REVOKED and revoked.facts == facts()


def test_a_list_we_cannot_trust_is_refused(token, province_key):
    public = [province_key.public_key()]
    stranger = signed_list(Ed25519PrivateKey.generate(), [])
    assert verify(token, public, T0, status_list=stranger).problem is Problem.BAD_STATUS_LIST
    other_list = status_list.sign_list(
        status_list.list_credential(LIST_URL + "x", {"id": ISSUER.id}, [], T0), province_key
    )
    assert verify(token, public, T0, status_list=other_list).problem is Problem.BAD_STATUS_LIST
    assert verify(token, public, T0, status_list="junk").problem is Problem.BAD_STATUS_LIST
    # a certificate's token is not a status list
    assert verify(token, public, T0, status_list=token).problem is Problem.BAD_STATUS_LIST
    stale = signed_list(province_key, [], valid_until=T0 + timedelta(days=1))
    late = T0 + timedelta(days=2)
    assert verify(token, public, late, status_list=stale).problem is Problem.STALE_STATUS_LIST


@pytest.mark.parametrize(
    "text",
    ["", "abc", "a.b.c", "a.b", "....", "eyJ.eyJ.sig", "x" * 5000, None, 42, "é.é.é"],
)
def test_malformed_input(text, province_key):
    result = verify(text, [province_key.public_key()], T0)
    assert result.problem is Problem.MALFORMED and not result.valid
    assert result.as_dict()["problem"] == "malformed"


def test_a_status_list_is_not_a_certificate(province_key):
    result = verify(signed_list(province_key, []), [province_key.public_key()], T0)
    assert result.problem is Problem.MALFORMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "ABCDEF-ABCDEF-ABCDE0"}, "Mã chứng nhận"),
        ({"issued_at": T0 + timedelta(hours=1)}, "tương lai"),
        ({"issued_at": datetime(2025, 3, 1)}, "múi giờ"),
        ({"valid_until": T0}, "hết hạn"),
        ({"status_index": -1}, "thu hồi"),
    ],
)
def test_issue_refuses_bad_facts(changes, message, province_key):
    with pytest.raises(CredentialError, match=message):
        issue(facts(**changes), province_key, ISSUER, T0)


def test_the_code_is_stored_as_printed(province_key):
    typed = facts().code.lower().replace("-", " ")
    token = issue(facts(code=typed), province_key, ISSUER, T0)
    assert verify(token, [province_key.public_key()], T0).facts.code == facts().code


@pytest.mark.parametrize(
    ("changes", "max_version"),
    [
        (
            {
                "description": None,
                "unit": None,
                "achievement": "Hoàn thành khóa bồi dưỡng kỹ năng số",
            },
            28,
        ),
        (
            {
                "valid_until": T0 + timedelta(days=730),
                "person_name": "Tôn Nữ Thị Hoàng Phương Thảo",
                "achievement": "Giải Nhất cuộc thi tìm hiểu về chuyển đổi số và Chính phủ điện tử "
                "tỉnh Quảng Trị năm 2025 dành cho cán bộ, công chức, viên chức",
            },
            32,
        ),
    ],
)
def test_the_token_fits_a_printable_qr(changes, max_version, province_key):
    """The QR opens the verify page by code and carries the token after ``#`` (never sent to a
    server). Version 28 is 129 modules, 0.39 mm each on a 5 cm square; 32 is 145, 0.34 mm."""
    stated = facts(**changes)
    token = issue(stated, province_key, ISSUER, T0)
    text = f"https://chungnhan.example.gov.vn/verify/{stated.code}#{token}"
    qr = segno.make(text, error="m", micro=False, boost_error=False)
    print(f"token {len(token)} chars, QR text {len(text)} chars: version {qr.version}")
    assert len(token) < 1500
    assert qr.version <= max_version


def test_verification_as_dict_is_json_ready(token, province_key):
    import json

    answer = verify(token, [province_key.public_key()], T0).as_dict()
    assert json.loads(json.dumps(answer, ensure_ascii=False))["valid"] is True
    assert answer["message"] == credential.VALID_MESSAGE
