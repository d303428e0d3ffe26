"""The kinds registry: what messages exist, what topic each belongs to, how each is written.

Each kind lives in one module of this package (system.py, accounts.py, events.py) and calls
``register(Kind(...))`` at import; ``get`` loads them all on first use. A kind renders its texts
from the JSON-able ``params`` given to ``notify`` (link URLs absolute, built by the caller).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, has_app_context
from flask_babel import gettext as _

from contest.notifications import topics

_MODULES = ("system", "accounts", "events")
_REGISTRY: dict[str, Kind] = {}
_loaded = False


def _no_zalo(params: dict) -> tuple[str, dict]:
    raise NotImplementedError


@dataclass(frozen=True)
class Kind:
    key: str
    #: Vietnamese (N_), shown on the admin page.
    label: str
    #: ``email(params) -> (subject, text)``
    email: Callable[[dict], tuple[str, str]]
    #: ``sms(params) -> text`` (keep under ~160 characters)
    sms: Callable[[dict], str]
    #: ``zalo(params) -> (template_id, template_data)``: a ZNS template approved by Zalo.
    zalo: Callable[[dict], tuple[str, dict]] = field(default=_no_zalo)
    #: None: essential (always sent); else a key of ``topics.TOPICS``.
    topic: str | None = None
    #: Reset links and codes: the content leaves the log once the outcome is final.
    secret: bool = False
    #: A secret's life in minutes (a setting's name): the message is not tried after it.
    lifetime_setting: str = "PASSWORD_RESET_MINUTES"

    @property
    def has_zalo(self) -> bool:
        """Whether the kind names a Zalo template (else a person's Zalo choice gets SMS)."""
        return self.zalo is not _no_zalo

    def __post_init__(self):
        if self.topic is not None and self.topic not in topics.TOPICS:
            raise ValueError(f"unknown topic {self.topic!r} for kind {self.key!r}")


def zalo_template_id(key: str) -> str:
    """The Zalo template id of kind ``key`` (``ZALO_TEMPLATE_IDS``, else the key itself)."""
    ids = current_app.config.get("ZALO_TEMPLATE_IDS") if has_app_context() else None
    return str((ids or {}).get(key) or key)


def greeting(params: dict) -> str:
    """A message's first line, with the person's name when it is known."""
    name = params.get("name")
    return _("Xin chào %(name)s,", name=name) if name else _("Xin chào,")


def register(kind: Kind) -> Kind:
    """Add ``kind`` to the registry (once per key)."""
    if kind.key in _REGISTRY and _REGISTRY[kind.key] is not kind:
        raise ValueError(f"kind {kind.key!r} registered twice")
    _REGISTRY[kind.key] = kind
    return kind


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in _MODULES:
            importlib.import_module(f"{__name__}.{name}")
        _loaded = True


def get(key: str) -> Kind:
    """The kind ``key``; KeyError for an unknown one."""
    _load()
    return _REGISTRY[key]


def all_kinds() -> list[Kind]:
    _load()
    return sorted(_REGISTRY.values(), key=lambda k: k.key)
