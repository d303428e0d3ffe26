"""The contract of a question type. Each type is one small class registered by its name.

Pure: no Flask, no database. A type validates an authored record, says what the examinee may
see (never the answer key), checks a response's shape and grades it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

from question_bank.records import QuestionRecord

REGISTRY: dict[str, type[QuestionType]] = {}


@dataclass(frozen=True)
class Score:
    """The result of grading one response.

    ``fraction`` is the share of the question's points earned (0.0 .. 1.0); ``pending`` means a
    person must grade it (essays); ``correct`` means full credit.
    """

    fraction: float
    pending: bool = False

    @property
    def correct(self) -> bool:
        return not self.pending and self.fraction >= 1.0 - 1e-9


class InvalidResponse(ValueError):
    """A response that does not fit the question (forged key, wrong shape)."""


class QuestionType:
    """Base class. Subclasses set ``name`` and ``label`` and implement the methods."""

    name: ClassVar[str]
    label: ClassVar[str]  #: Vietnamese name shown in the UI (marked with ``N_``, translated there)
    auto_graded: ClassVar[bool] = True
    #: Whether the answer's fields depend on this attempt's view of the question (matching and
    #: ordering post one field per item, keyed as the attempt shows them); when False the save
    #: path parses an answer from the type alone, without drawing the attempt's view.
    answer_needs_view: ClassVar[bool] = False

    def validate(self, record: QuestionRecord) -> list[str]:
        """Vietnamese messages for everything wrong with an authored record; empty if valid."""
        raise NotImplementedError

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        """What the examinee's browser receives: stem and keyed options, no answer key.

        When ``rng`` is given, options are shuffled with it (the attempt's own seed).
        """
        raise NotImplementedError

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        """Normalize a submitted response; raise ``InvalidResponse`` for forged or ill-shaped input."""
        raise NotImplementedError

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        """Grade a cleaned response (``None`` = unanswered, which scores 0)."""
        raise NotImplementedError

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        """The correct answer in the shape of a response, for review once the policy allows."""
        raise NotImplementedError


def register(cls: type[QuestionType]) -> type[QuestionType]:
    REGISTRY[cls.name] = cls
    return cls


def get_type(name: str) -> QuestionType:
    """The type instance registered under ``name``; KeyError for an unknown type."""
    return REGISTRY[name]()
