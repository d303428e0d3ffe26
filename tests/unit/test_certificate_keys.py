"""The province's key: loading with clear refusals, the dev key, JWK, fingerprint, JWKS."""

import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key

from contest.certificates import keys
from contest.certificates.keys import SigningKeyError


def test_dev_key_round_trip_with_passphrase(tmp_path):
    path = tmp_path / "keys" / "province.pem"
    key = keys.generate_dev_key(path, "bí mật")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = keys.load_private_key(path, "bí mật")
    assert keys.raw_public_bytes(loaded) == keys.raw_public_bytes(key)


def test_dev_key_never_overwrites(tmp_path):
    path = tmp_path / "province.pem"
    keys.generate_dev_key(path)
    with pytest.raises(SigningKeyError, match="không ghi đè"):
        keys.generate_dev_key(path)


def test_missing_file(tmp_path):
    with pytest.raises(SigningKeyError, match="Không tìm thấy") as refused:
        keys.load_private_key(tmp_path / "none.pem", "x")
    assert refused.value.params["path"].endswith("none.pem")


def test_wrong_or_missing_passphrase(tmp_path):
    path = tmp_path / "province.pem"
    keys.generate_dev_key(path, "đúng")
    with pytest.raises(SigningKeyError, match="Sai mật khẩu"):
        keys.load_private_key(path, "sai")
    with pytest.raises(SigningKeyError, match="cần mật khẩu"):
        keys.load_private_key(path, None)


def test_not_a_key_and_not_ed25519(tmp_path):
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("hello")
    with pytest.raises(SigningKeyError, match="không phải là khóa"):
        keys.load_private_key(garbage)
    ec = tmp_path / "ec.pem"
    ec.write_bytes(
        generate_private_key(SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(SigningKeyError, match="Ed25519"):
        keys.load_private_key(ec)


def test_public_jwk_fingerprint_and_jwks(tmp_path):
    key = keys.generate_dev_key(tmp_path / "k.pem")
    jwk = keys.public_jwk(key)
    assert set(jwk) == {"kty", "crv", "x", "kid", "alg", "use"}
    assert jwk["kid"] == keys.thumbprint(key.public_key()) and "d" not in jwk
    printed = keys.fingerprint(key)
    assert len(printed.split(" ")) == 16 and all(len(g) == 4 for g in printed.split(" "))
    document = keys.jwks([key])
    [public] = keys.keys_from_jwks(document)
    assert keys.raw_public_bytes(public) == keys.raw_public_bytes(key)
    with pytest.raises(SigningKeyError):
        keys.keys_from_jwks({"nope": []})
