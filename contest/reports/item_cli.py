"""``flask reports items``: the item analysis of a round, or of a score file, as text or JSON.

``--round ID`` analyses the exam's versions drawn in that round (submitted attempts);
``--responses FILE.csv`` a person x item matrix (``contest.reports.responses_csv``), so the
figures can be checked against another tool. Read-only.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from contest.core import db
from contest.exams.models import Exam, Round
from contest.reports.item_analysis import Analysis, analyse
from contest.reports.responses_csv import ResponsesError, read_responses
from contest.reports.services.item_data import item_report

#: A score file larger than this is refused before it is read.
MAX_FILE_BYTES = 200 * 1024 * 1024


@click.command("items")
@click.option("--round", "round_id", type=int, help="Analyse the attempts of this round.")
@click.option("--responses", type=click.Path(dir_okay=False, path_type=Path),
              help="Analyse a CSV score matrix: person,<items>; fractions 0..1, empty = not seen.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def items_command(round_id: int | None, responses: Path | None, as_json: bool) -> None:
    """Item analysis (Moodle's quiz statistics, with flags) of a round or a score file."""
    if (round_id is None) == (responses is None):
        raise click.UsageError(_("Hãy cho đúng một trong hai: --round hoặc --responses."))
    data = _from_file(responses) if responses is not None else _from_round(round_id)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        click.echo(_summary(data))


def _from_file(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise click.ClickException(_("Tệp quá lớn."))
        content = path.read_bytes()
    except OSError:
        raise click.ClickException(_("Không đọc được tệp %(name)s.", name=str(path))) from None
    try:
        people, names, scores = read_responses(content)
    except ResponsesError as err:
        raise click.ClickException(_(err.message, **err.params)) from None
    return {"source": {"file": path.name, "people": len(people)},
            **_translated(analyse(scores, [1.0] * len(names), names=names))}


def _from_round(round_id: int) -> dict:
    session = db.session()
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise click.ClickException(_("Không có đợt thi số %(id)d.", id=round_id))
    exam = session.get(Exam, round_.exam_id)
    report = item_report(session, exam, round_.id, details=False)
    data = _translated(report.analysis)
    for entry, info in zip(data["items"], report.infos, strict=True):
        entry.update(version_id=info.version_id, question_id=info.question_id, version=info.number,
                     label=info.label, type=info.type)
    return {"source": {"exam_id": exam.id, "exam": exam.title, "round_id": round_.id,
                       "round": round_.name}, **data}


def _translated(analysis: Analysis) -> dict:
    data = analysis.as_dict()
    for item in data["items"]:
        for flag in item["flags"]:
            flag["message"] = _(flag["message"])
    return data


def _summary(data: dict) -> str:
    test = data["test"]

    def num(value, digits=2):
        return "—" if value is None else f"{value:.{digits}f}"

    lines = [f"{_('Số lượt')}: {test['people']}  {_('Trung bình')}: {num(test['mean'])}%  "
             f"{_('Độ lệch chuẩn')}: {num(test['sd'])}%  alpha: {num(test['alpha'])}%"]
    for item in data["items"]:
        flags = "; ".join(f["message"] for f in item["flags"])
        lines.append(f"{item.get('label') or item['name']}: n={item['responses']} "
                     f"F={num(item['facility'], 3)} DI={num(item['discrimination'])} "
                     f"DE={num(item['efficiency'])}" + (f"  [{flags}]" if flags else ""))
    return "\n".join(lines)
