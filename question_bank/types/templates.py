"""Where Jinja finds a question type's partials: ``question_types/<name>/_<kind>.html``.

Built-in types keep theirs as files under the app's ``templates/question_types/``; a type
registered from elsewhere (a plugin, a test) names ``template_sources`` (kind -> source) or a
``template_folder``. This loader serves those, reading the registry on every lookup, so a type
registered after the app was built is found and an unregistered one is gone. Jinja only, no
Flask: the app puts it in a ``ChoiceLoader`` before its own folder.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound

from question_bank.types.base import REGISTRY

PREFIX = "question_types/"


class TypeTemplateLoader(BaseLoader):
    """Partials that registered types bring themselves; anything else is not found here."""

    def get_source(self, environment: Environment, template: str):
        name, _, file = template.removeprefix(PREFIX).partition("/")
        cls = REGISTRY.get(name) if template.startswith(PREFIX) else None
        kind = file.removeprefix("_").removesuffix(".html")
        if cls is None or file != f"_{kind}.html":
            raise TemplateNotFound(template)
        if kind in cls.template_sources:
            source = cls.template_sources[kind]
            return source, None, lambda: REGISTRY.get(name) is cls
        if cls.template_folder:
            path = Path(cls.template_folder) / file
            if path.is_file():
                mtime = path.stat().st_mtime
                return (path.read_text(encoding="utf-8"), str(path),
                        lambda: REGISTRY.get(name) is cls and path.stat().st_mtime == mtime)
        raise TemplateNotFound(template)
