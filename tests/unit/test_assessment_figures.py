"""An assessment's figures and their roll-up through the unit tree (worked by hand)."""

from contest.reports.assessment_figures import Figures, grouped, roll_up


def test_figures_count_people_who_sat_and_passed():
    f = Figures()
    for sat, passed in ((True, True), (True, False), (False, False), (False, True)):
        f.count(sat, passed)
    # Someone who did not sit never counts as passed, whatever the flag says.
    assert (f.people, f.sat, f.passed, f.not_sat) == (4, 2, 1, 2)
    assert f.pass_rate == 0.25 and f.pass_rate_of_sat == 0.5
    assert Figures().pass_rate is None and Figures().pass_rate_of_sat is None


def test_roll_up_adds_sub_units_to_their_parents_in_tree_order():
    units = {1: ("Tỉnh", None), 2: ("Sở Nội vụ", 1), 3: ("Xã Bình", 1), 4: ("Phòng A", 2), 5: ("Xã Trống", 1)}
    own = {2: Figures(2, 2, 1), 4: Figures(3, 1, 1), 3: Figures(5, 4, 2)}
    lines = roll_up(units, own)
    # The empty commune is left out; siblings by name (Sở before Xã), sub-units under their parent.
    assert [(line.name, line.depth) for line in lines] == [("Tỉnh", 0), ("Sở Nội vụ", 1), ("Phòng A", 2), ("Xã Bình", 1)]
    totals = {line.name: (line.total.people, line.total.sat, line.total.passed) for line in lines}
    assert totals == {"Tỉnh": (10, 7, 4), "Sở Nội vụ": (5, 3, 2), "Phòng A": (3, 1, 1), "Xã Bình": (5, 4, 2)}
    assert lines[0].own.people == 0 and lines[0].children == [2, 3]


def test_roll_up_starts_at_the_topmost_unit_given():
    lines = roll_up({2: ("Sở", 1), 4: ("Phòng", 2)}, {4: Figures(1, 1, 1)})
    assert [(line.name, line.depth, line.total.passed) for line in lines] == [("Sở", 0, 1), ("Phòng", 1, 1)]


def test_grouped_by_name_with_the_unnamed_group_last():
    groups = grouped([("Văn thư", True, True), ("", False, False), ("Kế toán", True, False), ("Văn thư", False, False)])
    assert [(name, f.people, f.sat, f.passed) for name, f in groups] == [
        ("Kế toán", 1, 1, 0), ("Văn thư", 2, 1, 1), ("", 1, 0, 0)]
