"""What an account takes from the provider's ID token claims: the name, and an e-mail or phone
only when the provider says it verified them."""

import pytest

from contest.accounts.external import ProviderError, identity_from_claims

ISSUER = "https://sso.example.gov.vn"


def test_verified_addresses_are_taken_and_folded():
    identity = identity_from_claims(ISSUER, {
        "sub": "abc", "name": "Nguyễn Văn An", "email": "An@Example.VN", "email_verified": True,
        "phone_number": "+84 912 345 678", "phone_number_verified": "true"})
    assert (identity.email, identity.phone) == ("an@example.vn", "0912345678")
    assert (identity.issuer, identity.subject, identity.name) == (ISSUER, "abc", "Nguyễn Văn An")


@pytest.mark.parametrize("claims", [
    {"email": "an@example.vn"},
    {"email": "an@example.vn", "email_verified": False},
    {"email": "an@example.vn", "email_verified": "false"},
    {"phone_number": "0912345678"},
    {"phone_number": "12", "phone_number_verified": True},
])
def test_unverified_or_malformed_addresses_are_left_out(claims):
    identity = identity_from_claims(ISSUER, {"sub": "abc", **claims})
    assert identity.email is None and identity.phone is None


def test_the_name_is_made_of_its_parts_when_there_is_no_name():
    identity = identity_from_claims(ISSUER, {"sub": "abc", "family_name": "Trần",
                                             "middle_name": "Thị", "given_name": "Bình"})
    assert identity.name == "Trần Thị Bình"


@pytest.mark.parametrize("subject", ["", None, "x" * 256])
def test_an_unusable_subject_is_refused(subject):
    with pytest.raises(ProviderError):
        identity_from_claims(ISSUER, {"sub": subject})
