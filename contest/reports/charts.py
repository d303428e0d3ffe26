"""Charts drawn on the server as SVG (pygal), safe to put inside a page (pure: no Flask, no
database).

Each chart comes with the figures it draws (``Chart.rows``): the page shows them as a table
beside the picture (``templates/reports/partials/_chart.html``), so nothing is said by the
picture alone. The SVG is made fit to inline under the site's Content-Security-Policy and for
screen readers:

* no script, no ``<style>`` and no ``style=""`` (the CSP forbids inline styles): pygal's
  defaults are dropped and ``static/css/reports.css`` draws the chart from pygal's classes;
* no width or height, only a ``viewBox``: the picture fills its column, from a 360 px phone up;
* ``role="img"`` with an ``aria-label`` (its title): one image for assistive technology, the
  table says the rest;
* every text (a unit's name, the title) is escaped by the XML serializer, never pasted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

#: The drawing's own size, about a phone's column, so its text reads at its own size there; the
#: page scales it to the column (``viewBox``) and reports.css caps its width on a wide screen.
WIDTH, HEIGHT = 360, 240
#: Font sizes pygal lays the chart out with; reports.css uses the same.
LABEL_SIZE, MAJOR_LABEL_SIZE, VALUE_SIZE = 14, 14, 13
#: More bars than this and only every n-th label is written under the axis.
MAX_X_LABELS = 8
#: At most this many bars in a horizontal bar chart (the table lists every row).
MAX_HORIZONTAL_BARS = 15
#: A horizontal bar's label is cut after this many characters.
MAX_LABEL_CHARACTERS = 16


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its figures: ``header`` names the table's columns, ``rows`` hold the
    same figures the picture draws (formatted for reading)."""

    title: str
    svg: Markup
    header: Sequence[str]
    rows: Sequence[Sequence] = field(default_factory=list)
    #: Said under the chart (e.g. "the 15 highest of 40 units are drawn").
    note: str = ""


def _style():
    from pygal.style import Style

    return Style(background="transparent", plot_background="transparent", font_family="inherit",
                 label_font_size=LABEL_SIZE, major_label_font_size=MAJOR_LABEL_SIZE,
                 value_font_size=VALUE_SIZE, colors=("#b3261e", "#1a56db", "#1e7d32"))


def _config(**extra) -> dict:
    config = {"style": _style(), "js": [], "css": [], "width": WIDTH, "height": HEIGHT,
              "explicit_size": False, "disable_xml_declaration": True, "show_legend": False,
              "margin": 8, "margin_right": 20, "spacing": 6, "truncate_label": -1, "truncate_legend": -1,
              "print_values": False, "show_y_guides": True, "no_data_text": ""}
    config.update(extra)
    return config


def _count_axis(values) -> dict:
    """Whole numbers on a count axis (pygal would write 0.1, 0.2, ... for a count of one)."""
    top = max([v for v in values if v is not None] or [0])
    step = max(1, -(-int(top) // 5))
    return {"y_labels": list(range(0, int(top) + step + 1, step))}


#: The percentage axis: five labels, not eleven.
_PERCENT_AXIS = {"range": (0, 100), "y_labels": [0, 25, 50, 75, 100], "value_formatter": lambda v: f"{v:g}%"}


def _label_every(n: int) -> dict:
    """Write every label when they fit, else every k-th (the table has all of them)."""
    if n <= MAX_X_LABELS:
        return {}
    return {"x_labels_major_every": -(-n // MAX_X_LABELS), "show_minor_x_labels": False}


def bar(title: str, labels: Sequence[str], values: Sequence[float], *, header: Sequence[str],
        rows: Sequence[Sequence] | None = None, x_title: str | None = None, y_title: str | None = None) -> Chart:
    """Vertical bars (a histogram's buckets, counts per label)."""
    import pygal

    chart = pygal.Bar(**_config(x_title=x_title, y_title=y_title, **_label_every(len(labels)),
                                **_count_axis(values)))
    chart.x_labels = list(labels)
    chart.add(title, list(values))
    return Chart(title, _svg(chart, title), header, rows if rows is not None else list(zip(labels, values, strict=True)))


def line(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
         header: Sequence[str], rows: Sequence[Sequence], y_title: str | None = None,
         percent: bool = False) -> Chart:
    """One line per series over ``labels`` (days, rounds)."""
    import pygal

    extra = {"show_legend": len(series) > 1, "legend_at_bottom": True, "legend_at_bottom_columns": 2,
             "y_title": y_title, "dots_size": 3, **_label_every(len(labels))}
    extra.update(_PERCENT_AXIS if percent else _count_axis([v for _name, vs in series for v in vs]))
    chart = pygal.Line(**_config(**extra))
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return Chart(title, _svg(chart, title), header, rows)


def horizontal_bar(title: str, labels: Sequence[str], values: Sequence[float], *, header: Sequence[str],
                   rows: Sequence[Sequence], percent: bool = False, note: str = "") -> Chart:
    """Horizontal bars, first label on top (units by participation rate); at most
    ``MAX_HORIZONTAL_BARS`` are drawn."""
    import pygal

    labels, values = list(labels)[:MAX_HORIZONTAL_BARS], list(values)[:MAX_HORIZONTAL_BARS]
    # Long names are cut (with "…") so the bars keep most of a phone's width; the table has them whole.
    extra = {"height": 70 + 30 * max(len(labels), 1), "truncate_label": MAX_LABEL_CHARACTERS}
    extra.update(_PERCENT_AXIS if percent else _count_axis(values))
    chart = pygal.HorizontalBar(**_config(**extra))
    chart.x_labels = list(reversed(labels))  # pygal draws the first label at the bottom
    chart.add(title, list(reversed(values)))
    return Chart(title, _svg(chart, title), header, rows, note)


def _svg(chart, title: str) -> Markup:
    """The chart as inline SVG without scripts, styles or ids, named by ``title``. Works on the
    tree pygal builds, with lxml or the standard library's ElementTree (whichever pygal uses)."""
    from pygal.etree import etree

    root = chart.render_tree()
    for parent in [root, *root.iter()]:
        for child in list(parent):
            if _dropped(child, top=parent is root):
                parent.remove(child)
    for element in root.iter():
        for attribute in ("style", "id"):
            element.attrib.pop(attribute, None)
    root.set("class", "pygal-chart chart")
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("focusable", "false")
    return Markup(etree.tostring(root, encoding="unicode"))


def _dropped(element, top: bool) -> bool:
    """Comments, scripts and the tooltip layer anywhere; pygal's ``<defs>`` (its ``<style>`` and
    config ``<script>``) and ``<title>`` at the top (the page names the chart)."""
    if not isinstance(element.tag, str):
        return True
    name = _local(element.tag)
    if name == "script" or "tooltip-overlay" in element.get("class", "").split():
        return True
    return top and name in ("defs", "title")


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]
