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

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    text = compiled()
    current = parsed_shapes.FILE.read_text(encoding="utf-8") if parsed_shapes.FILE.is_file() else ""
    if args.check:
        if current != text:
            print(
                f"{parsed_shapes.FILE.relative_to(ROOT)} is not what the shapes parse to: "
                "run python tools/compile_shapes.py",
                file=sys.stderr,
            )
            return 1
        print(f"{parsed_shapes.FILE.relative_to(ROOT)}: up to date")
        return 0
    parsed_shapes.FILE.write_text(text, encoding="utf-8")
    print(f"wrote {parsed_shapes.FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
