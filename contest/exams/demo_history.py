"""Demo history: a past contest round and a past assessment round that people really took, so the
reports and the item analysis have something to say.

* About 320 citizens register in the demo's wards and communes (a phone number, some an email too,
  the demo password), unevenly: some communes turn out in force, others hardly at all.
* About three in four of them (from a half to all, by commune) sit the contest's past round
  "Tuần 1" over its seven days (more on the first and last days, in the mornings and evenings,
  Vietnam time), a third of them twice or three times; a few leave an attempt to time out. The round is then closed by the organiser's own
  service (``authoring.close_round``): final ranks, prizes and the collective standings stored.
* Answers follow a simple ability model: each citizen has an ability (their commune's mean plus
  their own), each question a difficulty (its level plus its own), and a question is answered
  right with probability ``logistic(ability - difficulty)``; a wrong answer picks a distractor
  (some distractors draw more than others), half a multiple-choice key, a near-miss number, a
  swapped pair; a few questions are skipped.
* **A deliberately mis-keyed question for the item analysis demo**: before the round an author
  edits "Ngày Chuyển đổi số quốc gia là ngày nào hằng năm?" and the edit is approved through
  review with the key on «Ngày 09 tháng 12» instead of «Ngày 10 tháng 10» (the true answer).
  Citizens who know the answer choose the true one and lose the point, so the key is chosen
  mostly by those who guess: the item's discrimination is negative, the sign of a wrong key.
* The demo assessment gets a past round, "Đợt sát hạch tháng trước", which eight of the ten
  one-stop officials ``canbo..@demo.vn`` sat (some pass, some fail; one who failed tried again);
  two did not sit it, nor did the README's official, whose round is the one open now.

Everything goes through the services a person's clicks use (start, save, submit, close, the
question editor and its review), each at a moment inside the round. The population, the
moments and the answers come from a seeded ``random.Random``; which questions an attempt gets is
the exam engine's own draw (its seed is random), so the exact figures vary a little between runs.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from contest.accounts.loader import Identity
from contest.accounts.models import JobPosition, Role, User
from contest.accounts.services import check_residence, is_valid_phone, normalize_phone
from contest.core.db import utcnow
from contest.exams.models import Attempt, Exam, ExamKind, Round
from contest.exams.services import attempts, authoring, draw_rules, saving
from question_bank.models import Question, QuestionBank, QuestionVersion
from question_bank.records import QuestionRecord
from question_bank.services import questions
from question_bank.services.published import version_record
from question_bank.types import get_type

SEED = 1410
CITIZENS = 320
CONTEST_ROUND = "Tuần 1"
PAST_ASSESSMENT, CURRENT_ASSESSMENT = "Đợt sát hạch tháng trước", "Đợt sát hạch tháng này"
#: The question mis-keyed on purpose, its true answer and the wrong key it was given.
MISKEYED_STEM = "Ngày Chuyển đổi số quốc gia là ngày nào hằng năm?"
TRUE_ANSWER, WRONG_KEY = "Ngày 10 tháng 10", "Ngày 09 tháng 12"
#: How hard the true answer is to know (about half the citizens do; the stronger, the likelier).
MISKEYED_DIFFICULTY = 0.6

FAMILY = ("Nguyễn",) * 8 + ("Trần",) * 3 + ("Lê",) * 3 + ("Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi",
                                                      "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Lâm", "Châu", "Mai")
MIDDLE = {"m": ("Văn", "Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Đức", "Tấn", "Công"),
          "f": ("Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Hồng")}
GIVEN = {"m": ("An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hòa", "Khang", "Khoa", "Lộc", "Long", "Nam",
               "Nghĩa", "Phong", "Phúc", "Quang", "Sang", "Tài", "Thành", "Thiện", "Toàn", "Trung", "Tú", "Vũ"),
         "f": ("Anh", "Châu", "Diễm", "Dung", "Giang", "Hạnh", "Hương", "Lan", "Linh", "Loan", "Mai", "Ngân",
               "Nhi", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thúy", "Trang", "Trinh", "Uyên", "Vy", "Yến")}
MOBILE_PREFIXES = ("032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
                   "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
                   "097", "098")
#: Vietnam time (UTC+7, no daylight saving); round windows are naive UTC.
VN_OFFSET = timedelta(hours=7)
#: Share of each day of the week's sittings (the round opens on Monday), and of each local hour.
DAY_WEIGHTS = (22, 15, 11, 9, 10, 13, 20)
HOUR_WEIGHTS = {6: 2, 7: 4, 8: 6, 9: 7, 10: 6, 11: 4, 12: 3, 13: 3, 14: 5, 15: 5, 16: 4, 17: 3, 18: 4,
                19: 7, 20: 9, 21: 8, 22: 4, 23: 1}
LEVEL = {"easy": -0.4, "medium": 0.4, "hard": 1.2}
SKIP = 0.03  #: share of questions left blank


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass
class Person:
    user: User
    ability: float
    #: (start, minutes spent, submitted by the person) of each sitting, in order
    sittings: list[tuple[datetime, float, bool]] = field(default_factory=list)


class Examinee:
    """Answers as a person of ``ability`` would, from a seeded stream of their own."""

    def __init__(self, seed: int, ability: float, rng: random.Random):
        self.seed, self.ability, self.rng = seed, ability, rng

    def knows(self, question_id: int, level: str) -> bool:
        """Right with probability logistic(slope x (ability - difficulty)): each question has its
        own difficulty about its level and its own slope (how sharply it tells people apart)."""
        item = random.Random(f"{self.seed}/q{question_id}")
        difficulty, slope = LEVEL.get(level, 0.0) + item.gauss(0, 0.6), item.uniform(1.3, 2.5)
        return self.rng.random() < logistic(slope * (self.ability - difficulty))

    def answer(self, question_id: int, level: str, record: QuestionRecord) -> dict[str, Any] | None:
        """The posted form of this person's answer to ``record`` (None: left blank)."""
        rng = self.rng
        if rng.random() < SKIP:
            return None
        if record.stem.strip() == MISKEYED_STEM:
            return self._miskeyed(record, rng.random() < logistic(2.5 * (self.ability - MISKEYED_DIFFICULTY)))
        kind = get_type(record.type)
        key = kind.answer_key(record)
        if self.knows(question_id, level):
            return kind.as_posted(key)
        wrong = self._wrong(question_id, record, key)
        return None if wrong is None else kind.as_posted(wrong)

    def _wrong(self, question_id: int, record: QuestionRecord, key: dict[str, Any]) -> dict[str, Any] | None:
        rng = self.rng
        if record.type == "single_choice":
            others = [c.key for c in record.choices if c.key != key["choice"]]
            pull = random.Random(f"{self.seed}/d{question_id}")  # how much each distractor attracts
            return {"choice": rng.choices(others, weights=[pull.random() + 0.2 for _ in others])[0]}
        if record.type == "multiple_choice":
            right, wrong = list(key["choices"]), [c.key for c in record.choices if c.key not in key["choices"]]
            picked = right[:-1] if len(right) > 1 and rng.random() < 0.6 else right + wrong[:1]
            return {"choices": picked or wrong[:1]}
        if record.type == "true_false":
            return {"value": not key["value"]}
        if record.type == "numeric":
            return {"value": key["value"] + max(1, abs(key["value"]) // 2)}
        if record.type == "short_answer":
            return {"text": rng.choice(("không rõ", "chưa biết", "cổng thông tin"))}
        if record.type == "matching" and len(key["pairs"]) > 1:
            lefts = list(key["pairs"])
            swapped = dict(key["pairs"])
            swapped[lefts[0]], swapped[lefts[1]] = key["pairs"][lefts[1]], key["pairs"][lefts[0]]
            return {"pairs": swapped}
        if record.type == "ordering":
            order = list(key["order"])
            order[0], order[1] = order[1], order[0]
            return {"order": order}
        return None

    def _miskeyed(self, record: QuestionRecord, knows: bool) -> dict[str, Any]:
        """Who knows picks the true answer (now graded wrong); who guesses favours the wrong key."""
        by_text = {c.text: c.key for c in record.choices}
        if knows:
            return {"choice": by_text[TRUE_ANSWER]}
        weights = [4 if c.text == WRONG_KEY else 1 for c in record.choices]
        return {"choice": self.rng.choices([c.key for c in record.choices], weights=weights)[0]}


def sit(session: Session, exam: Exam, round_: Round, person: User, examinee: Examinee, start: datetime,
        minutes: float, submits: bool, prediction: int | None = None) -> Attempt:
    """One sitting through the production services: start, an answer saved per question at its
    moment, then the submit (or nothing: the attempt times out and the close submits it)."""
    attempt = attempts.start_attempt(session, exam, round_, person, start)
    who = Identity(person.id, person.session_token)
    rows = attempts.questions_of(session, attempt)
    levels = dict(session.exec(select(Question.id, Question.difficulty)
                               .where(Question.id.in_([aq.question_id for aq in rows]))).all())
    for aq in rows:
        posted = examinee.answer(aq.question_id, levels[aq.question_id], version_record(session, aq.version_id))
        if posted is None:
            continue
        at = start + timedelta(minutes=minutes * (aq.position + 1) / (len(rows) + 1))
        saved = saving.save(session.connection(), attempt.id, aq.position, posted, who, at)
        if not isinstance(saved, saving.Saved):  # the demo's own answers always fit
            raise RuntimeError(f"demo answer refused: {saved}")
    if submits:
        attempts.submit(session, attempt, start + timedelta(minutes=minutes), prediction=prediction)
    return attempt


def _name(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def register_citizens(session: Session, org: dict, rng: random.Random, count: int,
                      registered_by: datetime) -> list[tuple[User, float]]:
    """``count`` citizens spread unevenly over the demo's communes and wards, each with their
    ability; residence and phone checked as registration checks them (the password hash is the
    demo citizen's: the same demo password, without hashing it once per person)."""
    communes = list(org["communes"])
    for unit in communes:
        check_residence(session, unit.id, org["province"])
    pull = [rng.paretovariate(1.6) for _ in communes]
    mean = [rng.gauss(0.5, 0.45) for _ in communes]
    password_hash = next(u for u in org["users"] if u.role == Role.citizen).password_hash
    taken = set(session.exec(select(User.phone).where(User.phone.is_not(None))).all())
    made = []
    for n in range(1, count + 1):
        where = rng.choices(range(len(communes)), weights=pull)[0]
        phone = None
        while phone is None or phone in taken or not is_valid_phone(phone):
            phone = normalize_phone(f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}")
        taken.add(phone)
        email = f"thisinh{n:03d}@demo.vn" if rng.random() < 0.25 else None
        user = User(full_name=_name(rng), phone=phone, email=email, role=Role.citizen, password_hash=password_hash,
                    unit_id=communes[where].id,
                    created_at=registered_by - timedelta(days=rng.uniform(1, 30)))
        made.append((user, rng.gauss(mean[where], 1.1)))
    session.add_all([user for user, _ability in made])
    session.flush()
    return made


def _moment(rng: random.Random, round_: Round, day: int | None = None) -> datetime:
    """A start time in the round: a weighted day of the week and local hour, minutes at random."""
    day = rng.choices(range(7), weights=DAY_WEIGHTS)[0] if day is None else day
    hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
    local_midnight = round_.opens_at + VN_OFFSET
    local_midnight = local_midnight.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=day)
    at = local_midnight + timedelta(hours=hour, minutes=rng.uniform(0, 59)) - VN_OFFSET
    return min(max(at, round_.opens_at + timedelta(minutes=5)), round_.closes_at - timedelta(minutes=40))


def schedule(rng: random.Random, round_: Round, person: Person, turnout: float, limit: int) -> None:
    """Whether and when the person sits the round: up to ``limit`` sittings, the later ones after
    the earlier (an hour to two days on), the last one sometimes left to time out."""
    if rng.random() >= turnout:
        return
    start = _moment(rng, round_)
    tries = 1 + (rng.random() < 0.27) + (rng.random() < 0.09)
    for n in range(min(tries, limit)):
        if start + timedelta(minutes=40) > round_.closes_at:
            break
        minutes = max(2.5, min(14.5, rng.gauss(9.5 - person.ability, 2.5)))
        timed_out = n == tries - 1 and rng.random() < 0.03
        person.sittings.append((start, minutes, not timed_out))
        start += timedelta(hours=rng.uniform(1, 48))


def _miskey(session: Session, bank: QuestionBank, author: User, reviewer: User) -> Question:
    """An author's slip, approved in review: the mis-keyed question's key moves to the wrong date."""
    question = session.exec(select(Question).join(QuestionVersion, QuestionVersion.id == Question.published_version_id)
                            .where(Question.bank_id == bank.id, QuestionVersion.stem == MISKEYED_STEM)).one()
    record = questions.record_of(session, question)
    for choice in record.choices:
        choice.fraction = 1.0 if choice.text == WRONG_KEY else 0.0
    positions, fields = questions.targets(session, question)
    questions.update_question(session, question, author, record, lock=question.lock,
                              category_id=question.category_id, position_ids=positions, field_ids=fields)
    questions.submit_for_review(session, question, question.lock)
    questions.review(session, bank, question, reviewer, approve=True, comment="", lock=question.lock)
    return question


def _exam_round(session: Session, kind: ExamKind, name: str) -> tuple[Exam, Round] | tuple[None, None]:
    """The demo exam of ``kind`` with a round called ``name``, and that round."""
    found = session.exec(select(Exam, Round).join(Round, Round.exam_id == Exam.id)
                         .where(Exam.kind == kind, Round.name == name).order_by(Round.id)).first()
    return found if found is not None else (None, None)


def seed_contest_history(session: Session, org: dict, bank: QuestionBank, rng: random.Random,
                         citizens: int, now: datetime) -> dict[str, Any]:
    """Register the citizens, mis-key the demo question, play the round "Tuần 1", close it."""
    exam, round_ = _exam_round(session, ExamKind.contest, CONTEST_ROUND)
    owner = next(u for u in org["users"] if u.id == bank.owner_id)
    reviewer = next(u for u in org["users"] if u.role == Role.trainer and u.id != owner.id)
    miskeyed = _miskey(session, bank, owner, reviewer)
    draw_rules.forget(exam.id)
    people = [Person(user, ability) for user, ability in register_citizens(session, org, rng, citizens,
                                                                           round_.opens_at)]
    turnout = {unit.id: rng.uniform(0.55, 1.0) for unit in org["communes"]}
    for person in people:
        schedule(rng, round_, person, turnout[person.user.unit_id], exam.attempts_allowed)
    sittings = sorted((start, n, minutes, submits, i) for i, person in enumerate(people)
                      for n, (start, minutes, submits) in enumerate(person.sittings))
    examinees = {i: Examinee(SEED, person.ability, random.Random(f"{SEED}/p{i}")) for i, person in enumerate(people)}
    for start, _n, minutes, submits, i in sittings:
        guess = max(0, int(rng.gauss(40, 20)))
        sit(session, exam, round_, people[i].user, examinees[i], start, minutes, submits, guess)
        people[i].user.last_login_at = start
    authoring.close_round(session, round_, now)
    return {"round": round_, "citizens": [p.user for p in people], "miskeyed": miskeyed,
            "attempts": len(sittings)}


def seed_assessment_history(session: Session, now: datetime) -> dict[str, Any]:
    """A past round of the demo assessment: eight one-stop officials sat it, one of them twice."""
    exam, _current = _exam_round(session, ExamKind.assessment, CURRENT_ASSESSMENT)
    opens = (now - timedelta(days=40)).replace(hour=1, minute=0, second=0, microsecond=0)
    round_ = authoring.add_round(session, exam, PAST_ASSESSMENT, opens, opens + timedelta(days=30))
    one_stop = session.exec(select(JobPosition.id).where(JobPosition.name == "Chuyên viên bộ phận một cửa")).one()
    staff = list(session.exec(select(User).where(User.job_position_id == one_stop, User.email.like("canbo%"))
                              .order_by(User.email)))
    rng = random.Random(f"{SEED}/assessment")
    #: ability of each official in account order; None: did not sit it
    abilities = (2.2, -1.8, 1.6, 2.6, None, -2.0, 1.9, -1.2, None, 2.4)
    sat = []
    for n, (official, ability) in enumerate(zip(staff, abilities, strict=False)):
        if ability is None:
            continue
        examinee = Examinee(SEED, ability, random.Random(f"{SEED}/a{n}"))
        start = opens + timedelta(days=2 + 2 * n, hours=rng.uniform(1, 8))
        sit(session, exam, round_, official, examinee, start, rng.uniform(9, 18), True)
        if n == 1:  # failed, studied, and passed the second time
            better = Examinee(SEED, 2.5, random.Random(f"{SEED}/a{n}/2"))
            sit(session, exam, round_, official, better, start + timedelta(days=6), 15, True)
        sat.append(official)
    authoring.close_round(session, round_, now)
    return {"round": round_, "sat": sat}


def seed_demo_history(session: Session, org: dict, bank: QuestionBank, *, citizens: int = CITIZENS,
                      now: datetime | None = None) -> dict[str, Any]:
    """Add the demo's history (see the module); does nothing when "Tuần 1" is closed already."""
    now = now or utcnow()
    _exam, round_ = _exam_round(session, ExamKind.contest, CONTEST_ROUND)
    if round_ is None or round_.finalized_at is not None:
        return {}
    rng = random.Random(SEED)
    contest = seed_contest_history(session, org, bank, rng, citizens, now)
    return {"contest": contest, "assessment": seed_assessment_history(session, now)}
