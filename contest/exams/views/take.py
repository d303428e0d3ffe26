"""Examinee views: an exam's rules page, start, the attempt (answers saved one by one with
htmx), submission, results and the public leaderboard.

No view commits: the request's commit point (``contest.core.web.errors.commit_point``) does, once,
after the view; the answer save writes on its own autocommit connection (``saving``)."""

from __future__ import annotations

import hmac
import logging
import secrets
import time

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from contest.accounts.loader import cookie_identity
from contest.core import db
from contest.core.db import utcnow
from contest.core.extensions import csrf, htmx
from contest.core.web.htmx import wants_partial
from contest.exams.models import (
    Attempt,
    AttemptStatus,
    Exam,
    ExamKind,
    ExamStatus,
    Round,
)
from contest.exams.review_policy import (
    ReviewPolicy,
    Visibility,
    default_policy,
    offers_wrong_answers_review,
    phase_for,
    visible,
)
from contest.exams.services import ExamError, attempts, results, saving
from contest.exams.services.catalog import confirms_start, current_round, may_see_page
from contest.exams.services.eligibility import is_eligible
from contest.exams.take_forms import (
    FlagForm,
    PredictionForm,
    StartForm,
    SubmitForm,
    prediction_required,
)
from contest.exams.timing import remaining_seconds, timer_display
from contest.exams.views.blueprint import bp
from question_bank.services.published import version_records
from question_bank.types import get_type

log = logging.getLogger(__name__)


def published_exam_or_404(exam_id: int) -> Exam:
    """An exam examinees may open: any but a draft (404 for a draft, as for a missing id)."""
    exam = db.session().get(Exam, exam_id)
    if exam is None or exam.status == ExamStatus.draft:
        abort(404)
    return exam


def own_attempt_or_404(attempt_id: int) -> Attempt:
    """The current user's attempt; anyone else's id is a 404 (and logged)."""
    attempt = db.session().get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        if attempt is not None:
            log.warning("user %s asked for attempt %s of user %s", current_user.id, attempt_id, attempt.user_id)
        abort(404)
    return attempt


def get_attempt_or_404(attempt_id: int) -> tuple[Attempt, Round, Exam]:
    """The current user's attempt with its round and exam."""
    attempt = own_attempt_or_404(attempt_id)
    round_ = db.session().get(Round, attempt.round_id)
    return attempt, round_, db.session().get(Exam, round_.exam_id)


def policy_of(exam: Exam) -> ReviewPolicy:
    return ReviewPolicy.from_dict(exam.review_policy) if exam.review_policy else default_policy(exam.kind.value)


@bp.get("/exams/<int:exam_id>")
def exam_page(exam_id: int):
    """The rules ("Thể lệ"), the round and time left, participants, and the start button.

    Public for contests and practice; an assessment's page is for its own people
    (``catalog.may_see_page``): a visitor is sent to sign in, anyone else gets 404. When
    attempts are limited (``catalog.confirms_start``), "Thi ngay" leads to ``?start=1``, the
    same page asking to confirm the attempt about to be used ("lượt 1/3").
    """
    exam = published_exam_or_404(exam_id)
    if not may_see_page(db.session(), exam, current_user if current_user.is_authenticated else None):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        abort(404)
    now = utcnow()
    round_ = current_round(db.session(), exam, now)
    context = {"exam": exam, "round": round_, "now": now, "form": StartForm(),
               "participants": results.participation(db.session(), round_)["people"] if round_ else 0}
    if current_user.is_authenticated and round_ is not None:
        mine = attempts.attempts_of(db.session(), round_, current_user)
        resume = any(a.status == AttemptStatus.in_progress for a in mine)
        # A visitor's "Thi ngay" (see start_intent) starts the first attempt or resumes one;
        # someone who has used attempts since is asked again, like anyone else.
        autostart = take_start_intent(round_.id, request.args.get("go")) and (resume or not mine)
        context.update(eligible=is_eligible(db.session(), exam, current_user), mine=mine, resume=resume,
                       autostart=autostart, confirm=confirms_start(exam),
                       confirming=request.args.get("start") == "1" or autostart)
    return render_template("exams/take/exam.html", **context)


#: How long a visitor's "Thi ngay" waits for them to sign in or register.
START_INTENT_SECONDS = 600


