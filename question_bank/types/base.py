"""The contract of a question type. Each type is one small class registered by its name.

Pure: no Flask, no database. A type validates an authored record, says what the examinee may
see (never the answer key), checks a response's shape and grades it; it also names what the
web layer needs to show and read it (answer fields, editor rows, sanitizing, partials), as
plain data that the web layer turns into forms and templates.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from contest.core.i18n import N_
from question_bank.records import QuestionRecord

REGISTRY: dict[str, type[QuestionType]] = {}
PARTIALS = ("answer", "review", "key", "editor")  #: the templates every type brings
MAX_NAME = 30  #: the length of ``QuestionVersion.type``


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


@dataclass(frozen=True)
class AnswerField:
    """One posted field of an answer: a string of at most ``max_length`` characters, or a list
    of strings (``many``, e.g. ticked checkboxes). The web layer makes the form field."""

    max_length: int = 40
    many: bool = False


class QuestionType:
    """Base class. Subclasses set ``name`` and ``label`` and implement the methods.

    Besides grading, a type owns how it reaches a person:

    * the examinee's answer: ``answer_fields`` (what is posted) and ``read_answer`` (posted data
      -> raw response for ``clean_response``);
    * the author's editor: ``editor_rows`` (blank option rows of a new question),
      ``from_editor`` / ``editor_rows_of`` (option rows <-> record fields) and ``sanitize``;
    * its templates: ``partial(kind)`` names them, for kind in ``PARTIALS``; built-in types keep
      them in ``templates/question_types/<name>/``, a type defined elsewhere gives
      ``template_sources`` or a ``template_folder`` (see ``question_bank.types.templates``).
    """

    name: ClassVar[str]
    label: ClassVar[str]  #: Vietnamese name shown in the UI (marked with ``N_``, translated there)
    #: Graded by ``grade`` at submission; False means a person grades it (``Score.pending``), so
    #: it gets no "Kiểm tra" button and is listed for hand grading.
    auto_graded: ClassVar[bool] = True
    #: Whether the answer's fields depend on this attempt's view of the question (matching and
    #: ordering post one field per item, keyed as the attempt shows them); when False the save
    #: path parses an answer from the type alone, without drawing the attempt's view.
    answer_needs_view: ClassVar[bool] = False
    #: What the examinee is told when ``read_answer`` finds the answer incomplete (None).
    incomplete_message: ClassVar[str] = N_("Hãy trả lời đầy đủ câu này.")
    #: Whether the public view is shuffled even when the exam keeps options in authored order:
    #: an ordering or matching shown as authored would give its answer away. Choice types
    #: follow the exam's "shuffle options" setting.
    always_shuffled: ClassVar[bool] = True
    editor_rows: ClassVar[int] = 0  #: blank option rows a new question of this type starts with
    #: Template source by partial kind, for a type defined outside this package.
    template_sources: ClassVar[Mapping[str, str]] = {}
    #: A folder holding ``_<kind>.html`` for each partial, for a type defined outside this package.
    template_folder: ClassVar[str | None] = None

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

    # The examinee's answer, as posted by the "answer" partial.

    def answer_keys(self, view: Mapping[str, Any]) -> tuple[str, ...]:
        """The item keys the answer fields depend on (``answer_needs_view`` types), sorted: each
        attempt shows the items in its own order, the fields are the same. Empty otherwise."""
        return ()

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        """The posted fields of an answer, by form field name (``keys`` from ``answer_keys``)."""
        raise NotImplementedError

    def read_answer(self, view: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any] | None:
        """The raw response from the posted fields' ``data``: {} when nothing is answered, None
        when the answer is incomplete and should stay in the browser until it is complete."""
        raise NotImplementedError

    def as_posted(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """The form data a person posts to give ``response`` (``read_answer`` the other way):
        the demo and the tests answer through it, as a person would. By default each part of
        the response is one field of the same name (lists stay lists, the rest is text)."""
        return {name: list(value) if isinstance(value, list | tuple) else str(value)
                for name, value in response.items()}

    # The author's editor.

    def from_editor(self, record: QuestionRecord, rows: list[dict], data: Mapping[str, Any]) -> None:
        """Fill the record's answer fields from the editor's option ``rows`` (row dicts with
        key, text, match, correct, feedback, fraction) and the question form's ``data``."""

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        """The editor's option rows for an existing record (the reverse of ``from_editor``)."""
        return []

    def editor_data_of(self, record: QuestionRecord) -> dict[str, Any]:
        """Question form fields other than the rows that carry this type's answer."""
        return {}

    def sanitize(self, record: QuestionRecord, html: Callable[[str], str]) -> None:
        """Clean the record's answer fields in place with ``html`` (the caller's HTML cleaner).

        The default treats every answer-bearing text as HTML, whatever the type uses, so no
        stray field is ever stored unclean; a type with plain-text fields overrides this (short
        answer: accepted answers are compared as typed). The stem and the explanation are
        cleaned for every type by the caller.
        """
        for choice in record.choices:
            choice.text, choice.feedback = html(choice.text), html(choice.feedback)
        record.feedback_true = html(record.feedback_true)
        record.feedback_false = html(record.feedback_false)
        for pair in record.pairs:
            pair.left, pair.right = html(pair.left), html(pair.right)
        for item in record.items:
            item.text = html(item.text)

    def partial(self, kind: str) -> str:
        """The template name of one of this type's partials (``kind`` in ``PARTIALS``)."""
        return f"question_types/{self.name}/_{kind}.html"


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: add a type under its ``name`` (a later one of the same name replaces it).

    The name is what a question version stores (``QuestionVersion.type``, at most 30
    characters, no list of allowed values in the database), so any registered type is storable.
    """
    if not 0 < len(cls.name) <= MAX_NAME:
        raise ValueError(f"a question type's name has 1 to {MAX_NAME} characters: {cls.name!r}")
    REGISTRY[cls.name] = cls
    return cls


def unregister(name: str) -> None:
    """Remove a type (a test that registered its own type cleans up with this)."""
    REGISTRY.pop(name, None)


def get_type(name: str) -> QuestionType:
    """The type instance registered under ``name``; KeyError for an unknown type."""
    return REGISTRY[name]()


class TypeNames(Sequence[str]):
    """The registered type names in registration order, read live from ``REGISTRY``: the list
    every form, format and count uses, so a type registered later is in it too."""

    def __getitem__(self, index):
        return list(REGISTRY)[index]

    def __len__(self) -> int:
        return len(REGISTRY)

    def __iter__(self) -> Iterator[str]:
        return iter(list(REGISTRY))

    def __contains__(self, name: object) -> bool:
        return name in REGISTRY

    def __repr__(self) -> str:
        return f"TypeNames({list(REGISTRY)!r})"


QUESTION_TYPES = TypeNames()


def hand_graded() -> list[str]:
    """Names of the types a person grades (``auto_graded`` False)."""
    return [name for name, cls in REGISTRY.items() if not cls.auto_graded]
