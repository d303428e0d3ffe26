"""Server-drawn charts are safe to put inside a page: no script, no inline style (the CSP
forbids both), no fixed size, one named image, every text escaped."""

import re

from contest.reports import charts

HOSTILE = 'Xã <script>alert("x")</script> & "Đông"'


def test_a_chart_is_one_named_image_without_scripts_styles_or_a_fixed_size():
    chart = charts.bar("Phân bố điểm", ["0", "1", "2"], [1, 0, 3], header=["Điểm", "Số người"])
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Phân bố điểm"' in svg
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
    assert not re.search(r"<svg[^>]* (width|height)=", svg)
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg and " id=" not in svg
    assert chart.rows == [("0", 1), ("1", 0), ("2", 3)]


def test_names_and_titles_are_escaped_never_pasted():
    chart = charts.horizontal_bar(HOSTILE, [HOSTILE, "Phường 2"], [50.0, 20.0], percent=True,
                                  header=["Đơn vị", "Tỷ lệ"], rows=[(HOSTILE, "50%")])
    svg = str(chart.svg)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="Xã &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Đông&quot;"' in svg


def test_many_bars_keep_every_figure_in_the_table_and_say_so():
    names = [f"Xã {n}" for n in range(40)]
    chart = charts.horizontal_bar("Tỷ lệ", names, list(range(40)), header=["Đơn vị", "Số người"],
                                  rows=list(zip(names, range(40), strict=True)), note="15 / 40")
    assert str(chart.svg).count('class="rect reactive tooltip-trigger"') == charts.MAX_HORIZONTAL_BARS
    assert len(chart.rows) == 40 and chart.note


def test_a_count_axis_has_whole_numbers():
    svg = str(charts.bar("Số người", ["a"], [1], header=["", ""]).svg)
    labels = re.findall(r'<text[^>]*class="(?:major)?"?[^>]*>([^<]+)</text>', svg)
    assert "0.5" not in labels and "0.1" not in labels
