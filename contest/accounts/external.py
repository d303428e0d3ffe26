"""The OpenID Connect client: sign-in through an external provider (VNeID / the National Public
Service Portal, or a province's own single sign-on), with Authlib.

The provider is configured by ``OIDC_ISSUER`` (its ``/.well-known/openid-configuration`` is
read), ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET`` and ``OIDC_SCOPES``. The flow is the
authorization code flow with PKCE (S256), a ``state`` that ties the answer to this browser's
session and a ``nonce`` that ties the ID token to this request. The ID token is checked by
Authlib: its signature against the provider's published keys, ``iss`` (the configured issuer),
``aud`` (our client id), ``exp`` and ``nonce``. Every failure becomes a ``ProviderError`` whose
``message`` is for the person and ``reason`` for the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import current_app, request, session
from joserfc.errors import JoseError
from requests import RequestException

from contest.accounts.services import is_valid_phone, normalize_email, normalize_phone
from contest.core.i18n import N_

#: Seconds we wait for the provider (discovery, keys, token exchange) before telling the person
#: it is unavailable: a provider that hangs must not hold a server thread for long.
PROVIDER_TIMEOUT = 10
#: The client's name in Authlib's registry; its states are kept in the session under this name.
_NAME = "external"
_EXTENSION = "contest.external_sign_in"

UNAVAILABLE = N_("Không kết nối được với %(provider)s. Vui lòng thử lại sau hoặc đăng nhập bằng "
                 "mật khẩu.")
MISCONFIGURED = N_("Đăng nhập bằng %(provider)s đang tạm ngừng do cấu hình chưa đúng. Vui lòng "
                   "đăng nhập bằng mật khẩu và báo quản trị viên.")
DENIED = N_("Bạn đã không đồng ý chia sẻ thông tin từ %(provider)s, nên chưa thể đăng nhập.")
EXPIRED = N_("Phiên đăng nhập bằng %(provider)s đã hết hạn hoặc không hợp lệ. Vui lòng thử lại.")
FAILED = N_("Không xác thực được thông tin từ %(provider)s. Vui lòng thử lại hoặc đăng nhập bằng "
            "mật khẩu.")


class ProviderError(Exception):
    """Signing in through the provider failed; ``message`` (``N_``, with ``%(provider)s``) is
    for the person, ``reason`` is the technical cause for the log."""

    def __init__(self, message: str, reason: str):
        super().__init__(reason)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the provider says signed in. ``email`` and ``phone`` are given only when the provider
    states it verified them (``email_verified``, ``phone_number_verified``)."""

    issuer: str
    subject: str
    name: str
    email: str | None = None
    phone: str | None = None

    def to_session(self) -> dict:
        return {"issuer": self.issuer, "subject": self.subject, "name": self.name,
                "email": self.email, "phone": self.phone}

    @classmethod
    def from_session(cls, data: dict) -> ProviderIdentity:
        return cls(**{key: data.get(key) for key in ("issuer", "subject", "name", "email", "phone")})


def is_configured() -> bool:
    """Sign-in through a provider is offered only when an issuer is configured."""
    return bool(current_app.config.get("OIDC_ISSUER"))


def provider_name() -> str:
    return current_app.config.get("OIDC_PROVIDER_NAME") or "OpenID Connect"


def _settings() -> tuple[str, str, str, str]:
    config = current_app.config
    scopes = config.get("OIDC_SCOPES") or "openid"
    if "openid" not in scopes.split():  # without it there is no ID token to check
        scopes = "openid " + scopes
    return (config["OIDC_ISSUER"], config.get("OIDC_CLIENT_ID") or "",
            config.get("OIDC_CLIENT_SECRET") or "", scopes)


def _client():
    """The Authlib client of the configured provider, made on first use and made anew when the
    settings change (the provider's metadata and keys are cached on it)."""
    settings = _settings()
    cached = current_app.extensions.get(_EXTENSION)
    if cached and cached[0] == settings:
        return cached[1]
    issuer, client_id, client_secret, scopes = settings
    client = OAuth(current_app).register(
        _NAME, client_id=client_id, client_secret=client_secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256",
                       "default_timeout": PROVIDER_TIMEOUT})
    current_app.extensions[_EXTENSION] = (settings, client)
    return client


