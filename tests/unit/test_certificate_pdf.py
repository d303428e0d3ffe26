"""The certificate PDF: A4 landscape, Vietnamese text intact, and a QR that decodes to its text."""

import io
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
import zxingcpp
from pypdf import PdfReader

from contest.certificates.pdf import CertificateFacts, render, vietnamese_date

VERIFY_URL = "https://chungnhan.example.gov.vn/verify/K7QM-3XPA-9HTW-R2DF"
CREDENTIAL = "eyJhbGciOiJFZERTQSIsImtpZCI6InByb3ZpbmNlIn0." + "x" * 420 + ".c2lnbmF0dXJl"


def make_facts(**changes) -> CertificateFacts:
    facts = CertificateFacts(
        code="K7QM-3XPA-9HTW-R2DF",
        person_name="Nguyễn Thị Ánh Tuyết",
        title="Đã hoàn thành khóa bồi dưỡng “Chuyển đổi số trong cơ quan nhà nước”",
        description="Chương trình bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã (40 tiết).",
        issued_on=date(2026, 12, 6),
        issuer_name="Sở Nội vụ tỉnh Quảng Trị",
        signer_name="Lê Văn Hưng",
        signer_title="Giám đốc",
        expires_on=date(2028, 12, 6),
        qr_text=VERIFY_URL,
        verify_url=VERIFY_URL,
    )
    return replace(facts, **changes)


def page_of(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0]


def test_the_page_is_a4_landscape():
    box = page_of(render(make_facts())).mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (297, 210)


def test_the_vietnamese_text_is_extracted_intact():
    text = page_of(render(make_facts())).extract_text()
    for expected in ("Nguyễn Thị Ánh Tuyết", "GIẤY CHỨNG NHẬN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "SỞ NỘI VỤ TỈNH QUẢNG TRỊ", "K7QM-3XPA-9HTW-R2DF",
                     "Ngày 6 tháng 12 năm 2026", "GIÁM ĐỐC", "Lê Văn Hưng",
                     "Hết hiệu lực từ ngày 6 tháng 12 năm 2028"):
        assert expected in text


def test_a_name_typed_with_combining_marks_is_printed_precomposed():
    typed = unicodedata.normalize("NFD", "Trần Đức Hiếu")
    assert "Trần Đức Hiếu" in page_of(render(make_facts(person_name=typed))).extract_text()


def test_without_expiry_no_expiry_line_is_printed():
    assert "Hết hiệu lực" not in page_of(render(make_facts(expires_on=None))).extract_text()


@pytest.mark.parametrize("qr_text", [VERIFY_URL, CREDENTIAL], ids=["url", "credential"])
def test_the_qr_image_decodes_to_exactly_the_qr_text(qr_text):
    images = page_of(render(make_facts(qr_text=qr_text))).images
    assert len(images) == 1
    decoded = zxingcpp.read_barcodes(images[0].image)
    assert [barcode.text for barcode in decoded] == [qr_text]


def test_a_long_name_and_title_still_fit_on_one_page():
    name = "Công Tằng Tôn Nữ Hoàng Thị Minh Nguyệt Thiên Hương Ánh Ngọc Phương Thảo"
    title = "Đã hoàn thành " + "chương trình bồi dưỡng chuyên sâu về chính quyền số " * 4
    text = page_of(render(make_facts(person_name=name, title=title))).extract_text()
    assert "Công Tằng Tôn Nữ" in text


def test_a_character_outside_vietnamese_uses_the_full_font():
    text = page_of(render(make_facts(person_name="Łukasz Żółć"))).extract_text()
    assert "Łukasz Żółć" in text


def test_the_same_facts_render_the_same_bytes():
    assert render(make_facts()) == render(make_facts())


def test_vietnamese_date():
    assert vietnamese_date(date(2026, 12, 6)) == "ngày 6 tháng 12 năm 2026"
