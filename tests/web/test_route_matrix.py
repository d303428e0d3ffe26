"""The permission matrix of EVERY route, read from ``app.url_map`` (nothing listed by hand can be
forgotten: a new route fails ``test_every_route_is_classified`` until it is put in a class below).

Classes:

* ``PUBLIC``: open to anonymous visitors, each with the reason why that is safe.
* ``SIGNED_IN``: any signed-in person (``login_required``); those that act on one person's own
  attempt are also in ``OWN_ATTEMPT`` and answer 404 to everyone else.
* ``GUARDED``: views wearing ``roles_required`` (``allowed_roles``), with the roles expected.

URLs are built from the rules themselves with the ids of REAL objects (a bank with a published
question and an image, a contest with a round and another person's attempt, an assessment, a
unit, a position, a field, an official), so a 404 can never stand in for a missing permission
check: anonymous must get the login page (302) or 401 even though the object exists.
"""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.access import STAFF
from contest.accounts.models import Role, User
from contest.certificates.models import CertificateKind
from contest.certificates.province import issuing_context
from contest.certificates.services import issuing
from contest.core.db import utcnow
from contest.exams.models import ExamStatus
from contest.exams.services import attempts
from contest.sharing import services as sharing
from contest.training.models import (
    Course,
    CourseMaterial,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Programme,
)
from question_bank.models import Question
from question_bank.services.banks import create_category
from question_bank.services.images import store_image
from tests.conftest import single_choice

ADMIN = (Role.admin,)

#: endpoint -> why an anonymous visitor may use it.
PUBLIC = {
    "static": "CSS, JS, vendored htmx and icons: public files, no data.",
    "main.home": "The landing page lists open public contests; signed-in people get their "
                 "role's home from the same view.",
    "main.healthz": "Load-balancer probe; answers {'status': 'ok'} and nothing else.",
    "accounts.login": "Signing in must be reachable signed out (rate limited, CSRF on POST).",
    "accounts.register": "Citizens register themselves (rate limited, CSRF on POST).",
    "accounts.session_state": "Seconds left in one's own session (0 when signed out); GET, reads "
                              "nothing else and never extends the session.",
    "accounts.logout": "POST only and CSRF-checked; signing out a signed-out session changes "
                       "nothing.",
    "exams.exam_page": "The rules page ('Thể lệ') of a published contest or practice invites people "
                       "to sign in and take part; drafts answer 404 and an assessment's page is for "
                       "its assigned officials and staff: anonymous visitors are sent to sign in, "
                       "other people get 404 (tested below); starting needs sign-in.",
    "exams.start_intent": "A visitor's 'Thi ngay': a POST whose form checks CSRF; it remembers the "
                          "round in the visitor's own session only when the token is valid, and "
                          "always sends them to sign in; nothing starts before they are signed "
                          "in (the ordinary start view).",
    "exams.leaderboard": "A contest's public ranking (names, units, scores): the product publishes "
                         "it; other exam kinds answer 404 (tested below), and the exam's "
                         "leaderboard mode can hide it until the round closes.",
    "certificates.verify": "A certificate's public check: only the name, what, date, issuer and "
                           "status (no contact, unit tree or revocation reason); unknown and "
                           "malformed codes answer 404 and count against a per-address limit.",
    "certificates.verify_form": "A GET form that sends a typed code to its verify page.",
    "certificates.jwks": "The province's public keys (JWKS), for offline verifiers.",
    "certificates.status_list": "The signed revocation bitstring: indexes only, no names.",
    "certificates.signing_certificate": "The PDF signing certificate: a public certificate.",
    "certificates.key_page": "The printable page of the public key's fingerprints.",
    "reports.public_statistics": "What the organising committee publishes of a contest that is "
                                 "not a draft: participation per locality and per day, winners "
                                 "once final (names and units, as the leaderboard shows them); "
                                 "other exam kinds and drafts answer 404.",
    "accounts.forgot_password": "Whoever forgot their password cannot sign in; the answer is the "
                                "same for any address (no enumeration), limited per typed address.",
    "accounts.reset_with_code": "The code sent to the phone is the proof; limited per phone, and "
                                "five wrong codes cancel that reset.",
    "accounts.reset_password": "The single-use 256-bit token of the e-mailed link is the proof; "
                               "an unknown one gets the 'expired or used' page.",
    "accounts.confirm_link": "The token of the confirmation e-mail is the proof; GET only shows "
                             "a button (a mail scanner confirms nothing).",
    "accounts.confirm_code": "The code sent to the phone is the proof; limited per phone.",
    "accounts.external_login": "Starts the sign-in at the configured OpenID Connect provider "
                               "(a redirect with state, nonce and PKCE); 404 when none is set.",
    "accounts.external_callback": "The provider's answer; accepted only with this session's "
                                  "state, and the ID token is checked (issuer, audience, nonce).",
    "accounts.external_register": "Completes a registration only with a provider answer this "
                                  "session received in the last 15 minutes; else back to login.",
    "accounts.two_step_login": "The second step of a sign-in: only a session that proved the "
                               "password in the last 5 minutes gets past it; failures limited "
                               "per account.",
    "notifications.unsubscribe": "One-click unsubscribe from a message (RFC 8058): the signed "
                                 "token names the person and the topic; a forged one changes "
                                 "nothing.",
    "sharing.share": "A contest's share link only redirects to its public page; a personal code "
                     "marks this visitor's referral, checked again at registration.",
    "sharing.qr_svg": "The QR of a public share link.",
    "sharing.qr_png": "The printable QR of a public share link.",
}