@bp.post("/exams/<int:exam_id>/rounds/<int:round_id>/intent")
@csrf.exempt  # checked below by the form: a failed check must still lead to sign-in
def start_intent(exam_id: int, round_id: int):
    """"Thi ngay" for a visitor: sign-in or registration follows, and the page it returns to
    starts the attempt by itself.

    The session remembers the round with a random code that only the return address carries,
    so the attempt starts only right after this visitor's own click on our page (a POST with
    this session's CSRF token) and their sign-in; a link from elsewhere, a later visit to the
    exam page, or a request older than ten minutes starts nothing. The start itself is the
    ordinary start view. Anything else (a stale page, a forged post) just goes to sign-in.
    """
    exam = published_exam_or_404(exam_id)
    round_ = db.session().get(Round, round_id)
    if round_ is None or round_.exam_id != exam.id:
        abort(404)
    back = url_for("exams.exam_page", exam_id=exam.id)
    if current_user.is_authenticated:
        return redirect(back)
    if StartForm().validate_on_submit():
        code = secrets.token_urlsafe(12)
        session["start_intent"] = [round_.id, int(time.time()), code]
        back = url_for("exams.exam_page", exam_id=exam.id, go=code)
    return redirect(url_for("accounts.register" if request.form.get("register") else "accounts.login", next=back))


def take_start_intent(round_id: int, code: str | None) -> bool:
    """Whether this request returns from this session's recent "Thi ngay" for ``round_id``
    (see ``start_intent``); answered once, then forgotten."""
    intent = session.get("start_intent")
    if not code or not (isinstance(intent, list) and len(intent) == 3 and intent[0] == round_id):
        return False
    del session["start_intent"]
    return hmac.compare_digest(str(intent[2]), code) and 0 <= time.time() - intent[1] <= START_INTENT_SECONDS


@bp.post("/exams/<int:exam_id>/rounds/<int:round_id>/start")
@login_required
def start(exam_id: int, round_id: int):
    exam = published_exam_or_404(exam_id)
    round_ = db.session().get(Round, round_id)
    if round_ is None or round_.exam_id != exam.id or not StartForm().validate_on_submit():
        abort(404)
    try:
        attempt = attempts.start_attempt(db.session(), exam, round_, current_user, utcnow())
    except IntegrityError:
        db.session().rollback()  # a concurrent start won the race: resume its attempt
        attempt = attempts.in_progress(db.session(), round_, current_user)
        if attempt is None:
            flash(_("Bạn đã dùng hết lượt thi của đợt này."), "error")
            return redirect(url_for("exams.exam_page", exam_id=exam.id))
    except ExamError as err:
        db.rollback_only()
        log.info("start refused for user %s round %s: %s", current_user.id, round_.id, err.message)
        flash(_(err.message), "error")
        return redirect(url_for("exams.exam_page", exam_id=exam.id))
    return redirect(url_for("exams.attempt_page", attempt_id=attempt.id))


