"""The option editor's rows <-> a QuestionRecord. Pure: plain dicts in, records out.

Rows mean, by type:
* single/multiple choice: ``text`` is the option, ``correct`` marks a right one, ``feedback``.
* short answer: ``text`` is an accepted answer (``*`` matches anything).
* numeric: ``text`` is a value ("3,5"), or a range "low..high"; ``match`` is the tolerance.
* matching: ``text`` is the left item, ``match`` the right item (empty left = distractor).
* ordering: ``text`` in the correct order.

Credit of choices: a single-choice question gives 1 to the right option, 0 to the others. A
multiple-choice question gives each right option 1/n and each wrong one -1/n (n = right
options), so ticking everything scores 0. Imported custom credits are kept for as long as the
"correct" boxes agree with them.
"""

from __future__ import annotations

from question_bank.records import Choice, MatchPair, NumericAnswer, OrderItem, QuestionRecord

DEFAULT_ROWS = {"single_choice": 4, "multiple_choice": 4, "short_answer": 1, "numeric": 1,
                "matching": 3, "ordering": 4, "true_false": 0, "essay": 0}


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except (TypeError, ValueError):
        return None


def _fraction(row: dict) -> float | None:
    return _number(row.get("fraction") or "")


def _choice_fractions(qtype: str, rows: list[dict]) -> list[float]:
    stored = [_fraction(r) for r in rows]
    agrees = all(f is not None and ((f > 0) == bool(r.get("correct"))) for f, r in zip(stored, rows, strict=True))
    if agrees and rows:
        return stored
    right = sum(1 for r in rows if r.get("correct"))
    if qtype == "single_choice" or right == 0:
        return [1.0 if r.get("correct") else 0.0 for r in rows]
    return [(1.0 if r.get("correct") else -1.0) / right for r in rows]


def record_from_form(data: dict) -> QuestionRecord:
    """Build a record from the question form's data (``options`` = list of row dicts)."""
    qtype = data.get("type") or "single_choice"
    rows = [r for r in data.get("options") or [] if (r.get("text") or "").strip() or
            (qtype == "matching" and (r.get("match") or "").strip())]
    record = QuestionRecord(
        type=qtype, stem=data.get("stem") or "", title=(data.get("title") or "").strip(),
        explanation=data.get("explanation") or "", difficulty=data.get("difficulty") or "medium",
        tags=[t for t in (data.get("tags") or "").split(",") if t.strip()],
        case_sensitive=bool(data.get("case_sensitive")),
    )
    if qtype in ("single_choice", "multiple_choice"):
        fractions = _choice_fractions(qtype, rows)
        record.choices = [Choice(text=r["text"], fraction=f, feedback=r.get("feedback") or "",
                                 key=r.get("key") or "") for r, f in zip(rows, fractions, strict=True)]
    elif qtype == "short_answer":
        record.choices = [Choice(text=r["text"].strip(), fraction=1.0, key=r.get("key") or "")
                          for r in rows]
    elif qtype == "true_false":
        value = data.get("tf_correct")
        record.correct = {"true": True, "false": False}.get(value)
    elif qtype == "numeric":
        record.numeric = [_numeric(r) for r in rows]
    elif qtype == "matching":
        record.pairs = [MatchPair(left=r.get("text") or "", right=r.get("match") or "",
                                  key=r.get("key") or "") for r in rows]
    elif qtype == "ordering":
        record.items = [OrderItem(text=r["text"], key=r.get("key") or "") for r in rows]
    return record


def _numeric(row: dict) -> NumericAnswer:
    text = (row.get("text") or "").strip()
    if ".." in text:
        low, _, high = text.partition("..")
        return NumericAnswer(low=_number(low), high=_number(high))
    return NumericAnswer(value=_number(text), tolerance=abs(_number(row.get("match") or "0") or 0.0))


def _fmt(number: float | None) -> str:
    if number is None:
        return ""
    return f"{number:g}".replace(".", ",")


def form_rows(record: QuestionRecord) -> list[dict]:
    """The option editor's rows for an existing record."""
    if record.type in ("single_choice", "multiple_choice", "short_answer"):
        return [{"key": c.key, "text": c.text, "correct": c.fraction > 0, "feedback": c.feedback,
                 "fraction": repr(c.fraction), "match": ""} for c in record.choices]
    if record.type == "numeric":
        rows = []
        for n in record.numeric:
            if n.low is not None and n.high is not None:
                rows.append({"text": f"{_fmt(n.low)}..{_fmt(n.high)}", "match": ""})
            else:
                rows.append({"text": _fmt(n.value), "match": _fmt(n.tolerance) if n.tolerance else ""})
        return rows
    if record.type == "matching":
        return [{"key": p.key, "text": p.left, "match": p.right} for p in record.pairs]
    if record.type == "ordering":
        return [{"key": i.key, "text": i.text} for i in record.items]
    return []


def blank_rows(qtype: str) -> list[dict]:
    return [{} for _ in range(DEFAULT_ROWS.get(qtype, 0))]


def edit_rows(rows: list[dict], action: str) -> list[dict]:
    """Apply an editor button to the rows: add_option, remove-N, up-N, down-N."""
    rows = list(rows)
    name, _, index = action.partition("-")
    if name == "add_option":
        rows.append({})
        return rows
    if not index.isdigit() or int(index) >= len(rows):
        return rows
    i = int(index)
    if name == "remove":
        rows.pop(i)
    elif name == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif name == "down" and i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return rows
