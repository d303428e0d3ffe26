"""``flask bank import|export|list``: JSON shapes, exit codes, and export -> import round trips."""

import json

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from question_bank.formats import FORMATS
from question_bank.models import BankImage, ImportLog, Question, QuestionBank
from question_bank.services.exporting import bank_records
from question_bank.services.importing import check_records, find_bank, store
from question_bank.textnorm import strip_html
from question_bank.types import QUESTION_TYPES
from tests.bench.import_bench import mixed_records
from tests.web.test_bank import PNG

GOOD = """$CATEGORY: Một cửa

::A:: Hồ sơ được tiếp nhận ở bộ phận một cửa? {T}

::B:: Tra cứu hồ sơ bằng gì? {=Mã hồ sơ ~Số điện thoại của cán bộ}
"""
BAD = GOOD + "\n::C:: Câu lỗi {=Thiếu dấu đóng\n"


@pytest.fixture
def admin(factory):
    user = factory.user(role=Role.admin, full_name="Quản Trị")
    factory.commit()
    return user


def invoke(runner, *args):
    return runner.invoke(args=["bank", *map(str, args)])


def count(session, model):
    session.expire_all()
    return len(session.exec(select(model)).all())


def test_import_json_shape_and_bank_named_after_the_file(runner, admin, session, tmp_path):
    path = tmp_path / "Một cửa điện tử.gift"
    path.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "import", path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"format", "questions", "by_type", "categories", "skipped", "errors",
                           "imported"}
    assert report["format"] == "gift" and report["questions"] == 2 and report["imported"] is True
    assert set(report["by_type"]) == set(QUESTION_TYPES) and report["by_type"]["true_false"] == 1
    assert report["categories"] == 1 and report["errors"] == [] and report["skipped"] == []
    bank = find_bank(session, "một cửa điện tử")
    assert bank.owner_id == admin.id and count(session, Question) == 2
    assert session.exec(select(ImportLog)).one().user_id == admin.id


def test_invalid_item_fails_and_imports_nothing(runner, admin, session, tmp_path):
    path = tmp_path / "loi.gift"
    path.write_text(BAD, encoding="utf-8")
    result = invoke(runner, "import", path, "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["imported"] is False and report["questions"] == 2
    assert report["errors"] == [{"line": 7, "message": "Thiếu dấu '}' đóng phần đáp án."}]
    assert count(session, Question) == 0 and count(session, QuestionBank) == 0


def test_skip_invalid_imports_the_rest(runner, admin, session, tmp_path):
    path = tmp_path / "loi.gift"
    path.write_text(BAD, encoding="utf-8")
    result = invoke(runner, "import", path, "--skip-invalid", "--publish", "--bank", "Ngân hàng A")
    assert result.exit_code == 0 and "Imported 2 questions" in result.output
    assert {q.published_version_id is not None for q in session.exec(select(Question))} == {True}


def test_dry_run_imports_nothing(runner, admin, session, tmp_path):
    path = tmp_path / "thu.gift"
    path.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "import", path, "--dry-run", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["imported"] is False
    assert count(session, Question) == 0 and count(session, QuestionBank) == 0


def test_unreadable_file_and_misleading_name(runner, admin, session, tmp_path):
    broken = tmp_path / "hong.xml"
    broken.write_bytes(b"<?xml version='1.0'?><quiz><question>")
    result = invoke(runner, "import", broken, "--json")
    assert result.exit_code == 1 and "lỗi cú pháp" in json.loads(result.output)["errors"][0]["message"]
    disguised = tmp_path / "that-ra-la-gift.xlsx"
    disguised.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "import", disguised, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["format"] == "gift"


def test_import_without_an_admin_fails_clearly(runner, app, tmp_path):
    path = tmp_path / "a.gift"
    path.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "import", path)
    assert result.exit_code == 1 and "No active administrator" in result.output


