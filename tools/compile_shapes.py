#!/usr/bin/env python3
"""Write the parsed triples of the bundled shapes into the package (run after changing them).

    python tools/compile_shapes.py            # write src/governance_graph/bundled_shapes.json
    python tools/compile_shapes.py --check    # exit 1 if the file is not what parsing gives now

``governance_graph.validation_report.load_shapes`` builds the bundled shapes graph from these
triples instead of parsing ``ontology/shapes.ttl`` (``governance_graph.parsed_shapes``). This
script parses the shapes file of this checkout as ``load_shapes`` does and writes its triples
in a canonical order (blank nodes canonically labelled, then sorted), one term and one triple
a line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from shipped_file import write_or_check  # noqa: E402

from governance_graph import parsed_shapes  # noqa: E402


def compiled() -> str:
    """The text bundled_shapes.json should hold."""
    from governance_graph.loading import Source
    from governance_graph.paths import shapes_file
    from governance_graph.validation_report import parse_shapes

    source = Source.read(shapes_file(), "ontology")
    encoded = parsed_shapes.encode(parse_shapes([source]), canonical=True)
    ids = encoded["triples"]
    lines = [
        "{",
        f' "format": {json.dumps(parsed_shapes.FORMAT)},',
        ' "graphs": {',
        f"  {json.dumps(parsed_shapes.shapes_key([source]))}: {{",
        f'   "namespaces": {json.dumps(encoded["namespaces"])},',
        '   "terms": [',
        ",\n".join(f"    {json.dumps(t, ensure_ascii=False)}" for t in encoded["terms"]),
        "   ],",
        '   "triples": [',
        ",\n".join(f"    {ids[i]}, {ids[i + 1]}, {ids[i + 2]}" for i in range(0, len(ids), 3)),
        "   ]",
        "  }",
        " }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    return write_or_check(
        __doc__.splitlines()[0],
        parsed_shapes.FILE,
        compiled,
        differs="what the shapes parse to",
        root=ROOT,
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
