"""Commands of the events notifications (the events helper fills this)."""


def register(group):
    """(events helper fills this)"""
