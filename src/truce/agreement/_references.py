"""Cross-references and translations of one parsed version (used by validate)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from truce.agreement._read import DOC_FILE
from truce.agreement.models import Agreement, ControlledArea, HoldingArea, NamedFeature
from truce.agreement.problems import Problem


def _named_layers(a: Agreement) -> list[tuple[str, tuple[NamedFeature, ...]]]:
    return [("zones", a.zones), ("holding_areas", a.holding_areas), ("sites", a.sites)]


def check_references(a: Agreement, rel: str) -> Iterator[Problem]:
    """Unknown parties, regions, zones, holding areas and sites; duplicate ids."""
    doc_file = f"{rel}{DOC_FILE}"
    parties = set(a.party_ids)
    layers = a.doc.layers
    seen = {area.party for area in a.controlled_areas}
    yield from _unknown_parties(a.controlled_areas, parties, f"{rel}{layers.controlled_areas}")
    for pid in sorted(parties - seen):
        yield Problem(
            f"{rel}{layers.controlled_areas}", "$.features", f"party {pid!r} has no controlled area"
        )
    regions = {r.id for r in a.doc.regions}
    for i, reg in enumerate(a.regions):
        if reg.region not in regions:
            yield Problem(
                f"{rel}{layers.regions}",
                f"$.features[{i}].properties.region",
                f"unknown region {reg.region!r}",
            )
    yield from _unknown_parties(a.holding_areas, parties, f"{rel}{layers.holding_areas}")
    ids: dict[str, str] = {}
    for role, items in _named_layers(a):
        for i, item in enumerate(items):
            if item.id in ids:
                yield Problem(
                    f"{rel}{getattr(layers, role)}",
                    f"$.features[{i}].properties.id",
                    f"duplicate id {item.id!r} (also in {ids[item.id]})",
                )
            ids[item.id] = role
    yield from _clause_references(a, doc_file, ids)


def _unknown_parties(
    features: Sequence[ControlledArea | HoldingArea], parties: set[str], file: str
) -> Iterator[Problem]:
    for i, feature in enumerate(features):
        if feature.party not in parties:
            yield Problem(
                file, f"$.features[{i}].properties.party", f"unknown party {feature.party!r}"
            )


def _clause_references(a: Agreement, doc_file: str, ids: dict[str, str]) -> Iterator[Problem]:
    clause_ids: set[str] = set()
    for i, clause in enumerate(a.doc.clauses):
        if clause.id in clause_ids:
            yield Problem(doc_file, f"$.clauses[{i}].id", f"duplicate clause id {clause.id!r}")
        clause_ids.add(clause.id)
        params = getattr(clause, "parameters", None)
        wanted = {"zones": "zones", "sites": "sites", "holding_areas": "holding_areas"}
        for attr, role in wanted.items():
            for j, ref in enumerate(getattr(params, attr, ()) or ()):
                if ids.get(ref) != role:
                    kind = role.rstrip("s").replace("_", " ")
                    yield Problem(
                        doc_file,
                        f"$.clauses[{i}].parameters.{attr}[{j}]",
                        f"unknown {kind} {ref!r}",
                    )


def _texts(a: Agreement) -> Iterator[tuple[str, str, dict[str, str]]]:
    layers = a.doc.layers
    yield DOC_FILE, "$.title", a.doc.title
    for i, p in enumerate(a.doc.parties):
        yield DOC_FILE, f"$.parties[{i}].name", p.name
    for i, r in enumerate(a.doc.regions):
        yield DOC_FILE, f"$.regions[{i}].name", r.name
    for i, c in enumerate(a.doc.clauses):
        yield DOC_FILE, f"$.clauses[{i}].text", c.text
    for role, items in _named_layers(a):
        for i, item in enumerate(items):
            yield str(getattr(layers, role)), f"$.features[{i}].properties.name", item.name


def check_translations(a: Agreement, rel: str) -> Iterator[Problem]:
    """Every text in every language the version lists."""
    for file, path, text in _texts(a):
        missing = [lang for lang in a.doc.languages if lang not in text]
        if missing:
            yield Problem(f"{rel}{file}", path, f"missing translation(s): {', '.join(missing)}")
