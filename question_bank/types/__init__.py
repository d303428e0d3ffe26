"""The question-type registry: one small class per type, looked up by the record's ``type``.

Importing this package registers every type, so ``get_type(record.type)`` always works.
"""

from question_bank.types import (  # noqa: F401  (imported to register)
    essay,
    matching,
    multiple_choice,
    numeric,
    ordering,
    short_answer,
    single_choice,
    true_false,
)
from question_bank.types.base import REGISTRY, InvalidResponse, QuestionType, Score, get_type

__all__ = ["REGISTRY", "InvalidResponse", "QuestionType", "Score", "get_type"]