#: Public GETs that answer a visitor with nothing in their session otherwise than 200.
PUBLIC_GET_STATUS = {
    # The tests' app configures no OpenID Connect provider: the routes are not there (404).
    "accounts.external_login": 404, "accounts.external_callback": 404,
    "accounts.external_register": 404,
    # No sign-in waiting for its second step: back to the login page.
    "accounts.two_step_login": 302,
    # The world's token is forged: its Vietnamese page says the link is not valid.
    "notifications.unsubscribe": 400,
    # A share link is a redirect to the contest's public page.
    "sharing.share": 302,
}

#: endpoint -> why any signed-in person may reach the view (objects are checked inside).
SIGNED_IN = {
    "accounts.profile": "One's own profile (current_user only).",
    "accounts.change_password": "One's own password (current_user only).",
    "accounts.session_ping": "Keeps one's own session alive; returns 204.",
    "accounts.logout_everywhere": "Ends one's own sessions on every device; POST and CSRF only.",
    "bank.image": "Images of published questions are shown on examinee pages of every exam kind, "
                  "so every signed-in person may load them; any other image only the bank's "
                  "owner, reviewers and admins (404 for others); anonymous visitors never "
                  "(tested here and in test_answer_key_leaks.py).",
    "exams.start": "Starting checks eligibility in the service (kind, assignment, bank audience).",
    "exams.attempt_page": "Own attempt only (OWN_ATTEMPT).",
    "exams.save": "Own attempt only; checked inside the guarded UPDATE (OWN_ATTEMPT).",
    "exams.flag": "Own attempt only (OWN_ATTEMPT).",
    "exams.submit": "Own attempt only (OWN_ATTEMPT).",
    "exams.result": "Own attempt only (OWN_ATTEMPT).",
    "exams.review_wrong": "Own attempt only (OWN_ATTEMPT).",
    "exams.prediction": "Own attempt only, of a contest that asks the prediction (OWN_ATTEMPT).",
    "training.mine": "One's own classes, sessions and materials (current_user only).",
    "training.join": "Enrolls oneself; the service refuses anyone but an active official, and "
                     "any course that is not open for self-enrollment (drafts 404).",
    "training.leave": "Withdraws oneself only (current_user's own enrollment).",
    "training.checkin": "A scanned QR's page: marks the signed-in person present only when they "
                        "hold a seat in the course and the code is the session's current one "
                        "(tested in test_training_attendance.py); others get a message.",
    "training.my_record": "One's own training record (current_user only).",
    "training.my_record_export": "One's own training record as .xlsx/.csv (current_user only).",
    "training.material": "A course material: the course's runners and its enrolled officials only "
                         "(``courses.may_download``), 404 for anyone else (tested in "
                         "test_training_courses.py).",
    "certificates.mine": "One's own certificates (current_user only).",
    "certificates.view": "A certificate's page: its owner, admins and the staff who run its course "
                         "or exam or issued it (``certificates.access.may_see``); 404 for anyone "
                         "else, as for an unknown code (tested in test_certificates_views.py).",
    "certificates.pdf": "Its signed PDF, with the page's access (a revoked one: staff only).",
    "accounts.external_link": "Links the provider's subject to one's own account; POST, CSRF.",
    "accounts.external_unlink": "Unlinks one's own account; refused without a usable password.",
    "notifications.preferences": "One's own channels and topics (current_user only).",
    "sharing.my_spread": "One's own personal share links and referral counts.",
}

