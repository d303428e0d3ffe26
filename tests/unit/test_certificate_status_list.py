"""The W3C Bitstring Status List: size, bit order, encoding, refusals."""

import base64
import gzip
from datetime import UTC, datetime

import pytest

from contest.certificates import status_list
from contest.certificates.status_list import MIN_SIZE, StatusListError, decode, encode, is_set


def test_round_trip_and_minimum_size():
    encoded = encode({0, 9, MIN_SIZE - 1})
    bits = decode(encoded)
    assert len(bits) * 8 == MIN_SIZE
    assert [i for i in range(MIN_SIZE) if status_list.bit(bits, i)] == [0, 9, MIN_SIZE - 1]
    assert is_set(encoded, 9) and not is_set(encoded, 8)


def test_index_zero_is_the_leftmost_bit_of_the_first_byte():
    bits = decode(encode([0, 9]))
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000


def test_encoding_is_multibase_base64url_of_gzip():
    encoded = encode([3])
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded
    body = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert raw[0] == 0b0001_0000
    assert encode([3]) == encoded  # reproducible: no time in the GZIP header
    print("empty list encoded:", len(encode([])), "characters")


@pytest.mark.parametrize(
    ("indexes", "size"),
    [([], MIN_SIZE - 8), ([], MIN_SIZE + 1), ([MIN_SIZE], MIN_SIZE), ([-1], MIN_SIZE)],
)
def test_bad_sizes_and_indexes_are_programming_errors(indexes, size):
    with pytest.raises(ValueError):
        encode(indexes, size)


def _multibase(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "zabc",
        "u***",
        _multibase(b"not gzip"),
        _multibase(gzip.compress(bytes(100))),  # too short
        _multibase(gzip.compress(bytes(status_list.MAX_BYTES + 1))),  # too big once inflated
        _multibase(gzip.compress(bytes(MIN_SIZE // 8))[:-10]),  # truncated
    ],
)
def test_unreadable_lists_are_refused(encoded):
    with pytest.raises(StatusListError):
        decode(encoded)


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(StatusListError):
        is_set(encode([]), MIN_SIZE)


def test_the_list_credential():
    now = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    issuer = {"id": "https://example.gov.vn", "name": "UBND tỉnh"}
    document = status_list.list_credential("https://example.gov.vn/status/1", issuer, [5], now)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = document["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    assert is_set(subject["encodedList"], 5)
    assert document["validFrom"] == "2025-03-01T08:00:00Z"
