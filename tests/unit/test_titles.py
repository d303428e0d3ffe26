"""What a list calls a question: a real title, else the start of its text."""

import pytest

from question_bank.titles import is_placeholder_title, question_label, shorten


@pytest.mark.parametrize("title", ["", "  ", "GIFT1", "gift 12", "Q1", "q.3", "Question 4", "Câu 5",
                                   "Câu hỏi 12", "cau hoi 7", "Câu 3:", "Q10)"])
def test_empty_and_generated_titles_are_placeholders(title):
    assert is_placeholder_title(title)


@pytest.mark.parametrize("title", ["Mức độ 4", "Tra cứu hồ sơ", "Q&A về dịch vụ công", "Câu đố",
                                   "GIFT và Moodle", "Quyết định 1"])
def test_real_titles_are_kept(title):
    assert not is_placeholder_title(title)
    assert question_label(title, "<p>Nội dung</p>") == title


def test_a_placeholder_gives_way_to_the_start_of_the_text():
    stem = "<p>Cổng Dịch vụ công <strong>quốc gia</strong> do cơ quan nào quản lý?</p>"
    assert question_label("GIFT1", stem) == "Cổng Dịch vụ công quốc gia do cơ quan nào quản lý?"
    assert question_label("", stem) == "Cổng Dịch vụ công quốc gia do cơ quan nào quản lý?"


def test_a_long_text_is_cut_at_a_word_with_an_ellipsis():
    text = "Theo Luật Giao dịch điện tử năm 2023, chữ ký số được hiểu là gì và dùng để làm gì"
    label = shorten(text, 40)
    assert len(label) <= 40 and label.endswith("…")
    assert text.startswith(label[:-1]) and not text[len(label) - 1].isalnum()  # a whole word


def test_an_image_only_question_keeps_its_placeholder():
    assert question_label("GIFT3", '<p><img src="/bank/images/1" alt=""></p>') == "GIFT3"
