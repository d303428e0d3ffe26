"""Search folding keeps no diacritics; answer normalization keeps them."""

import pytest

from question_bank.textnorm import fold, normalize_answer, strip_html


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Dịch vụ công", "dich vu cong"),
        ("  ĐĂNG   KÝ\tHỘ KHẨU ", "dang ky ho khau"),
        ("Đường đi", "duong di"),
        ("Quảng Ngãi", "quang ngai"),
        ("Chi\u0301nh quyê\u0300n", "chinh quyen"),  # decomposed input (NFD)
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_lets_unaccented_search_find_accented_text():
    assert fold("dich vu cong") in fold("Cổng Dịch vụ công quốc gia")


@pytest.mark.parametrize(
    ("text", "case_sensitive", "normalized"),
    [
        ("  Hà   Nội ", False, "hà nội"),
        ("  Hà   Nội ", True, "Hà Nội"),
        ("Ha\u0300 Nô\u0323i", False, "hà nội"),  # NFD becomes NFC
        ("Một\u00a0cửa", False, "một cửa"),
    ],
)
def test_normalize_answer(text, case_sensitive, normalized):
    assert normalize_answer(text, case_sensitive) == normalized


def test_normalize_answer_keeps_diacritics():
    assert normalize_answer("bán") != normalize_answer("bàn") != normalize_answer("ban")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Dịch <b>vụ</b> công</p>", "Dịch vụ công"),
        ("<p>Một</p><p>Hai</p>", "Một Hai"),
        ("Dòng 1<br>Dòng 2", "Dòng 1 Dòng 2"),
        ("H<sub>2</sub>O", "H2O"),
        ("A &amp; B &lt;C&gt; &#7897;", "A & B <C> ộ"),
        ("<p>&nbsp;</p>", ""),
        ("<script>alert(1)</script>Xin chào<style>p{}</style>", "Xin chào"),
        ("văn bản thường", "văn bản thường"),
    ],
)
def test_strip_html(html, text):
    assert strip_html(html) == text
