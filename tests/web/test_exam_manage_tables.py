"""The organisers' tables on a phone: results tables become a card per row (each cell names its
column) and every scrolling table box is a named region reachable by keyboard."""

from html.parser import HTMLParser

from contest.accounts.models import Role
from contest.exams.models import Assignment
from tests.support.sitting import sit


class Tables(HTMLParser):
    """The .table-wrap boxes and, per table, its class and the data-label of each body cell."""

    def __init__(self):
        super().__init__()
        self.wraps, self.tables, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "table-wrap" in (attrs.get("class") or "").split():
            self.wraps.append(attrs)
        elif tag == "table":
            self.tables.append({"class": attrs.get("class") or "", "cells": []})
        elif tag == "tbody":
            self.in_body = True
        elif tag == "td" and self.in_body and "colspan" not in attrs:
            self.tables[-1]["cells"].append(attrs.get("data-label"))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False


def tables_of(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


def test_round_result_tables_stack_on_a_phone_and_their_boxes_are_named_regions(web, factory, session):
    owner = factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner, is_public=True)
    assessment, a_round = factory.exam(kind="assessment", bank=bank, questions=2, pass_ratio=0.5)
    contest, c_round = factory.exam(bank=bank, questions=2, prize_tiers=[{"name": "Giải Nhất", "count": 1}])
    official = factory.user(role=Role.official)
    session.add(Assignment(exam_id=assessment.id, user_id=official.id))
    factory.commit()
    sit(session, assessment, a_round, official, right=2)
    sit(session, contest, c_round, official, right=2)
    web.login(owner)
    pages = [f"/manage/exams/{assessment.id}/rounds/{a_round.id}", f"/manage/exams/{contest.id}/rounds/{c_round.id}",
             f"/manage/exams/{contest.id}", f"/manage/exams/{contest.id}/settings", "/manage/exams"]
    for url in pages:
        found = tables_of(web.get(url).get_data(as_text=True))
        assert found.wraps, url
        for wrap in found.wraps:
            assert wrap.get("tabindex") == "0" and wrap.get("role") == "region" and wrap.get("aria-label"), (url, wrap)
    for url in pages[:2]:
        results = [t for t in tables_of(web.get(url).get_data(as_text=True)).tables if t["cells"]]
        assert len(results) >= 3, url
        for table in results:
            assert "stack" in table["class"].split() and all(table["cells"]), (url, table)