def test_list_json(runner, admin, factory, session):
    bank = factory.bank(owner=admin, name="Danh sách")
    factory.question(bank, publish=True)
    factory.commit()
    result = invoke(runner, "list", "--json")
    assert result.exit_code == 0
    (row,) = json.loads(result.output)
    assert row["name"] == "Danh sách" and (row["questions"], row["published"]) == (1, 1)
    assert set(row) == {"name", "questions", "published", "categories", "by_type"}
    assert set(row["by_type"]) == set(QUESTION_TYPES) and row["by_type"]["single_choice"] == 1


def test_export_to_stdout_and_xlsx_needs_a_file(runner, admin, factory):
    bank = factory.bank(owner=admin, name="Xuất")
    factory.question(bank)
    factory.commit()
    result = invoke(runner, "export", "Xuất", "--format", "gift")
    assert result.exit_code == 0 and "Dịch vụ công trực tuyến mức độ 4" in result.stdout
    assert invoke(runner, "export", "Xuất", "--format", "xlsx").exit_code == 2
    assert invoke(runner, "export", "Không có", "--format", "gift").exit_code == 1


def signature(record, fmt):
    """What a round trip must keep; Aiken carries no categories or metadata."""
    full = fmt != "aiken"
    return (record.type, strip_html(record.stem),
            [(strip_html(c.text), round(c.fraction, 4)) for c in record.choices], record.correct,
            [(n.value, n.tolerance, n.low, n.high) for n in record.numeric],
            [(strip_html(p.left), strip_html(p.right)) for p in record.pairs],
            [strip_html(i.text) for i in record.items],
            (record.category, record.difficulty, sorted(record.tags), record.positions,
             record.fields) if full else None)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_round_trips(runner, admin, factory, session, tmp_path, fmt):
    position, field = factory.position("Văn thư"), factory.field("Tư pháp")
    bank = factory.bank(owner=admin, name="Gốc")
    records = mixed_records(16, fmt)
    for record in records[::3]:
        record.positions, record.fields = [position.name], [field.name]
    store(session, bank, admin, check_records(session, records).ready, publish=False)
    factory.commit()
    path = tmp_path / f"goc.{fmt}"
    assert invoke(runner, "export", "Gốc", "--format", fmt, "-o", path).exit_code == 0
    result = invoke(runner, "import", path, "--bank", "Bản sao", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["questions"] == 16
    copy = find_bank(session, "Bản sao")
    before = sorted(signature(r, fmt) for r in bank_records(session, bank))
    after = sorted(signature(r, fmt) for r in bank_records(session, copy))
    assert len(before) == 16 and after == before


def test_moodle_xml_round_trip_carries_images(runner, admin, factory, session, tmp_path):
    from question_bank.services.images import store_image
    from tests.conftest import single_choice

    bank = factory.bank(owner=admin, name="Có ảnh")
    image = store_image(session, bank, "so-do.png", PNG, 10_000, admin.id)
    factory.question(bank, record=single_choice(stem=f'<p>Sơ đồ <img src="/bank/images/{image.id}" alt=""></p>'))
    factory.commit()
    path = tmp_path / "anh.xml"
    invoke(runner, "export", "Có ảnh", "--format", "moodle-xml", "-o", path)
    assert "@@PLUGINFILE@@/" in path.read_text(encoding="utf-8")
    assert invoke(runner, "import", path, "--bank", "Bản sao ảnh").exit_code == 0
    copy = find_bank(session, "Bản sao ảnh")
    new_image = session.exec(select(BankImage).where(BankImage.bank_id == copy.id)).one()
    (record,) = bank_records(session, copy)
    assert new_image.data == PNG and f'src="/bank/images/{new_image.id}"' in record.stem


def test_import_obeys_the_deployments_question_cap(runner, admin, app, session, tmp_path):
    app.config["IMPORT_MAX_QUESTIONS"] = 1
    path = tmp_path / "hai-cau.gift"
    path.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "import", path, "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["imported"] is False and "1" in report["errors"][0]["message"]
    assert count(session, Question) == 0 and count(session, QuestionBank) == 0
