"""A person x item score matrix as CSV, for checking the item analysis against other tools.

Pure: no Flask, no database. The format: a header row ``person,<item names>``, then one row per
person, their id first, each cell the score as a fraction of the item's maximum in [0, 1]
(a decimal point or a decimal comma inside quotes), empty where the person did not see the item.
Commas or semicolons separate cells (whichever the header uses); UTF-8, with or without BOM.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np

from contest.core.errors import DomainError
from contest.core.i18n import N_

MAX_PEOPLE = 1_000_000


class ResponsesError(DomainError):
    """A score file that cannot be read; the message says where."""


def read_responses(data: bytes | str) -> tuple[list[str], list[str], np.ndarray]:
    """(person ids, item names, scores with NaN for unseen) of a score file, or ResponsesError."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ResponsesError(N_("Tệp không phải văn bản UTF-8.")) from None
    data = data.lstrip("\ufeff")
    first = data.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    rows = [row for row in csv.reader(io.StringIO(data), delimiter=delimiter) if any(c.strip() for c in row)]
    if not rows:
        raise ResponsesError(N_("Tệp trống."))
    header = [cell.strip() for cell in rows[0]]
    if header[0].lower() != "person" or len(header) < 2:
        raise ResponsesError(N_("Dòng đầu phải là: person, rồi tên các câu hỏi (ví dụ: person,C1,C2)."))
    names = header[1:]
    if any(not name for name in names):
        raise ResponsesError(N_("Dòng đầu có cột không có tên câu hỏi."))
    if len(set(names)) != len(names):
        raise ResponsesError(N_("Dòng đầu có tên câu hỏi trùng nhau."))
    if len(rows) == 1:
        raise ResponsesError(N_("Tệp chưa có dòng điểm nào."))
    if len(rows) - 1 > MAX_PEOPLE:
        raise ResponsesError(N_("Tệp có quá %(n)d người."), n=MAX_PEOPLE)
    people, scores, seen = [], np.full((len(rows) - 1, len(names)), np.nan), set()
    for index, row in enumerate(rows[1:]):
        line = index + 2
        if len(row) != len(header):
            raise ResponsesError(N_("Dòng %(line)d có %(got)d ô, cần %(want)d ô như dòng đầu."),
                                 line=line, got=len(row), want=len(header))
        person = row[0].strip()
        if not person:
            raise ResponsesError(N_("Dòng %(line)d thiếu mã người làm bài."), line=line)
        if person in seen:
            raise ResponsesError(N_("Dòng %(line)d: mã người làm bài %(person)s bị trùng."),
                                 line=line, person=person)
        seen.add(person)
        people.append(person)
        for column, cell in enumerate(row[1:]):
            scores[index, column] = _fraction(cell, line, names[column])
    return people, names, scores


def _fraction(cell: str, line: int, name: str) -> float:
    text = cell.strip().replace(",", ".")
    if not text:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise ResponsesError(N_("Dòng %(line)d, câu %(name)s: «%(cell)s» không phải một số từ 0 đến 1."),
                             line=line, name=name, cell=cell.strip()[:20])
    return value
