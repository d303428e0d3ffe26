"""Demo exams: a weekly public contest, an assessment for one-stop-shop officials, a practice."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from contest.core.db import utcnow
from contest.exams.models import (
    Assignment,
    DrawRule,
    Exam,
    ExamKind,
    ExamStatus,
    LeaderboardMode,
    Round,
)
from contest.exams.review_policy import default_policy
from question_bank.models import Category, QuestionBank

CONTEST_RULES = """<p>Cuộc thi dành cho mọi người dân có tài khoản trên hệ thống. Mỗi tuần là một đợt thi;
mỗi người được thi tối đa 3 lượt mỗi đợt, lượt có điểm cao nhất được tính.</p>
<ul><li>Mỗi lượt gồm 10 câu hỏi, làm trong 15 phút.</li>
<li>Xếp hạng theo điểm; nếu bằng điểm, người có dự đoán số người trả lời đúng tất cả các câu gần
đúng hơn xếp trên; sau đó đến thời gian làm bài ít hơn, rồi thời điểm nộp bài sớm hơn.</li>
<li>Giải thưởng mỗi tuần: 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 10 giải Khuyến khích.</li></ul>"""


def _category(session: Session, bank: QuestionBank, name: str) -> int:
    return session.exec(select(Category.id).where(Category.bank_id == bank.id, Category.name == name,
                                                  Category.parent_id.is_(None))).one()


def seed_demo_exams(session: Session, bank: QuestionBank, author_id: int, position_id: int) -> None:
    now = utcnow().replace(second=0, microsecond=0)
    monday = now - timedelta(days=now.weekday(), hours=now.hour, minutes=now.minute)
    contest = Exam(kind=ExamKind.contest, status=ExamStatus.published, created_by=author_id,
                   title="Cuộc thi trực tuyến tìm hiểu chính quyền điện tử và dịch vụ công trực tuyến",
                   rules_html=CONTEST_RULES, time_limit_seconds=15 * 60, attempts_allowed=3,
                   ask_prediction=True, leaderboard=LeaderboardMode.live, issues_certificate=True,
                   review_policy=default_policy("contest").to_dict(),
                   prize_tiers=[{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2},
                                {"name": "Giải Ba", "count": 3}, {"name": "Giải Khuyến khích", "count": 10}])
    assessment = Exam(kind=ExamKind.assessment, status=ExamStatus.published, created_by=author_id,
                      title="Sát hạch ứng dụng CNTT — Chuyên viên bộ phận một cửa năm 2026",
                      rules_html="<p>Kỳ sát hạch gồm 15 câu hỏi, làm trong 20 phút. Đạt khi được từ 50% số điểm.</p>",
                      time_limit_seconds=20 * 60, attempts_allowed=2, pass_ratio=0.5, issues_certificate=True,
                      review_policy=default_policy("assessment").to_dict())
    practice = Exam(kind=ExamKind.practice, status=ExamStatus.published, created_by=author_id,
                    title="Luyện tập: An toàn thông tin khi dùng dịch vụ công trực tuyến",
                    rules_html="<p>Làm bài để ôn tập; đáp án và giải thích hiện ngay sau mỗi câu.</p>",
                    attempts_allowed=50, review_policy=default_policy("practice").to_dict())
    session.add_all([contest, assessment, practice])
    session.flush()
    dvc, motcua = _category(session, bank, "Dịch vụ công trực tuyến"), _category(session, bank, "Một cửa điện tử")
    attt, tinhoc = _category(session, bank, "An toàn thông tin"), _category(session, bank, "Kỹ năng tin học văn phòng")
    cqs = _category(session, bank, "Chính quyền số và chuyển đổi số")
    # The practice exam shows answers at once: the contest draws none of its questions.
    rules = [
        (contest, dvc, "easy", 4), (contest, dvc, "medium", 2), (contest, motcua, "easy", 2), (contest, cqs, "easy", 2),
        (assessment, motcua, None, 5), (assessment, dvc, "medium", 5), (assessment, tinhoc, None, 5),
        (practice, attt, None, 10),
    ]
    session.add_all([DrawRule(exam_id=exam.id, position=i, bank_id=bank.id, category_id=cat,
                                   difficulty=diff, count=n, points=1.0)
                     for i, (exam, cat, diff, n) in enumerate(rules)])
    session.add_all([
        Round(exam_id=contest.id, name="Tuần 1", opens_at=monday - timedelta(days=7), closes_at=monday),
        Round(exam_id=contest.id, name="Tuần 2", opens_at=monday, closes_at=monday + timedelta(days=7)),
        Round(exam_id=assessment.id, name="Đợt sát hạch tháng này", opens_at=now - timedelta(days=1),
              closes_at=now + timedelta(days=30)),
        Round(exam_id=practice.id, name="Cả năm", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=365)),
        Assignment(exam_id=assessment.id, job_position_id=position_id),
    ])
    session.flush()
