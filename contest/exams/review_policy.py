"""What an examinee may see of their own attempt, and when (pure).

Answer keys must never reach the browser before the policy allows: views ask ``visible()`` for
the current phase and render only what it permits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

Phase = Literal["during", "after_submit", "after_close"]
ExamKind = Literal["contest", "assessment", "practice"]
PHASES: tuple[Phase, ...] = ("during", "after_submit", "after_close")


@dataclass(frozen=True, slots=True)
class Visibility:
    """Each flag allows one thing: the score (and so pass/fail), which answers were right,
    the correct answers themselves, and the explanations."""

    score: bool = False
    correctness: bool = False
    correct_answers: bool = False
    explanations: bool = False


NOTHING = Visibility()
EVERYTHING = Visibility(True, True, True, True)


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    during: Visibility = NOTHING
    after_submit: Visibility = NOTHING
    after_close: Visibility = NOTHING

    def to_dict(self) -> dict[str, dict[str, bool]]:
        return {phase: asdict(getattr(self, phase)) for phase in PHASES}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewPolicy:
        """Read a stored policy; a missing phase or flag means hidden, anything unknown is
        an error (so a typo never reveals more than intended)."""
        unknown = set(data) - set(PHASES)
        if unknown:
            raise ValueError(f"unknown review phases: {sorted(unknown)}")
        return cls(**{phase: _visibility(data.get(phase, {})) for phase in PHASES})


def _visibility(data: dict[str, Any]) -> Visibility:
    names = {f.name for f in fields(Visibility)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown visibility flags: {sorted(unknown)}")
    if not all(isinstance(value, bool) for value in data.values()):
        raise ValueError("visibility flags must be true or false")
    return Visibility(**data)


def visible(policy: ReviewPolicy, phase: Phase) -> Visibility:
    """What the examinee may see in ``phase``."""
    if phase not in PHASES:
        raise ValueError(f"unknown review phase: {phase!r}")
    return getattr(policy, phase)


def offers_wrong_answers_review(shown: Visibility) -> bool:
    """"Ôn lại các câu sai" builds an attempt of exactly the questions answered wrong, and is
    only worth offering when some were: it tells per-question correctness, so it is offered (and
    started) only when ``shown``, the current phase's visibility, shows correctness."""
    return shown.correctness


def phase_for(round_closed: bool, attempt_submitted: bool) -> Phase:
    """The round's close decides first (``after_close`` even for an unfinished attempt, which
    the server closes at the deadline anyway); then submission. Whether the round is closed is
    the round's to say (``Round.state``: at its close time, or once finalized)."""
    if round_closed:
        return "after_close"
    return "after_submit" if attempt_submitted else "during"


def default_policy(kind: ExamKind) -> ReviewPolicy:
    """Defaults per exam kind.

    * contest: the score after submitting; answers and explanations only once the round has
      closed, so nobody can pass them on while others still compete.
    * assessment: the score (hence pass/fail) after submitting; after the round closes also
      which questions were wrong, but never the keys, since the bank is reused for later
      assessments (an exam may still choose to reveal them).
    * practice: everything at once, question by question (immediate feedback).
    """
    if kind == "contest":
        return ReviewPolicy(after_submit=Visibility(score=True), after_close=EVERYTHING)
    if kind == "assessment":
        return ReviewPolicy(
            after_submit=Visibility(score=True),
            after_close=Visibility(score=True, correctness=True),
        )
    if kind == "practice":
        return ReviewPolicy(EVERYTHING, EVERYTHING, EVERYTHING)
    raise ValueError(f"unknown exam kind: {kind!r}")
