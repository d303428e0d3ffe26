"""The question-type registry: one small class per type, looked up by the record's ``type``.

The registry is the only list of question types. Adding a type touches one module here and its
templates, nothing else:

* ``question_bank/types/<name>.py``: a ``QuestionType`` subclass decorated with ``@register``.
  It validates and grades (pure), says what the examinee may see (``public_view``, and whether
  it is ``always_shuffled``), which answer fields are posted and how they are read
  (``answer_fields`` / ``read_answer``: plain ``AnswerField`` specs that
  ``contest.exams.take_forms`` turns into WTForms fields), how its editor rows become a record and
  back (``editor_rows``, ``from_editor``, ``editor_rows_of``, ``editor_data_of``), which texts are
  HTML (``sanitize``), whether a person grades it (``auto_graded``) and how an answer is posted
  (``as_posted``, which the demo and the tests use to answer as a person would).
* ``templates/question_types/<name>/``: ``_answer.html`` (the question during an attempt),
  ``_review.html`` (the examinee's own answer on the result page), ``_key.html`` (the answer
  key) and ``_editor.html`` (the answer part of the bank editor). The generic templates include
  ``question_type(name).partial(kind)``; a type defined outside this package brings its
  partials as ``template_sources`` or a ``template_folder``, found by
  ``question_bank.types.templates.TypeTemplateLoader`` (wired into the app's Jinja loader).

Why the web half is data here and not Flask code: the types stay pure (no Flask, no database,
unit-tested alone), while everything a type decides is still in its one class; the web layer
(take_forms, the bank editor, the templates) only asks. Importing this package registers every
built-in type in the order the UI lists them, so ``get_type(record.type)`` always works.

The limit: a type keeps its key in the fields ``question_bank.records.QuestionRecord`` already
has (choices with fractions, ``correct``, numeric answers, pairs, items) and edits it with the
editor form's fields (option rows, ``tf_correct``, ``case_sensitive``). Every built-in type and
the tests' "agree" scale fit; a type needing a new kind of key would add a field there too.
"""

# Imported to register them, in the order the UI lists them.
# isort: off
from question_bank.types import single_choice  # noqa: F401
from question_bank.types import multiple_choice  # noqa: F401
from question_bank.types import true_false  # noqa: F401
from question_bank.types import short_answer  # noqa: F401
from question_bank.types import numeric  # noqa: F401
from question_bank.types import matching  # noqa: F401
from question_bank.types import ordering  # noqa: F401
from question_bank.types import essay  # noqa: F401
# isort: on
from question_bank.types.base import (
    PARTIALS,
    QUESTION_TYPES,
    REGISTRY,
    AnswerField,
    InvalidResponse,
    QuestionType,
    Score,
    get_type,
    hand_graded,
    register,
    unregister,
)

__all__ = ["PARTIALS", "QUESTION_TYPES", "REGISTRY", "AnswerField", "InvalidResponse",
           "QuestionType", "Score", "get_type", "hand_graded", "register", "unregister"]
