"""Old name of ``contest.exams.services.draw_rules``, kept only while ``services/attempts.py`` and
``tests/conftest.py`` (being edited elsewhere) still import it; remove once they import
``draw_rules``."""

from contest.exams.services.draw_rules import forget, plan

__all__ = ["forget", "plan"]
