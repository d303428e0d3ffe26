"""Every import arrow between our modules points one way (issue 11, item 5).

The graph is read from the source (``ast``), so it sees what Python would import: module-level
and function-level imports alike. ``from pkg import name`` points at the submodule ``pkg.name``
when ``name`` is one, else at ``pkg``; ``import a.b.c`` points at the longest of our modules it
names. A cycle is a strongly connected component of more than one module.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("contest", "question_bank")


def our_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _ours(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is one of our modules."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` names (relative imports included)."""
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def import_graph() -> dict[str, set[str]]:
    modules = our_modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [_ours(alias.name, modules) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _base(module, path, node)
                targets = [_ours(f"{base}.{alias.name}", modules) for alias in node.names]
            else:
                continue
            graph[module].update(t for t in targets if t and t != module)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_sees_our_modules_and_their_imports():
    graph = import_graph()
    assert "contest.exams.views.take" in graph
    assert "contest.exams.services.attempts" in graph["contest.exams.views.take"]


def test_cycles_finds_a_loop_and_ignores_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_module_imports_one_that_imports_it():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_question_bank_imports_nothing_from_exams():
    graph = import_graph()
    offending = sorted(f"{m} -> {t}" for m, targets in graph.items() if m.startswith("question_bank")
                       for t in targets if t == "contest.exams" or t.startswith("contest.exams."))
    assert not offending, "question_bank must not use the exams domain:\n" + "\n".join(offending)


def _arrows(graph, source_prefix):
    return sorted((m, t) for m, targets in graph.items() if m.startswith(source_prefix) for t in targets)


def test_core_imports_no_domain_package():
    """contest.core is the infrastructure: every domain package may use it, it uses none of them."""
    offending = [f"{m} -> {t}" for m, t in _arrows(import_graph(), "contest.core")
                 if not t.startswith("contest.core")]
    assert not offending, "contest.core must not import the domain:\n" + "\n".join(offending)


#: What question_bank may use of contest: the infrastructure, and who a person is and may do.
QUESTION_BANK_MAY_USE = ("contest.core", "contest.accounts.models", "contest.accounts.access")


def test_question_bank_uses_only_core_and_identity():
    offending = [f"{m} -> {t}" for m, t in _arrows(import_graph(), "question_bank")
                 if t.startswith("contest") and not t.startswith(QUESTION_BANK_MAY_USE)]
    assert not offending, "question_bank may use only contest.core and accounts:\n" + "\n".join(offending)


def test_exams_imports_nothing_from_training():
    """Training is built on the exam engine, never the other way round: the engine tells it what
    happened through signals and registries (``contest.exams.signals``, ``eligibility``)."""
    offending = [f"{m} -> {t}" for m, t in _arrows(import_graph(), "contest.exams")
                 if t.startswith("contest.training")]
    assert not offending, "contest.exams must not use training:\n" + "\n".join(offending)
