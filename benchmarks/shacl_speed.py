"""Figures for the fast SHACL validator (``governance_graph.engines.oxigraph_shacl``) by size.

    python benchmarks/shacl_speed.py [--sizes 10k,100k,1M] [--seed 1] [--violations 5] [--repeat 1]

For each size: a synthetic graph (``governance_graph.synth``, N-Triples), loaded with the
ontology (``ontology/*.ttl`` except the shapes) into an in-memory pyoxigraph store, then
validated against ``ontology/shapes.ttl`` with ``validate_store``. Prints one row per size:
triples, load seconds, validation seconds (best of ``--repeat``), results, whether the results
are the injected violations (the generator's ground truth: same focus node, node shape and
component), and the growth exponent of the validation time against the previous size (1.0 is
linear). A script, not a timed test. ``GOVERNANCE_GRAPH_SHACL_PROFILE=1`` also prints the
slowest queries of each run to stderr.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import pyoxigraph as ox
from rdflib import BNode, Graph

from governance_graph import synth
from governance_graph.engines.oxigraph_shacl import declared_datatype_quads, validate_store
from governance_graph.paths import bundled_root


def size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def load(data: bytes) -> ox.Store:
    store = ox.Store()
    for f in sorted((bundled_root() / "ontology").glob("*.ttl")):
        if f.name != "shapes.ttl":
            store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    store.extend(declared_datatype_quads(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
    return store


def matches(report, truth) -> bool:
    def node_shape(r):
        shape = r.node_shape if r.node_shape is not None else r.source_shape
        return None if isinstance(shape, BNode) else str(shape)

    got = sorted(
        (str(r.focus_node), node_shape(r), str(r.constraint_component)) for r in report.results
    )
    want = sorted((v.focus_node, v.node_shape, v.component) for v in truth)
    return got == want


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--violations", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    shapes = Graph().parse(bundled_root() / "ontology" / "shapes.ttl")
    print(
        f"{'size':>6} {'triples':>9} {'generate s':>10} {'load s':>7} {'validate s':>10} "
        f"{'results':>7} {'= truth':>7} {'growth':>6}"
    )
    previous = None
    for label in args.sizes.split(","):
        n = size(label)
        started = time.perf_counter()
        text, truth = synth.generate(n, seed=args.seed, violations=args.violations)
        generated = time.perf_counter() - started
        data = text.encode()
        del text
        started = time.perf_counter()
        store = load(data)
        loaded = time.perf_counter() - started
        triples = len(store)
        best = math.inf
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            report = validate_store(store, shapes)
            best = min(best, time.perf_counter() - started)
        growth = ""
        if previous is not None:
            growth = f"{math.log(best / previous[1]) / math.log(triples / previous[0]):.2f}"
        previous = (triples, best)
        ok = "yes" if matches(report, truth) else "NO"
        print(
            f"{label:>6} {triples:>9} {generated:>10.2f} {loaded:>7.2f} {best:>10.2f} "
            f"{len(report.results):>7} {ok:>7} {growth:>6}",
            flush=True,
        )
        if report.fallbacks:
            print(f"       fallbacks: {report.fallbacks}", file=sys.stderr)
        del store, data
    return 0


if __name__ == "__main__":
    sys.exit(main())
