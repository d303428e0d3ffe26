"""The scored answers of submitted attempts as numpy arrays, fast: a round of 100,000 attempts
of 20 questions is 2,000,000 rows, too many to pass through Python one row object at a time.

On PostgreSQL the rows leave the server as one binary ``COPY`` of fixed-width fields, read
straight into a numpy structured array (no Python object per row); elsewhere (SQLite) a streamed
query is read in chunks of plain tuples.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session

from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus

#: Rows fetched per round trip on the generic path.
CHUNK = 50_000
#: attempt id, version id, fraction (NaN while ungraded), points.
ROW = np.dtype([("attempt", np.int64), ("version", np.int64), ("fraction", np.float64),
                ("points", np.float64)])
#: One binary COPY tuple: a field count, then each field's length and value (big-endian).
_COPY_ROW = np.dtype([("fields", ">i2"), ("l0", ">i4"), ("attempt", ">i4"), ("l1", ">i4"),
                      ("version", ">i4"), ("l2", ">i4"), ("fraction", ">f8"), ("l3", ">i4"),
                      ("points", ">f8")])
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def _submitted(round_ids: list[int]):
    return (Attempt.round_id.in_(round_ids), Attempt.status == AttemptStatus.submitted)


def answer_rows(session: Session, round_ids: list[int]) -> np.ndarray:
    """(attempt, version, fraction, points) of every answer of the submitted attempts of the
    rounds, in no particular order (``ROW`` dtype)."""
    round_ids = [int(r) for r in round_ids]
    if not round_ids:
        return np.empty(0, dtype=ROW)
    if session.get_bind().dialect.name == "postgresql":
        return _copy_rows(session, round_ids)
    query = (select(AttemptQuestion.attempt_id, AttemptQuestion.version_id,
                    func.coalesce(AttemptQuestion.fraction, float("nan")), AttemptQuestion.points)
             .join(Attempt, Attempt.id == AttemptQuestion.attempt_id).where(*_submitted(round_ids)))
    result = session.connection().execution_options(yield_per=CHUNK).execute(query)
    chunks = [np.array([tuple(row) for row in part], dtype=float).reshape(-1, 4)
              for part in result.partitions()]
    data = np.concatenate(chunks) if chunks else np.empty((0, 4))
    rows = np.empty(len(data), dtype=ROW)
    for index, name in enumerate(ROW.names):
        rows[name] = data[:, index]
    return rows


def _copy_rows(session: Session, round_ids: list[int]) -> np.ndarray:
    """Binary COPY on the session's own connection (its transaction, its snapshot)."""
    ids = ",".join(str(r) for r in round_ids)  # integers, checked above
    sql = (f"COPY (SELECT aq.attempt_id::int4, aq.version_id::int4,"
           f" coalesce(aq.fraction, 'NaN')::float8, aq.points::float8"
           f" FROM {AttemptQuestion.__tablename__} aq JOIN {Attempt.__tablename__} a ON a.id = aq.attempt_id"
           f" WHERE a.round_id IN ({ids}) AND a.status = '{AttemptStatus.submitted.value}')"
           f" TO STDOUT (FORMAT binary)")
    raw = bytearray()
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(sql) as copy:
        for block in copy:
            raw += block
    if not raw.startswith(_SIGNATURE):
        raise RuntimeError("unexpected COPY output")
    start = 19 + int.from_bytes(raw[15:19], "big")
    body = np.frombuffer(bytes(raw[start:len(raw) - 2]), dtype=_COPY_ROW)
    if len(body) and not (body["fields"] == 4).all():
        raise RuntimeError("unexpected COPY tuple")
    rows = np.empty(len(body), dtype=ROW)
    for name in ROW.names:
        rows[name] = body[name]
    return rows


#: An attempt's score as a share of its maximum (0 when its maximum is 0), in SQL: the same
#: double division as in Python, so a cut-off computed here compares exactly there.
SCORE_SHARE = func.coalesce(Attempt.score / func.nullif(Attempt.max_score, 0), 0.0)


def attempt_facts(session: Session, round_ids: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids sorted, rounds, score shares) of the submitted attempts of the rounds."""
    if not round_ids:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    query = select(Attempt.id, Attempt.round_id, SCORE_SHARE).where(*_submitted(round_ids)).order_by(Attempt.id)
    rows = session.connection().execute(query).all()
    data = np.array([tuple(row) for row in rows], dtype=float).reshape(-1, 3)
    return data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2]
