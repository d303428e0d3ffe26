"""The item analysis of an exam: a mis-keyed question (those who do well elsewhere get it
"wrong") is flagged, the bank marks it, the exports open; who may see it; the CLI."""

import csv
import io
import json
from datetime import timedelta

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.core.db import utcnow
from contest.exams.models import Round
from contest.exams.services import results
from contest.exams.services.attempts import questions_of, start_attempt, submit
from contest.reports.services.item_data import item_report, refresh_flags
from question_bank.models import Question, QuestionFlag
from question_bank.services.published import version_record
from tests.support.sitting import answer

MISKEYED = "Câu hỏi số 5?"
#: Person k answers question j (stems 1..4) right when k >= THRESHOLDS[j].
THRESHOLDS = {"Câu hỏi số 1?": 2, "Câu hỏi số 2?": 4, "Câu hỏi số 3?": 6, "Câu hỏi số 4?": 8}


def sit(session, exam, round_, user, ability: int):
    """Answer as a person of ``ability`` (0..11): the four sound questions by threshold; the
    mis-keyed one, the strong (ability >= 6) pick another option, the weak the keyed one."""
    now = utcnow()
    attempt = start_attempt(session, exam, round_, user, now)
    for aq in questions_of(session, attempt):
        record = version_record(session, aq.version_id)
        good = ability < 6 if record.stem == MISKEYED else ability >= THRESHOLDS[record.stem]
        key = next(c.key for c in record.choices if (c.fraction > 0) == good)
        answer(session, attempt, aq.position, {"choice": key}, user, now)
    submit(session, attempt, now + timedelta(seconds=30))
    session.commit()
    return attempt


@pytest.fixture
def analysed(factory, session):
    """A contest of five questions sat by twelve people of abilities 0..11."""
    exam, round_ = factory.exam("contest", questions=5, opens=utcnow() - timedelta(hours=2))
    factory.commit()
    for ability in range(12):
        sit(session, exam, round_, factory.user(role=Role.citizen), ability)
    return exam, round_


def flagged(report):
    return {info.label: [f.reason.value for f in item.flags] for info, item in report.items()}


def test_the_miskeyed_question_has_a_negative_discrimination(analysed, session):
    exam, _round = analysed
    report = item_report(session, exam)
    assert report.analysis.test.people == 12
    reasons = flagged(report)
    assert reasons[MISKEYED] == ["negative_discrimination"]
    assert all(reasons[stem] == [] for stem in THRESHOLDS)
    miskeyed = next(item for info, item in report.items() if info.label == MISKEYED)
    assert miskeyed.facility == 0.5 and miskeyed.discrimination < -50
    # the options: the keyed one picked by the bottom third only
    info = next(i for i in report.infos if i.label == MISKEYED)
    counts = {c.option: c for c in report.distractors[info.version_id]}
    keyed = next(o.key for o in info.options if o.correct)
    assert (counts[keyed].overall, counts[keyed].top, counts[keyed].bottom) == (6, 0, 4)


def test_the_trainer_sees_the_flag_and_the_bank_marks_the_question(analysed, web, factory, session):
    exam, _round = analysed
    web.login(session.get(User, exam.created_by))
    page = web.get(f"/reports/exams/{exam.id}/items")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "cần xem lại" in text and "Độ phân biệt âm" in text and 'role="region"' in text
    # the page stored the flags for the bank
    flags = session.exec(select(QuestionFlag).where(QuestionFlag.exam_id == exam.id)).all()
    assert [f.reason for f in flags] == ["negative_discrimination"]
    bank_id = session.get(Question, flags[0].question_id).bank_id
    session.rollback()
    listing = web.get(f"/bank/{bank_id}").get_data(as_text=True)
    assert listing.count("cần xem lại") == 1
    assert f'/reports/exams/{exam.id}/items#v{flags[0].version_id}' in listing
    question = web.get(f"/bank/{bank_id}/questions/{flags[0].question_id}").get_data(as_text=True)
    assert "cần xem lại" in question and "Độ phân biệt âm" in question