#: Signed-in endpoints about one attempt: anyone but its owner gets 404 (nothing is revealed).
OWN_ATTEMPT = {"exams.attempt_page", "exams.save", "exams.flag", "exams.submit", "exams.result",
               "exams.review_wrong", "exams.prediction"}

#: endpoint -> the roles ``roles_required`` must admit (all others get 403).
GUARDED = {
    **{endpoint: ADMIN for endpoint in (
        "admin.index", "admin.units", "admin.unit", "admin.unit_rename", "admin.unit_move",
        "admin.unit_active", "admin.positions", "admin.fields", "admin.catalog_item",
        "admin.catalog_rename", "admin.catalog_active", "admin.users", "admin.user_active",
        "admin.user_new", "admin.users_import", "admin.import_template", "admin.user_edit",
        "admin.user_password", "admin.import_passwords")},
    **{endpoint: STAFF for endpoint in (
        "bank.index", "bank.settings", "bank.categories", "bank.questions", "bank.bulk",
        "bank.new_question", "bank.edit_question", "bank.preview", "bank.question", "bank.history",
        "bank.workflow", "bank.review", "bank.import_file", "bank.import_confirm",
        "bank.import_template", "bank.export_file", "bank.review_queue", "bank.review_batch")},
    **{endpoint: STAFF for endpoint in (
        "exams.manage", "exams.manage_new", "exams.manage_exam", "exams.manage_settings",
        "exams.manage_publish", "exams.manage_archive", "exams.manage_rules", "exams.manage_fixed",
        "exams.manage_sample", "exams.manage_add_round", "exams.manage_close_round",
        "exams.manage_round", "exams.manage_export", "exams.manage_assignments",
        "exams.manage_grading", "exams.manage_headcounts")},
    **{endpoint: STAFF for endpoint in (
        "training.roster", "training.enroll_hand", "training.withdraw", "training.enroll_rule",
        "training.enroll_file", "training.enroll_template")},
    **{endpoint: STAFF for endpoint in (
        "training.courses", "training.course_new", "training.course", "training.course_edit",
        "training.course_publish", "training.course_archive", "training.course_trainers",
        "training.course_trainer_remove", "training.course_sessions", "training.session_edit",
        "training.session_delete", "training.material_upload", "training.material_link",
        "training.material_delete")},
    **{endpoint: ADMIN for endpoint in ("training.programmes", "training.programme_edit",
                                        "training.requirements")},
    **{endpoint: STAFF for endpoint in ("training.attendance", "training.session_qr")},
    # A person's record: 404 unless ``may_read_record`` (the trainer's unit subtree; admins all);
    # coverage: a trainer's own subtree (404 above it), admins every unit.
    **{endpoint: STAFF for endpoint in ("training.record", "training.record_export", "training.coverage",
                                        "training.coverage_export", "training.find_record")},
    # Trainers see and bundle the certificates of their courses and exams (404 for others');
    # only administrators revoke.
    **{endpoint: STAFF for endpoint in ("certificates.manage", "certificates.issue", "certificates.bulk")},
    "certificates.revoke": ADMIN,
    # Two-step sign-in is for staff; an admin removes another's after a lost phone.
    **{endpoint: STAFF for endpoint in (
        "accounts.two_step", "accounts.two_step_start", "accounts.two_step_confirm",
        "accounts.two_step_disable", "accounts.two_step_recovery_codes")},
    "accounts.two_step_reset": ADMIN,
    # The delivery log and the development outbox: administrators.
    "notifications.messages": ADMIN, "notifications.outbox": ADMIN,
    # Referral ranking of a contest: the staff who manage it (``managed_exam_or_404``).
    "sharing.manage_spread": STAFF, "sharing.manage_spread_csv": STAFF,
    # Reports of an exam: the staff who manage it (``managed_exam_or_404``: its trainer, admins).
    **{endpoint: STAFF for endpoint in (
        "reports.round_report", "reports.round_report_export", "reports.round_results_export",
        "reports.assessment_report", "reports.assessment_report_export", "reports.items",
        "reports.items_csv", "reports.items_xlsx")},
}

