"""The rules of the bundled ontology, compiled when the ontology changes rather than at run time.

Compiling closes the schema with owlrl (:func:`.oxigraph_rules.compile_rules`): about half a
second, which is most of the closure's time on a small graph and all of a cold first query's
reasoning. The schema is the same for every graph in our model, so the two schemas that occur
(the ontology alone, as for ``synth`` data, and with the bundled data, which adds a few schema
triples of its own) are compiled by ``python tools/compile_rules.py`` into
``bundled_rules.json`` beside this module, keyed by the hash of the schema's N-Triples. A test
compiles them again and compares (``tests/engines/test_bundled_rules.py``), so the file cannot
fall behind the ontology; any other schema is compiled as before.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["FILE", "bundled_rules", "schema_key"]

FILE = Path(__file__).with_name("bundled_rules.json")


def schema_key(schema_nt: str) -> str:
    """The key of a schema in the file: the SHA-256 of its N-Triples text."""
    return hashlib.sha256(schema_nt.encode("utf-8")).hexdigest()


@cache
def _rule_sets() -> tuple[str, dict[str, dict[str, Any]]]:
    try:
        data = json.loads(FILE.read_text(encoding="utf-8"))
        sets = data["rule_sets"]
        if not isinstance(sets, dict):
            raise TypeError("rule_sets")
        return str(data["format"]), sets
    except (OSError, ValueError, KeyError, TypeError):
        return "", {}


def bundled_rules(schema_nt: str, rules_format: str) -> dict[str, Any] | None:
    """The compiled rules of ``schema_nt`` as :meth:`.RuleSet.to_json`'s object (parsed), if it
    is one of the bundled schemas and they were compiled in ``rules_format``; None otherwise."""
    shipped_format, sets = _rule_sets()
    return sets.get(schema_key(schema_nt)) if shipped_format == rules_format else None