def test_the_round_filter_renders_a_fragment_for_htmx(analysed, web, session):
    exam, round_ = analysed
    web.login(session.get(User, exam.created_by))
    fragment = web.get(f"/reports/exams/{exam.id}/items?round={round_.id}", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and 'id="item-analysis"' in text and "<html" not in text


def test_exports_open_in_a_spreadsheet(analysed, web, session):
    exam, _round = analysed
    web.login(session.get(User, exam.created_by))
    sheet = web.get(f"/reports/exams/{exam.id}/items.csv")
    assert sheet.status_code == 200 and "attachment;" in sheet.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(sheet.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Mã câu hỏi", "Phiên bản", "Câu hỏi"] and len(rows) == 6
    assert any("Độ phân biệt âm" in row[-1] for row in rows[1:])
    book = web.get(f"/reports/exams/{exam.id}/items.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(book.get_data()))
    assert workbook.sheetnames == ["Toàn bài", "Câu hỏi", "Theo đợt", "Phương án"]
    assert workbook["Toàn bài"]["B2"].value == 12


@pytest.mark.parametrize("role", [Role.citizen, Role.official, Role.trainer])
def test_only_the_exams_manager_or_an_admin_may_see_it(analysed, web, factory, role):
    exam, _round = analysed
    person = factory.user(role=role)
    factory.commit()
    web.login(person)
    for suffix in ("", ".csv", ".xlsx"):
        assert web.get(f"/reports/exams/{exam.id}/items{suffix}").status_code == 403


def test_an_admin_may_see_it(analysed, web, factory):
    exam, _round = analysed
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    assert web.get(f"/reports/exams/{exam.id}/items").status_code == 200
    assert web.get("/reports/exams/999999/items").status_code == 404


def test_refresh_flags_replaces_the_exams_flags(analysed, session):
    exam, _round = analysed
    assert refresh_flags(session, exam.id) == 1
    assert refresh_flags(session, exam.id) == 1
    session.commit()
    assert len(session.exec(select(QuestionFlag).where(QuestionFlag.exam_id == exam.id)).all()) == 1


def test_finalizing_the_round_marks_the_bank(analysed, session):
    """The organiser's close (``results.finalize_round``) runs the analysis: no page visit needed."""
    exam, round_ = analysed
    assert session.exec(select(QuestionFlag).where(QuestionFlag.exam_id == exam.id)).all() == []
    results.finalize_round(session, session.get(Round, round_.id), utcnow())
    flags = session.exec(select(QuestionFlag).where(QuestionFlag.exam_id == exam.id)).all()
    assert [f.reason for f in flags] == ["negative_discrimination"]


def test_the_cli_analyses_a_round(analysed, runner):
    _exam, round_ = analysed
    result = runner.invoke(args=["reports", "items", "--round", str(round_.id), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["test"]["people"] == 12
    miskeyed = next(item for item in data["items"] if item["label"] == MISKEYED)
    assert [f["reason"] for f in miskeyed["flags"]] == ["negative_discrimination"]


def test_the_cli_analyses_a_score_file(runner, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("person,A,B,C\np1,1,1,1\np2,1,1,0\np3,1,0,\np4,0,0,0\n", encoding="utf-8")
    result = runner.invoke(args=["reports", "items", "--responses", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"]["people"] == 4 and data["test"]["people"] == 4
    items = {item["name"]: item for item in data["items"]}
    assert items["B"]["facility"] == 0.5 and items["C"]["responses"] == 3
    assert items["A"]["facility"] == 0.75


@pytest.mark.parametrize("content, message", [
    ("", "Tệp trống."),
    ("name,A\nx,1\n", "Dòng đầu phải là"),
    ("person,A,B\nx,1\n", "Dòng 2 có 2 ô, cần 3 ô"),
    ("person,A\nx,1.5\n", "Dòng 2, câu A: «1.5» không phải một số từ 0 đến 1."),
    ("person,A\nx,có\n", "không phải một số"),
    ("person,A\nx,1\nx,0\n", "mã người làm bài x bị trùng"),
])
def test_a_bad_score_file_gets_a_clear_message(runner, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["reports", "items", "--responses", str(path)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_the_cli_wants_a_round_or_a_file(runner):
    assert runner.invoke(args=["reports", "items"]).exit_code == 2
    missing = runner.invoke(args=["reports", "items", "--round", "999999"])
    assert missing.exit_code == 1 and "Không có đợt thi số 999999" in missing.output


def test_distractors_of_each_choice_type_match_the_pure_rule(factory, session):
    """Single choice, true/false and multiple choice counted by the database agree with
    ``item_analysis.distractors`` on the same responses (thirds by the attempt's score)."""
    from question_bank.records import Choice, QuestionRecord

    bank = factory.bank(is_public=True)
    factory.question(bank, publish=True)
    factory.question(bank, record=QuestionRecord(type="true_false", stem="Đúng hay sai?", correct=True),
                     publish=True)
    factory.question(bank, record=QuestionRecord(type="multiple_choice", stem="Chọn hai?", choices=[
        Choice(text="Một", fraction=0.5), Choice(text="Hai", fraction=0.5), Choice(text="Ba", fraction=-0.5)]),
        publish=True)
    exam, round_ = factory.exam("contest", questions=0, draw=3, bank=bank, opens=utcnow() - timedelta(hours=2))
    factory.commit()
    for n in range(9):
        person, now = factory.user(role=Role.citizen), utcnow()
        factory.commit()
        attempt = start_attempt(session, exam, round_, person, now)
        for aq in questions_of(session, attempt):
            record = version_record(session, aq.version_id)
            keys = [c.key for c in record.choices]
            if record.type == "true_false":
                data = {"value": "true" if n % 2 else "false"}
            elif record.type == "multiple_choice":
                data = {"choices": keys[: 1 + n % 3]}
            else:
                data = {"choice": keys[n % 4]} if n != 4 else None
            if data:
                answer(session, attempt, aq.position, data, person, now)
        submit(session, attempt, now + timedelta(seconds=30))
        session.commit()
    report = item_report(session, exam)
    assert {i.type for i in report.infos} == {"single_choice", "true_false", "multiple_choice"}
    from contest.exams.models import Attempt, AttemptQuestion
    from contest.reports.item_analysis import distractors

    for info in report.infos:
        rows = session.exec(select(AttemptQuestion.response, Attempt.score, Attempt.max_score, Attempt.id)
                            .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
                            .where(AttemptQuestion.version_id == info.version_id).order_by(Attempt.id)).all()
        picks = [[str(v).lower()] if r and "value" in r else (r.get("choices") or [r["choice"]] if r else [])
                 for r, *_ in rows for v in [(r or {}).get("value")]]
        expected = distractors(picks, [s / m for _r, s, m, _i in rows], [o.key for o in info.options])
        assert report.distractors[info.version_id] == expected, info.type
    tf = next(i for i in report.infos if i.type == "true_false")
    counts = {c.option: c.overall for c in report.distractors[tf.version_id]}
    assert counts == {"true": 4, "false": 5, None: 0}


def test_an_assessment_breaks_facility_down_by_position_and_field(factory, session, web):
    """Officials of two positions sit an assessment; the page shows each position's and
    field's mean score and facility per question."""
    from contest.exams.models import Assignment

    exam, round_ = factory.exam("assessment", questions=5, opens=utcnow() - timedelta(hours=2))
    clerk, head = factory.position("Văn thư"), factory.position("Trưởng phòng")
    land = factory.field("Đất đai")
    people = [(factory.user(role=Role.official, job_position_id=(head if n >= 6 else clerk).id,
                            field_id=land.id), n) for n in range(12)]
    for person, _n in people:
        factory.session.add(Assignment(exam_id=exam.id, user_id=person.id))
    factory.commit()
    for person, ability in people:
        sit(session, exam, round_, person, ability)
    report = item_report(session, exam)
    by_position = {name: (count, mean) for name, count, mean, _f in report.breakdowns[0].groups}
    assert by_position["Văn thư"][0] == 6 and by_position["Trưởng phòng"][0] == 6
    assert by_position["Trưởng phòng"][1] > by_position["Văn thư"][1]
    assert [name for name, *_ in report.breakdowns[1].groups] == ["Đất đai"]
    web.login(session.get(User, exam.created_by))
    page = web.get(f"/reports/exams/{exam.id}/items").get_data(as_text=True)
    assert "Theo vị trí việc làm" in page and "Trưởng phòng" in page and "Theo lĩnh vực" in page


def test_an_exam_nobody_sat_says_so(factory, web, session):
    exam, _round = factory.exam("contest", questions=2)
    factory.commit()
    web.login(session.get(User, exam.created_by))
    for url in (f"/reports/exams/{exam.id}/items", f"/reports/exams/{exam.id}/items?round=999999",
                f"/reports/exams/{exam.id}/items.xlsx", f"/reports/exams/{exam.id}/items.csv"):
        assert web.get(url).status_code == 200, url
    assert "Chưa có bài nộp nào để phân tích." in web.get(f"/reports/exams/{exam.id}/items").get_data(as_text=True)


def test_the_exam_and_round_pages_link_to_the_analysis(analysed, web, session):
    exam, round_ = analysed
    web.login(session.get(User, exam.created_by))
    assert f'href="/reports/exams/{exam.id}/items"' in web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)
    round_page = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert f'href="/reports/exams/{exam.id}/items?round={round_.id}"' in round_page


def test_visiting_again_writes_nothing_when_the_flags_are_unchanged(analysed, web, session, statements):
    exam, _round = analysed
    web.login(session.get(User, exam.created_by))
    web.get(f"/reports/exams/{exam.id}/items")
    statements.clear()
    web.get(f"/reports/exams/{exam.id}/items")
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "DELETE"))
                and "question_flag" in s]


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1e9", "", "%00", "None"])
def test_a_hostile_round_filter_shows_all_rounds(analysed, web, session, value):
    exam, _round = analysed
    web.login(session.get(User, exam.created_by))
    for suffix in ("", ".csv", ".xlsx"):
        assert web.get(f"/reports/exams/{exam.id}/items{suffix}", query_string={"round": value}).status_code == 200


def test_a_failing_analysis_does_not_undo_the_close(analysed, session, monkeypatch):
    """The flags are a by-product: if the analysis fails (here made to), the round still closes."""
    from contest.reports import hooks

    def broken(*_args):
        raise MemoryError("a pool too large for this machine")

    exam, round_ = analysed
    monkeypatch.setattr(hooks, "refresh_flags", broken)
    results.finalize_round(session, session.get(Round, round_.id), utcnow())
    session.commit()
    assert session.get(Round, round_.id).finalized_at is not None
    assert session.exec(select(QuestionFlag).where(QuestionFlag.exam_id == exam.id)).all() == []