#: Role-guarded endpoints that may answer 404 instead of 403 to a refused role (a view that hides
#: existence). None today: ``roles_required`` refuses before any object is loaded.
HIDES_EXISTENCE: set[str] = set()

#: Guarded endpoints whose object belongs to someone: another trainer (neither owner nor
#: reviewer) gets 403, never the page.
OWNED_BY_TRAINER = {endpoint for endpoint in GUARDED
                    if endpoint.startswith(("bank.", "exams.manage_", "reports.", "sharing."))} - {
    "bank.index", "bank.import_template", "exams.manage_new",
    "bank.review_queue", "bank.review_batch"}  # one's own queue: across the banks one reviews

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
       b"\x00\x00IEND\xaeB`\x82")


def allowed_roles(view):
    """``allowed_roles`` of a view, following ``__wrapped__`` through other decorators."""
    seen = 0
    while view is not None and seen < 20:
        if hasattr(view, "allowed_roles"):
            return tuple(view.allowed_roles)
        view, seen = getattr(view, "__wrapped__", None), seen + 1
    return None


@pytest.fixture
def world(app, factory, session):
    """Real objects for every URL parameter, and one user per role (none of them owns anything)."""
    owner = factory.user(role=Role.trainer, full_name="Chủ ngân hàng")
    bank = factory.bank(owner=owner, is_public=True)
    question = factory.question(bank, publish=True)
    image = store_image(session, bank, "hinh.png", PNG, 1 << 20, owner.id)
    contest, round_ = factory.exam("contest", questions=3, bank=bank)
    assessment, assessment_round = factory.exam("assessment", questions=1, bank=bank)
    draft, draft_round = factory.exam("contest", questions=1, bank=bank)
    draft.status = ExamStatus.draft
    taker = factory.user(role=Role.citizen, full_name="Người dự thi")
    attempt = attempts.start_attempt(session, contest, round_, taker, utcnow())
    item = {"positions": factory.position().id, "fields": factory.field().id}
    users = {role: factory.user(role=role) for role in Role}
    other_trainer = users[Role.trainer]
    own_bank = factory.bank(owner=other_trainer)  # the other trainer's own bank and exam
    own_exam, _ = factory.exam("contest", questions=1, bank=own_bank)
    values = {"exam_id": contest.id, "round_id": round_.id, "attempt_id": attempt.id,
              "position": 0, "bank_id": bank.id, "question_id": question.id,
              "image_id": image.id, "unit_id": factory.unit().id,
              "user_id": factory.user(role=Role.official).id, "filename": "css/app.css"}
    values.update(_training_world(session, owner, values["unit_id"], values["user_id"]))
    with app.app_context():  # a certificate of the official's course, for /verify/<code> and co.
        earned = issuing.Earned(user=session.get(User, values["user_id"]), kind=CertificateKind.course,
                                title="Hoàn thành lớp ATTT cơ bản", issued_on=utcnow().date(),
                                course_id=values["course_id"])
        values["code"] = issuing.issue(session, earned, issuing_context(), utcnow()).code
    values["token"] = "x"  # a reset / confirmation / unsubscribe token: any value answers its page
    share = {"code": sharing.share_link_of(session, contest).code,
             "person": sharing.personal_code_of(session, taker)}
    overrides = {"exams.manage_assignments": {"exam_id": assessment.id},
                 **{endpoint: share for endpoint in ("sharing.share", "sharing.qr_svg",
                                                    "sharing.qr_png")},
                 "reports.assessment_report": {"exam_id": assessment.id},
                 "reports.assessment_report_export": {"exam_id": assessment.id}}
    factory.commit()
    return {"values": values, "item": item, "overrides": overrides, "users": users,
            "owner": owner, "taker": taker, "other_trainer": other_trainer, "contest": contest,
            "round": round_, "assessment": assessment, "assessment_round": assessment_round, "draft": draft, "draft_round": draft_round,
            "attempt": attempt, "own_bank": own_bank, "own_exam": own_exam}


