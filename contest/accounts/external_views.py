"""(being built)"""

from contest.accounts.views import bp  # noqa: F401
