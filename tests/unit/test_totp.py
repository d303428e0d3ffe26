"""One-time codes: the window either side of now, a code used once, recovery codes, sealing."""

import pyotp
import pytest

from contest.accounts import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # inside step 60_000_000
STEP = 60_000_000


def code(step):
    return pyotp.TOTP(SECRET).at(step * 30)


def test_the_current_code_is_accepted_with_its_step():
    result = totp.check_code(SECRET, code(STEP), NOW, None)
    assert result == totp.CodeResult(totp.Check.accepted, STEP)


@pytest.mark.parametrize("offset", [-1, 1])
def test_a_code_one_step_off_is_accepted(offset):
    assert totp.check_code(SECRET, code(STEP + offset), NOW, None).check is totp.Check.accepted


@pytest.mark.parametrize("offset", [-2, 2])
def test_a_code_two_steps_off_is_wrong(offset):
    assert totp.check_code(SECRET, code(STEP + offset), NOW, None).check is totp.Check.wrong


def test_a_code_typed_with_a_space_is_read():
    typed = code(STEP)
    assert totp.check_code(SECRET, f"{typed[:3]} {typed[3:]}", NOW, None).check is totp.Check.accepted


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef"])
def test_anything_but_six_digits_is_wrong(typed):
    assert totp.check_code(SECRET, typed, NOW, None).check is totp.Check.wrong


def test_a_used_code_is_refused_as_reused():
    assert totp.check_code(SECRET, code(STEP), NOW, last_used_step=STEP).check is totp.Check.reused


def test_an_older_code_after_a_newer_one_was_used_is_refused():
    result = totp.check_code(SECRET, code(STEP - 1), NOW, last_used_step=STEP)
    assert result.check is totp.Check.reused


def test_the_next_code_after_a_used_one_is_accepted():
    assert totp.check_code(SECRET, code(STEP + 1), NOW, last_used_step=STEP).check is totp.Check.accepted


def test_ten_distinct_recovery_codes_that_are_not_app_codes():
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" and not totp.looks_like_totp(c) for c in codes)


def test_a_recovery_code_hashes_alike_however_it_is_typed():
    assert totp.hash_recovery_code("abcde-fghjk") == totp.hash_recovery_code(" ABCDE FGHJK ")
    assert totp.hash_recovery_code("abcde-fghjk") != totp.hash_recovery_code("abcde-fghjm")


def test_the_secret_is_sealed_and_opens_only_with_the_same_key():
    sealed = totp.Sealer("one key").seal(SECRET)
    assert SECRET not in sealed
    assert totp.Sealer("one key").open(sealed) == SECRET
    assert totp.Sealer("another key").open(sealed) is None


def test_the_provisioning_uri_names_the_issuer_and_the_account():
    uri = totp.provisioning_uri(SECRET, "thu@example.vn", "Cuộc thi CĐS")
    assert uri.startswith("otpauth://totp/")
    assert "thu%40example.vn" in uri and "secret=" + SECRET in uri
    parsed = pyotp.parse_uri(uri)
    assert parsed.issuer == "Cuộc thi CĐS" and parsed.name == "thu@example.vn"


def test_the_secret_is_shown_in_groups_of_four():
    assert totp.group_secret("ABCDEFGHIJ") == "ABCD EFGH IJ"