def _training_world(session, owner, unit_id, official_id) -> dict:
    """A published course run by ``owner`` (not by the other trainer) with one enrollment."""
    programme = Programme(code="ATTT-CB", title="An toàn thông tin cơ bản")
    session.add(programme)
    session.flush()
    course = Course(programme_id=programme.id, title="Lớp ATTT cơ bản", unit_id=unit_id,
                    status=CourseStatus.published, created_by=owner.id)
    session.add(course)
    session.flush()
    enrollment = Enrollment(course_id=course.id, user_id=official_id, status=EnrollmentStatus.enrolled,
                            source=EnrollmentSource.hand)
    session.add(enrollment)
    session.flush()
    now = utcnow()  # a session under way: its checklist and QR are live
    course_session = CourseSession(course_id=course.id, starts_at=now - timedelta(hours=1),
                                   ends_at=now + timedelta(hours=1), place="Phòng họp số 2")
    session.add(course_session)
    session.flush()
    material = CourseMaterial(course_id=course.id, title="Bài giảng", filename="bai-giang.pdf",
                              content_type="application/pdf", size=9, data=b"%PDF-1.4\n")
    session.add(material)
    session.flush()
    return {"course_id": course.id, "enrollment_id": enrollment.id, "session_id": course_session.id,
            "programme_id": programme.id, "material_id": material.id}


def urls(app, world):
    """(endpoint, method, url) for every rule and method, parameters filled with real ids; each
    value of an ``any(...)`` converter gets its own URL."""
    found = []
    for rule in app.url_map.iter_rules():
        values = dict(world["values"], **world["overrides"].get(rule.endpoint, {}))
        choices = [{}]
        for name, converter in rule._converters.items():
            options = sorted(getattr(converter, "items", ()) or ())
            if options:
                choices = [dict(c, **{name: o}) for c in choices for o in options]
        for choice in choices:
            args = {}
            for name in rule.arguments:
                if rule.defaults and name in rule.defaults:
                    args[name] = rule.defaults[name]
                elif name in choice:
                    args[name] = choice[name]
                elif name == "item_id":
                    args[name] = world["item"][choice.get("kind", args.get("kind"))]
                elif name in values:
                    args[name] = values[name]
                else:
                    pytest.fail(f"{rule.rule}: no real object for URL parameter «{name}»; add one "
                                f"to the world fixture")
            _domain, url = rule.build(args, append_unknown=False)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    return found


def call(web, method, url):
    """GET with the raw client (downloads are not text); POST with a valid CSRF token, so the
    permission check (not the CSRF check) is what answers."""
    if method == "GET":
        return web.client.get(url)
    return web.post(url, {})


def refused_anonymous(response) -> bool:
    if response.status_code == 302:
        return response.headers["Location"].startswith("/login")
    return response.status_code == 401