def _closed_redirect(attempt):
    return redirect(url_for("exams.result", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt_page(attempt_id: int):
    """The whole attempt on one page, resumed exactly as saved."""
    attempt, round_, exam = get_attempt_or_404(attempt_id)
    now = utcnow()
    if attempts.close_if_expired(db.session(), attempt, now):
        return _closed_redirect(attempt)
    items = _items(exam, attempt)
    during = visible(policy_of(exam), "during")
    # Questions checked at once (and so locked) show their verdict again after a reload.
    checked = {aq.position: (get_type(record.type).grade(record, aq.response), record)
               for aq, _view, record in items if aq.closed and during.correctness}
    return render_template("exams/take/attempt.html", exam=exam, round=round_, attempt=attempt,
                           items=items, during=during, checked=checked, **_time_left(exam, attempt, now))


def _time_left(exam: Exam, attempt: Attempt, now) -> dict:
    """The countdown's seconds and how the time is shown (``timing.timer_display``)."""
    remaining = remaining_seconds(now, attempt.deadline)
    return {"remaining": remaining,
            "timer": timer_display(remaining, exam.time_limit_seconds, exam.kind == ExamKind.practice)}


def _items(exam, attempt):
    questions = attempts.questions_of(db.session(), attempt)
    records = version_records(db.session(), [aq.version_id for aq in questions])
    return [(aq, attempts.public_view(exam, attempt, aq, records[aq.version_id]), records[aq.version_id])
            for aq in questions]


@bp.post("/attempts/<int:attempt_id>/answers/<int:position>")
def save(attempt_id: int, position: int):
    """Save one answer (``saving.save``): the hot path of a contest, one guarded UPDATE in
    autocommit when the caches are warm, so the answer is durable before "saved" is shown.

    The person is not loaded (``cookie_identity``): the UPDATE itself checks that their session
    is current. htmx gets the question's status line and its palette mark; a plain POST is
    redirected back to the question. An overdue attempt is closed here, as its own step.
    """
    who = cookie_identity()
    if who is None:
        abort(401)
    now = utcnow()
    with db.autocommit() as connection:
        result = saving.save(connection, attempt_id, position, request.form, who, now)
    if isinstance(result, saving.Refused):
        if result.reason is saving.Refusal.not_found:
            log.warning("user %s: save to attempt %s position %s refused", who.user_id, attempt_id, position)
            abort(404)
        if result.reason is saving.Refusal.closed_overdue:  # closing it is a step of its own
            attempts.close_if_expired(db.session(), db.session().get(Attempt, attempt_id), now)
        log.info("save refused for attempt %s position %s: %s", attempt_id, position, result.reason.name)
    return _save_reply(attempt_id, position, result)


def _save_reply(attempt_id: int, position: int, result):
    """The reply to a save or a flag (``saving.Saved`` or ``saving.Refused``): htmx gets the
    question's status line and, once saved, its palette mark (out of band); a plain POST a
    redirect (and a flashed error)."""
    refused = isinstance(result, saving.Refused)
    error = _(result.message) if refused else None
    closed = refused and result.closed
    if not htmx:
        if error:
            flash(error, "error")
        target = "exams.result" if closed else "exams.attempt_page"
        return redirect(url_for(target, attempt_id=attempt_id) + ("" if closed else f"#q{position}"))
    # The macros of _marks.html called directly: no template context (Flask-Login's context
    # processor would load the person from the database) and no import of the macros per reply.
    marks = current_app.jinja_env.get_template("exams/take/partials/_marks.html").module
    if refused:
        return str(marks.save_status(attempt_id, position, None, error, closed, None, None,
                                     result.reason is saving.Refusal.locked))
    feedback = (result.verdict, result.record) if result.verdict is not None else None
    return (f"{marks.save_status(attempt_id, position, result, None, False, feedback, result.shown, result.locked)}\n"
            f"{marks.answered_mark(position, result.response is not None, oob=True)}")


@bp.post("/attempts/<int:attempt_id>/flags/<int:position>")
@login_required
def flag(attempt_id: int, position: int):
    """Mark a question to come back to; the palette shows it."""
    attempt = own_attempt_or_404(attempt_id)
    aq = attempts.question_at(db.session(), attempt, position)
    form = FlagForm()
    if aq is None or not form.validate_on_submit():
        abort(404)
    now, refused = utcnow(), None
    try:
        attempts.set_flag(db.session(), attempt, aq, bool(form.flagged.data), now)
    except attempts.AttemptClosed as err:
        refused = err
    if refused is not None and refused.overdue:
        attempts.close_if_expired(db.session(), attempt, now)  # its own step, after the refusal
    if refused is not None:
        reason = saving.Refusal.closed_overdue if refused.overdue else saving.Refusal.closed_submitted
        return _save_reply(attempt.id, position, saving.Refused(reason))
    if not htmx:
        return redirect(url_for("exams.attempt_page", attempt_id=attempt.id) + f"#q{position}")
    return render_template("exams/take/partials/_flag.html", attempt=attempt, aq=aq, oob_palette=True)


@bp.route("/attempts/<int:attempt_id>/submit", methods=["GET", "POST"])
@login_required
def submit(attempt_id: int):
    """Confirm (naming unanswered questions), then submit and score once."""
    attempt, round_, exam = get_attempt_or_404(attempt_id)
    now = utcnow()
    if attempts.close_if_expired(db.session(), attempt, now):
        return _closed_redirect(attempt)
    form = SubmitForm(prediction=attempt.prediction)  # the one saved as typed, if any
    ask = exam.kind == ExamKind.contest and exam.ask_prediction
    if form.validate_on_submit() and (not ask or prediction_required(form)):
        first = attempts.submit(db.session(), attempt, now, prediction=form.prediction.data if ask else None)
        if not first:
            log.info("repeated submit of attempt %s", attempt.id)
        return _closed_redirect(attempt)
    unanswered = [aq.position + 1 for aq in attempts.questions_of(db.session(), attempt) if aq.response is None]
    return render_template("exams/take/submit.html", exam=exam, attempt=attempt, form=form, ask=ask,
                           unanswered=unanswered, **_time_left(exam, attempt, now))


@bp.post("/attempts/<int:attempt_id>/prediction")
@login_required
def prediction(attempt_id: int):
    """Keep the contest's prediction the moment it is typed on the submit page (htmx, like an
    answer), so a submission by the server at the deadline keeps it."""
    attempt, round_, exam = get_attempt_or_404(attempt_id)
    if exam.kind != ExamKind.contest or not exam.ask_prediction:
        abort(404)
    form = PredictionForm()
    error, closed, overdue, now = None, False, False, utcnow()
    if not form.validate_on_submit():
        error = form.prediction.errors[0] if form.prediction.errors else _("Không lưu được dự đoán.")
    else:
        try:
            attempts.save_prediction(db.session(), attempt, form.prediction.data, now)
        except attempts.AttemptClosed as err:
            error, closed, overdue = _(err.message), True, err.overdue
    if overdue:
        attempts.close_if_expired(db.session(), attempt, now)  # its own step, after the refusal
    if not htmx:
        if error:
            flash(error, "error")
        return redirect(url_for("exams.result" if closed else "exams.submit", attempt_id=attempt.id))
    return render_template("exams/take/partials/_prediction_status.html", attempt=attempt,
                           error=error, closed=closed)


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):
    """What the review policy allows now: score, right/wrong, correct answers, explanations."""
    attempt, round_, exam = get_attempt_or_404(attempt_id)
    now = utcnow()
    attempts.close_if_expired(db.session(), attempt, now)
    if attempt.status != AttemptStatus.submitted:
        return redirect(url_for("exams.attempt_page", attempt_id=attempt.id))
    shown = shown_after_submit(exam, round_, now)
    items = _items(exam, attempt) if (shown.correctness or shown.correct_answers or shown.explanations) else []
    return render_template("exams/take/result.html", exam=exam, round=round_, attempt=attempt,
                           shown=shown, items=items, passed=results.passed(exam, attempt),
                           rank=results.public_rank(db.session(), exam, round_, current_user, now)
                           if exam.kind == ExamKind.contest and shown.score else None,
                           board_state=results.board_state(exam, round_, now),
                           review_wrong=exam.kind == ExamKind.practice and offers_wrong_answers_review(shown),
                           form=StartForm())


def shown_after_submit(exam: Exam, round_: Round, now) -> Visibility:
    """What the policy shows of a submitted attempt now (a finalized round counts as closed)."""
    phase = phase_for(round_.is_closed(now), True)
    return visible(policy_of(exam), phase)


@bp.post("/attempts/<int:attempt_id>/review-wrong")
@login_required
def review_wrong(attempt_id: int):
    """A practice attempt of the questions missed, when the policy shows which ones they are."""
    attempt, round_, exam = get_attempt_or_404(attempt_id)
    if not StartForm().validate_on_submit():
        abort(400)
    if not offers_wrong_answers_review(shown_after_submit(exam, round_, utcnow())):
        flash(_("Bài luyện tập này không cho biết câu nào sai, nên không thể ôn lại các câu sai."), "info")
        return _closed_redirect(attempt)
    try:
        new = attempts.start_wrong_answers_review(db.session(), exam, round_, attempt, current_user, utcnow())
    except ExamError as err:
        db.rollback_only()
        flash(_(err.message), "info")
        return _closed_redirect(attempt)
    return redirect(url_for("exams.attempt_page", attempt_id=new.id))


@bp.get("/exams/<int:exam_id>/rounds/<int:round_id>/leaderboard")
def leaderboard(exam_id: int, round_id: int):
    """The public ranking; hidden or frozen before the round ends when the exam says so."""
    exam = published_exam_or_404(exam_id)
    round_ = db.session().get(Round, round_id)
    if round_ is None or round_.exam_id != exam.id or exam.kind != ExamKind.contest:
        abort(404)
    state = results.board_state(exam, round_, utcnow())
    board = None if state.hidden else results.leaderboard(
        db.session(), round_, request.args.get("page", 1, type=int), until=state.frozen)
    template = "exams/take/partials/_board.html" if wants_partial() else "exams/take/leaderboard.html"
    return render_template(template, exam=exam, round=round_, board=board, hidden=state.hidden,
                           closed=state.closed, frozen=state.frozen, scores=board_shows_scores(exam, state.closed),
                           prizes=results.prizes(db.session(), round_) if round_.finalized_at else [],
                           units=results.unit_stats(db.session(), round_) if state.closed else [])


def board_shows_scores(exam: Exam, closed: bool) -> bool:
    """Whether the public board shows scores (and times): a contest that asks the prediction
    ("how many will answer every question correctly?") shows only ranks, names and units until
    the round has ended, since scores would let anyone count the full marks it asks about."""
    return closed or not exam.ask_prediction
