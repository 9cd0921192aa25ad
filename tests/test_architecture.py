"""The import graph: edges call services; stages never reach the store, an edge or a framework.

Every ``import`` in ``src/truce`` (also inside functions) is read with :mod:`ast`:

* edges (``truce.cli``, ``truce.api``, ``truce.web``) import only ``truce.services``,
  ``truce.domain``, ``truce.errors``, ``truce.settings`` and their own package;
* stages (``truce.geo``, ``truce.agreement``, ``truce.intake``, ``truce.ledger``,
  ``truce.fusion``, ``truce.compliance``, ``truce.reports``) import no store, service, edge,
  web framework, CLI library or SQLAlchemy;
* ``truce.domain`` imports no stage, store, service or edge.

Packages that do not exist yet (an edge being written) are covered as soon as they do.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "truce"

EDGES = ("cli", "api", "web")
STAGES = ("geo", "agreement", "intake", "ledger", "fusion", "compliance", "reports")
EDGE_MAY_IMPORT = ("truce.services", "truce.domain", "truce.errors", "truce.settings")
STAGE_MUST_NOT = (
    "truce.store",
    "truce.services",
    *(f"truce.{e}" for e in EDGES),
    "fastapi",
    "starlette",
    "typer",
    "sqlalchemy",
    "alembic",
)
DOMAIN_MUST_NOT = (
    *(f"truce.{s}" for s in STAGES),
    "truce.store",
    "truce.services",
    *(f"truce.{e}" for e in EDGES),
)

#: Imports still to remove (each entry must still exist: the list only shrinks). Empty: the
#: web pages find their caller through truce.services.callers, as the API does.
KNOWN: set[tuple[str, str]] = set()


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted(SRC.rglob("*.py")):
        module = _module(path)
        area = module.split(".")[1] if "." in module else ""
        for name in _imports(path):
            if area in EDGES:
                own = f"truce.{area}"
                truce_name = name == "truce" or name.startswith("truce.")
                if truce_name and not _within(name, (*EDGE_MAY_IMPORT, own)):
                    found.add((module, name))
                if _within(name, ("sqlalchemy", "alembic")):
                    found.add((module, name))
            elif area in STAGES and _within(name, STAGE_MUST_NOT):
                found.add((module, name))
            elif area == "domain" and _within(name, DOMAIN_MUST_NOT):
                found.add((module, name))
    return found


def test_edges_call_services_and_stages_stay_pure() -> None:
    new = sorted(_violations() - KNOWN)
    assert not new, "imports that break docs/architecture.md:\n" + "\n".join(
        f"  {m} imports {n}" for m, n in new
    )


def test_the_known_list_only_shrinks() -> None:
    gone = sorted(KNOWN - _violations())
    assert not gone, f"remove from KNOWN (fixed): {gone}"


@pytest.mark.parametrize("area", [*EDGES, *STAGES])
def test_the_rules_cover_each_package_that_exists(area: str) -> None:
    assert (SRC / area).is_dir(), f"truce.{area} is named in the rules but does not exist"
    assert any(_module(p).startswith(f"truce.{area}") for p in SRC.rglob("*.py"))