def _metadata(client) -> dict:
    """The provider's discovery document, checked to be the configured issuer's own (OpenID
    Connect Discovery: its ``issuer`` is the URL it was read from)."""
    issuer = _settings()[0]
    try:
        metadata = client.load_server_metadata()
    except (RequestException, ValueError) as err:
        raise ProviderError(UNAVAILABLE, f"discovery of {issuer} failed: {err!r}") from err
    found = str(metadata.get("issuer") or "")
    if found.rstrip("/") != issuer.rstrip("/"):
        client.server_metadata.clear()  # read again next time: the provider may be fixed
        raise ProviderError(MISCONFIGURED, f"discovery of {issuer} names issuer {found!r}")
    return metadata


def authorization_url(redirect_uri: str) -> str:
    """Where to send the person to sign in at the provider. The state, nonce and PKCE verifier
    are kept in this browser's session (an earlier unfinished attempt's are dropped)."""
    client = _client()
    _metadata(client)
    for key in [key for key in session if key.startswith(f"_state_{_NAME}_")]:
        session.pop(key)
    try:
        found = client.create_authorization_url(redirect_uri)
    except (RequestException, ValueError, RuntimeError) as err:
        raise ProviderError(UNAVAILABLE, f"authorization URL: {err!r}") from err
    client.save_authorize_data(redirect_uri=redirect_uri, state=found["state"],
                               nonce=found["nonce"], code_verifier=found["code_verifier"])
    return found["url"]


def identity_from_callback() -> ProviderIdentity:
    """The person the provider's answer (this request) names, after every check: the state is
    this session's, the code is exchanged with the PKCE verifier, the ID token is signed by the
    provider's key and states our issuer, our client id (``aud``, and ``azp`` when present), a
    live ``exp`` and our nonce."""
    client = _client()
    error = request.args.get("error")
    if error:
        message = DENIED if error in ("access_denied", "consent_required") else FAILED
        raise ProviderError(message, f"provider answered {error}: "
                                     f"{request.args.get('error_description', '')}")
    metadata = _metadata(client)
    try:
        token = client.authorize_access_token(claims_options={
            "iss": {"essential": True, "values": [metadata["issuer"]]},
            "aud": {"essential": True, "values": [client.client_id]}})
    except MismatchingStateError as err:
        raise ProviderError(EXPIRED, "state missing or not this session's") from err
    except OAuthError as err:
        raise ProviderError(FAILED, f"token exchange: {err.error}: {err.description}") from err
    except JoseError as err:
        raise ProviderError(FAILED, f"ID token refused: {err!r}") from err
    except RequestException as err:
        raise ProviderError(UNAVAILABLE, f"token exchange failed: {err!r}") from err
    except (ValueError, KeyError, TypeError) as err:
        raise ProviderError(FAILED, f"unreadable answer: {err!r}") from err
    claims = token.get("userinfo")
    if not claims:
        raise ProviderError(FAILED, "the token answer has no ID token")
    return identity_from_claims(_settings()[0], dict(claims))


def _verified(value) -> bool:
    return value is True or str(value).lower() == "true"


def identity_from_claims(issuer: str, claims: dict) -> ProviderIdentity:
    """A ``ProviderIdentity`` from checked ID token claims: the name (``name``, else its parts),
    and an e-mail or phone only when the provider says it verified it and it is well formed."""
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > 255:
        raise ProviderError(FAILED, f"unusable subject ({len(subject)} characters)")
    name = str(claims.get("name") or " ".join(
        str(claims[part]) for part in ("family_name", "middle_name", "given_name")
        if claims.get(part))).strip()[:120]
    email = normalize_email(str(claims.get("email") or ""))
    if not (email and _verified(claims.get("email_verified")) and len(email) <= 254
            and "@" in email):
        email = None
    phone = normalize_phone(str(claims.get("phone_number") or ""))
    if not (phone and _verified(claims.get("phone_number_verified")) and is_valid_phone(phone)):
        phone = None
    return ProviderIdentity(issuer=issuer, subject=subject, name=name, email=email, phone=phone)
