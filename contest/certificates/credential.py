"""A certificate's facts as a signed credential that anyone verifies offline from the QR code.

The credential follows the W3C Verifiable Credentials 2.0 data model in the Open Badges 3.0 style
(types ``VerifiableCredential`` and ``OpenBadgeCredential``; the person and what they achieved in
``credentialSubject``; a ``BitstringStatusListEntry`` in ``credentialStatus`` so a revocation can
be looked up in the province's status list). It is secured as VC-JOSE-COSE says: the credential
JSON is the payload of a compact JWS (``typ`` ``vc+jwt``) signed with the province's Ed25519 key,
whose RFC 7638 thumbprint is the header's ``kid``.

Why a compact JWS and not a Data Integrity proof: the token goes into a QR code printed on the
certificate, and a JWS is one line of base64url with a 64-byte signature and no JSON-LD
canonicalization, so it stays short and verifies without fetching any context; it needs one
well-kept library (joserfc, over ``cryptography``) instead of an RDF canonicalizer. Anyone with the
public key (published as a JWKS) checks it with any JOSE library.

``verify`` refuses, in this order: malformed text, a key that is not one of the province's
(``OTHER_KEY``), a signature that does not match (``BAD_SIGNATURE``), a broken or foreign status
list when one is given, ``REVOKED``, ``NOT_YET_VALID``, ``EXPIRED``. The facts come back only when
the signature is good, so nobody reads forged facts as the province's.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from contest.certificates import codes, jws
from contest.certificates import status_list as lists
from contest.certificates.jws import JwsProblem, JwsRefused
from contest.core.errors import DomainError
from contest.core.i18n import N_

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
TYP = "vc+jwt"
URN_PREFIX = "urn:cert:"


class CredentialError(DomainError):
    """The facts cannot be signed as given."""


@dataclass(frozen=True)
class Issuer:
    """Who signs: the province (``id`` a URL of its own, ``name`` as printed)."""

    id: str
    name: str


@dataclass(frozen=True)
class Facts:
    """What a certificate states, as the credential carries it."""

    #: The certificate's code (``codes``), also the credential's ``urn:cert:`` id.
    code: str
    #: The person's full name.
    person_name: str
    #: What is certified (the course, the assessment, the prize).
    achievement: str
    #: The certificate's date (the credential's ``validFrom``), timezone-aware.
    issued_at: datetime
    #: The certificate's bit in the status list, and the list's URL.
    status_index: int
    status_list_url: str
    #: A line more about the achievement, optional.
    description: str | None = None
    #: The unit that awarded it (the achievement's ``creator``), when not the issuer itself.
    unit: str | None = None
    #: The end of validity (``validUntil``), optional.
    valid_until: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("issued_at", "valid_until"):
            if data[name] is not None:
                data[name] = data[name].isoformat()
        return data


class Problem(enum.Enum):
    """Why a credential is not valid; ``message`` is for the person (Vietnamese, ``N_``)."""

    MALFORMED = (
        "malformed",
        N_(
            "Không đọc được chứng nhận: văn bản không đúng định dạng (có thể bị cắt hoặc chép thiếu)."
        ),
    )
    OTHER_KEY = (
        "other_key",
        N_("Chứng nhận được ký bằng một khóa khác, không phải khóa của tỉnh: không công nhận."),
    )
    BAD_SIGNATURE = (
        "bad_signature",
        N_("Chữ ký không khớp: nội dung chứng nhận đã bị thay đổi."),
    )
    BAD_STATUS_LIST = (
        "bad_status_list",
        N_(
            "Danh sách thu hồi không hợp lệ, không do tỉnh ký hoặc không phải danh sách của chứng nhận này."
        ),
    )
    STALE_STATUS_LIST = (
        "stale_status_list",
        N_("Danh sách thu hồi đã quá hạn dùng: hãy tải bản mới rồi kiểm tra lại."),
    )
    REVOKED = ("revoked", N_("Chứng nhận đã bị thu hồi."))
    NOT_YET_VALID = ("not_yet_valid", N_("Chứng nhận chưa đến ngày có hiệu lực."))
    EXPIRED = ("expired", N_("Chứng nhận đã hết hạn."))

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message


VALID_MESSAGE = N_("Chứng nhận hợp lệ: do tỉnh ký và chưa bị thay đổi.")


@dataclass(frozen=True)
class Verification:
    """The answer of ``verify``: ``problem`` is None when valid; ``facts`` when signed by us."""

    problem: Problem | None
    facts: Facts | None = None
    kid: str | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        return VALID_MESSAGE if self.problem is None else self.problem.message

    def as_dict(self) -> dict[str, Any]:
        """For ``--json``: ``valid``, ``problem`` (a stable code), ``message``, ``facts``."""
        return {
            "valid": self.valid,
            "problem": self.problem.code if self.problem else None,
            "message": self.message,
            "kid": self.kid,
            "facts": self.facts.as_dict() if self.facts else None,
        }


def credential(facts: Facts, issuer: Issuer) -> dict[str, Any]:
    """The unsigned credential (JSON) stating ``facts``."""
    achievement: dict[str, Any] = {"name": facts.achievement}
    if facts.description:
        achievement["description"] = facts.description
    if facts.unit:
        achievement["creator"] = {"name": facts.unit}
    document: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": URN_PREFIX + facts.code,
        "type": TYPES,
        "issuer": {"id": issuer.id, "name": issuer.name},
        "validFrom": jws.timestamp(facts.issued_at),
    }
    if facts.valid_until is not None:
        document["validUntil"] = jws.timestamp(facts.valid_until)
    document["credentialSubject"] = {
        "name": facts.person_name,
        "achievement": achievement,
    }
    document["credentialStatus"] = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": lists.PURPOSE,
        "statusListIndex": str(facts.status_index),
        "statusListCredential": facts.status_list_url,
    }
    return document


def issue(facts: Facts, private_key: Ed25519PrivateKey, issuer: Issuer, now: datetime) -> str:
    """The compact JWS of the certificate's credential, signed with the province's key.

    Refuses (``CredentialError``) a code that fails its check symbol, a date without its time
    zone, a certificate dated after ``now`` (the province signs what has happened) and an
    expiry not after the certificate's date.
    """
    if not codes.is_valid(facts.code):
        raise CredentialError(N_("Mã chứng nhận %(code)s không hợp lệ."), code=facts.code)
    if facts.issued_at.tzinfo is None or (
        facts.valid_until is not None and facts.valid_until.tzinfo is None
    ):
        raise CredentialError(N_("Ngày của chứng nhận phải kèm múi giờ."))
    if facts.issued_at > now:
        raise CredentialError(N_("Không ký chứng nhận đề ngày trong tương lai."))
    if facts.valid_until is not None and facts.valid_until <= facts.issued_at:
        raise CredentialError(N_("Ngày hết hạn phải sau ngày cấp chứng nhận."))
    if facts.status_index < 0:
        raise CredentialError(N_("Số thứ tự trong danh sách thu hồi không hợp lệ."))
    facts = Facts(**{**asdict(facts), "code": codes.normalize(facts.code)})
    return jws.sign(credential(facts, issuer), private_key, TYP)


_PROBLEM_OF = {
    JwsProblem.MALFORMED: Problem.MALFORMED,
    JwsProblem.OTHER_KEY: Problem.OTHER_KEY,
    JwsProblem.BAD_SIGNATURE: Problem.BAD_SIGNATURE,
}


def verify(
    token: str,
    public_keys: Iterable[Ed25519PublicKey],
    now: datetime,
    status_list: str | None = None,
) -> Verification:
    """Check a credential offline against the province's public keys (and, when given, its
    signed status list, as ``status_list.sign_list`` makes it). Never raises for bad input."""
    public_keys = list(public_keys)
    try:
        kid, payload = jws.open_token(token, public_keys, TYP)
    except JwsRefused as refused:
        return Verification(_PROBLEM_OF[refused.problem])
    try:
        facts = _facts(payload)
        issuer_id = payload["issuer"]["id"]
    except (KeyError, TypeError, ValueError):
        return Verification(Problem.MALFORMED, kid=kid)
    if status_list is not None:
        problem = _status_problem(status_list, public_keys, facts, issuer_id, now)
        if problem is not None:
            return Verification(problem, facts, kid)
    if now < facts.issued_at:
        return Verification(Problem.NOT_YET_VALID, facts, kid)
    if facts.valid_until is not None and now >= facts.valid_until:
        return Verification(Problem.EXPIRED, facts, kid)
    return Verification(None, facts, kid)


def _facts(payload: dict[str, Any]) -> Facts:
    """The facts of a signed payload; ``KeyError``/``TypeError``/``ValueError`` when not ours."""
    if payload.get("type") != TYPES or not str(payload["id"]).startswith(URN_PREFIX):
        raise ValueError("not a certificate credential")
    subject = payload["credentialSubject"]
    achievement = subject["achievement"]
    entry = payload["credentialStatus"]
    if entry["type"] != "BitstringStatusListEntry" or entry["statusPurpose"] != "revocation":
        raise ValueError("not a revocation entry")
    valid_until = payload.get("validUntil")
    creator = achievement.get("creator")
    index = entry["statusListIndex"]
    if not (isinstance(index, str) and index.isdigit()):
        raise ValueError("statusListIndex is a string of digits")
    return Facts(
        code=payload["id"].removeprefix(URN_PREFIX),
        person_name=_text(subject["name"]),
        achievement=_text(achievement["name"]),
        issued_at=jws.parse_timestamp(payload["validFrom"]),
        status_index=int(index),
        status_list_url=_text(entry["statusListCredential"]),
        description=_text(achievement["description"]) if "description" in achievement else None,
        unit=_text(creator["name"]) if creator else None,
        valid_until=jws.parse_timestamp(valid_until) if valid_until is not None else None,
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _status_problem(
    token: str,
    public_keys: list[Ed25519PublicKey],
    facts: Facts,
    issuer_id: str,
    now: datetime,
) -> Problem | None:
    """Whether the signed status list refuses this credential (revoked, or a list we cannot
    trust for it: not signed by the province, another list, another purpose, out of date)."""
    try:
        _kid, listed = jws.open_token(token, public_keys, lists.TYP)
    except JwsRefused:
        return Problem.BAD_STATUS_LIST
    try:
        subject = listed["credentialSubject"]
        if (
            "BitstringStatusListCredential" not in listed["type"]
            or listed["id"] != facts.status_list_url
            or listed["issuer"]["id"] != issuer_id
            or subject["statusPurpose"] != lists.PURPOSE
        ):
            return Problem.BAD_STATUS_LIST
        until = listed.get("validUntil")
        if until is not None and now >= jws.parse_timestamp(until):
            return Problem.STALE_STATUS_LIST
        revoked = lists.bit(lists.decode(subject["encodedList"]), facts.status_index)
    except (KeyError, TypeError, ValueError):  # StatusListError is a ValueError
        return Problem.BAD_STATUS_LIST
    return Problem.REVOKED if revoked else None
