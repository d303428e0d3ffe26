"""One place that imports every table module, so metadata is complete (migrations, tests)."""

from __future__ import annotations

import importlib

TABLE_MODULES = (
    "contest.accounts.models",
    "question_bank.models",
    "contest.exams.models",
    "contest.admin.models",
    "contest.training.models",
    "contest.certificates.models",
    "contest.notifications.models",
    "contest.accounts.recovery_models",
    "contest.accounts.external_models",
    "contest.accounts.two_factor_models",
    "contest.sharing.models",
)


def load_all() -> None:
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:  # a real import error inside an existing module
                raise