def test_every_route_is_classified(app):
    """Exactly one class per endpoint; guarded views admit exactly the roles listed here, and
    no public or signed-in view hides a role guard the matrix would not test."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    classes = [set(PUBLIC), set(SIGNED_IN), set(GUARDED)]
    unclassified = endpoints - set().union(*classes)
    assert not unclassified, f"classify these new routes in test_route_matrix.py: {sorted(unclassified)}"
    stale = set().union(*classes) - endpoints
    assert not stale, f"these routes are gone; remove them from the matrix: {sorted(stale)}"
    assert not (classes[0] & classes[1] or classes[0] & classes[2] or classes[1] & classes[2])
    assert set(SIGNED_IN) >= OWN_ATTEMPT
    for endpoint in endpoints:
        roles = allowed_roles(app.view_functions[endpoint])
        if endpoint in GUARDED:
            assert roles is not None, f"{endpoint} lost its roles_required guard"
            assert set(roles) == set(GUARDED[endpoint]), f"{endpoint} admits {roles}"
        else:
            assert roles is None, f"{endpoint} is role-guarded: move it to GUARDED"


def test_anonymous_is_refused_everywhere_but_public_routes(app, web, world):
    failures = []
    for endpoint, method, url in urls(app, world):
        if endpoint in PUBLIC:
            continue
        response = call(web, method, url)
        if not refused_anonymous(response):
            failures.append(f"{method} {url} ({endpoint}): {response.status_code} "
                            f"{response.headers.get('Location', '')}")
    assert not failures, "anonymous got through:\n" + "\n".join(failures)


def test_public_routes_answer_anonymous_and_hide_what_is_not_public(app, web, world):
    for endpoint, method, url in urls(app, world):
        if endpoint in PUBLIC and method == "GET":
            assert web.client.get(url).status_code == PUBLIC_GET_STATUS.get(endpoint, 200), url
    assert web.get(f"/exams/{world['draft'].id}").status_code == 404
    assert web.get(f"/exams/{world['draft'].id}/rounds/{world['draft_round'].id}/leaderboard"
                   ).status_code == 404
    assessment, round_ = world["assessment"], world["assessment_round"]
    assert web.get(f"/exams/{assessment.id}/rounds/{round_.id}/leaderboard").status_code == 404
    assert refused_anonymous(web.client.get(f"/exams/{assessment.id}"))
    for role, status in ((Role.citizen, 404), (Role.official, 404), (Role.trainer, 200)):
        web.login(world["users"][role])  # none of them is assigned to it
        assert web.client.get(f"/exams/{assessment.id}").status_code == status, role


@pytest.mark.parametrize("role", list(Role))
def test_each_role_outside_allowed_roles_gets_403(app, web, world, role):
    web.login(world["users"][role])
    failures = []
    for endpoint, method, url in urls(app, world):
        if endpoint not in GUARDED or role in GUARDED[endpoint]:
            continue
        response = call(web, method, url)
        expected = {403, 404} if endpoint in HIDES_EXISTENCE else {403}
        if response.status_code not in expected:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}")
        elif response.status_code == 403:
            assert "Bạn không có quyền truy cập trang này." in response.get_data(as_text=True)
    assert not failures, f"{role.value} got through:\n" + "\n".join(failures)


def test_the_ids_are_real_an_admin_reaches_every_guarded_page(app, web, world):
    """The positive control: with these ids an admin is neither refused nor told "not found",
    so the refusals above are permission checks, not missing objects."""
    web.login(world["users"][Role.admin])
    failures = []
    for endpoint, method, url in urls(app, world):
        if endpoint in GUARDED and method == "GET":
            response = web.client.get(url)
            response.close()  # a streamed download ends its request context, as a server does
            if response.status_code not in (200, 302):
                failures.append(f"{url} ({endpoint}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_trainer_cannot_reach_another_trainers_bank_or_exam(app, web, world):
    web.login(world["other_trainer"])
    failures = []
    for endpoint, method, url in urls(app, world):
        if endpoint not in OWNED_BY_TRAINER:
            continue
        response = call(web, method, url)
        if response.status_code not in (403, 404):
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert not failures, "another trainer got through:\n" + "\n".join(failures)
    # The exam list does not show the other trainer's exam either.
    assert world["contest"].title not in web.get("/manage/exams").get_data(as_text=True)


@pytest.mark.parametrize("role", list(Role))
def test_nobody_but_the_owner_reaches_an_attempt(app, web, world, role):
    """Another citizen, an official, a trainer, even an admin: 404 for every attempt route."""
    web.login(world["users"][role])
    failures = []
    for endpoint, method, url in urls(app, world):
        if endpoint in OWN_ATTEMPT:
            response = call(web, method, url)
            if response.status_code != 404:
                failures.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_owner_reaches_their_attempt(web, world):
    web.login(world["taker"])
    assert web.get(f"/attempts/{world['attempt'].id}").status_code == 200
    assert web.get(f"/attempts/{world['attempt'].id}/submit").status_code == 200


def test_bank_image_needs_sign_in(web, world):
    url = f"/bank/images/{world['values']['image_id']}"
    response = web.client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    for role in (Role.citizen, Role.trainer):  # no published question shows it; not their bank
        web.login(world["users"][role])
        assert web.client.get(url).status_code == 404, role
    web.login(world["users"][Role.admin])
    response = web.client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert "sandbox" in response.headers["Content-Security-Policy"]


# --- Findings of the security review (each fixed; these tests keep them fixed) -----------------


def test_a_typed_fixed_question_id_does_not_show_another_banks_question(web, factory, world):
    """/manage/exams/<id>/fixed labelled any question id with its stem, whatever its bank."""
    secret = factory.question(factory.bank(), record=single_choice(stem="Câu BÍ-MẬT của sát hạch?"))
    mine = factory.question(world["own_bank"], record=single_choice(stem="Câu của tôi?"), publish=True)
    factory.commit()
    web.login(world["other_trainer"])
    url = f"/manage/exams/{world['own_exam'].id}/fixed"
    web.get(f"/manage/exams/{world['own_exam'].id}")
    for action in ("add", "save"):
        body = web.post(url, {"fixed-0-question_id": secret.id, "fixed-0-points": "1",
                              "fixed-1-question_id": mine.id, "fixed-1-points": "1",
                              "action": action}, htmx=True).get_data(as_text=True)
        assert "BÍ-MẬT" not in body, action
        assert "Câu của tôi?" in body, action


def test_a_question_cannot_be_filed_under_another_banks_category(web, factory, session, world):
    """The editor's category list accepts any id; the service now refuses a foreign category
    (and unknown positions or fields) with a message instead of storing it (or a 500)."""
    trainer = world["other_trainer"]
    foreign = create_category(session, factory.bank(owner=trainer), "Chủ đề ngân hàng khác")
    factory.commit()
    in_bank = select(Question).where(Question.bank_id == world["own_bank"].id)
    before = len(session.exec(in_bank).all())
    web.login(trainer)
    url = f"/bank/{world['own_bank'].id}/questions/new"
    web.get(url)
    data = {"type": "single_choice", "stem": "<p>Câu hỏi?</p>", "options-0-text": "Đúng",
            "options-0-correct": "y", "options-1-text": "Sai", "difficulty": "easy", "action": "save"}
    body = web.post(url, {**data, "category_id": foreign.id}).get_data(as_text=True)
    assert "Chủ đề không thuộc ngân hàng câu hỏi này." in body
    response = web.post(url, {**data, "position_ids": "999999"})
    assert response.status_code == 200
    assert "Vị trí việc làm hoặc lĩnh vực đã chọn không còn tồn tại." in response.get_data(as_text=True)
    assert len(session.exec(in_bank).all()) == before


def test_bank_list_links_and_bulk_redirect_keep_only_the_list_filters(web, world):
    """``url_for(..., **request.args)`` let the query string reach url_for's own arguments:
    ``?bank_id=`` was a 500, ``?_external=1&_scheme=...`` changed the redirect's scheme."""
    web.login(world["owner"])
    bank_id = world["values"]["bank_id"]
    web.get(f"/bank/{bank_id}")
    response = web.post(f"/bank/{bank_id}/bulk?bank_id=999&_external=1&_scheme=javascript&q=x",
                        {"bulk_action": "tag", "tag": "a"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/bank/{bank_id}?q=x"
    # The list page passed its whole query string to url_for too: ?bank_id= was a 500 there.
    page = web.client.get(f"/bank/{bank_id}?bank_id=999&_external=1&q=x")
    assert page.status_code == 200
    assert f'action="/bank/{bank_id}/bulk?q=x"' in page.get_data(as_text=True)


def test_results_export_never_turns_a_name_into_a_formula(web, factory, session, world):
    """A citizen chooses their own name; in the organisers' Excel it must stay text."""
    name = '=HYPERLINK("http://vi-du.vn","Bấm vào đây")'
    contest, round_ = world["contest"], world["round"]
    player = factory.user(role=Role.citizen, full_name=name)
    attempt = attempts.start_attempt(session, contest, round_, player, utcnow())
    attempts.submit(session, attempt, utcnow())
    factory.commit()
    web.login(world["owner"])
    response = web.client.get(f"/manage/exams/{contest.id}/rounds/{round_.id}/export")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(name, "s")]


def test_user_list_pager_links_keep_only_the_filters(web, factory, world, monkeypatch):
    """Same pattern on /admin/users: the pager passed the whole query string to url_for
    (``?_method=POST`` was a 500, ``?_external=1`` made absolute links)."""
    from contest.admin import users

    monkeypatch.setattr(users, "PAGE_SIZE", 2)
    web.login(world["users"][Role.admin])
    for query in ("_method=POST", "_external=1&q=n"):
        response = web.client.get(f"/admin/users?{query}")
        assert response.status_code == 200, query
        body = response.get_data(as_text=True)
        assert 'href="http' not in body and 'rel="next"' in body, query
