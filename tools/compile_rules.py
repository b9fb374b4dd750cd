#!/usr/bin/env python3
"""Compile the bundled ontology's rules into the package (run after changing the ontology).

    python tools/compile_rules.py            # write src/governance_graph/engines/bundled_rules.json
    python tools/compile_rules.py --check    # exit 1 if the file is not what compiling gives now

The oxigraph engine closes the schema with owlrl and turns it into rules before it reasons
(``governance_graph.engines.oxigraph_rules``). For the two schemas a graph in our model has (the
ontology alone, and with the bundled data) the result ships with the package
(``governance_graph.engines.bundled_rules``), so no run compiles them. This script compiles both
from the files of this checkout, without any cache.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from shipped_file import write_or_check  # noqa: E402

from governance_graph.engines import bundled_rules, oxigraph_rules  # noqa: E402


def schemas() -> dict[str, str]:
    """The schema N-Triples of the ontology alone and of the ontology with the bundled data,
    extracted as the engine extracts them from its store."""
    import governance_graph

    out = {}
    for name, data in (("ontology", []), ("ontology and bundled data", None)):
        kg = governance_graph.load(data=data, engine="oxigraph")
        out[name] = oxigraph_rules.extract_schema(kg.engine.asserted_store())
    return out


def compiled() -> str:
    """The text bundled_rules.json should hold."""
    sets = {}
    for schema in schemas().values():
        rules = oxigraph_rules.compile_rules(schema, cache=False, bundled=False)
        sets[bundled_rules.schema_key(schema)] = json.loads(rules.to_json())
    data = {"format": oxigraph_rules.RULES_FORMAT, "rule_sets": dict(sorted(sets.items()))}
    return json.dumps(data, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    return write_or_check(
        __doc__.splitlines()[0],
        bundled_rules.FILE,
        compiled,
        differs="what the ontology compiles to",
        root=ROOT,
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
