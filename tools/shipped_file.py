"""The command line the tools that write a file shipped with the package share: write the file,
or with ``--check`` only compare it with what it should hold (exit 1 if it differs)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(
    description: str,
    file: Path,
    compiled: Callable[[], str],
    *,
    differs: str,
    root: Path,
    argv: list[str] | None = None,
) -> int:
    """Write ``compiled()`` into ``file``; with ``--check`` in ``argv``, write nothing and say
    on stderr, with ``differs`` (what the file is not), when it holds something else."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    text = compiled()
    name = file.relative_to(root)
    if args.check:
        current = file.read_text(encoding="utf-8") if file.is_file() else ""
        if current != text:
            tool = Path(sys.argv[0]).name
            print(f"{name} is not {differs}: run python tools/{tool}", file=sys.stderr)
            return 1
        print(f"{name}: up to date")
        return 0
    file.write_text(text, encoding="utf-8")
    print(f"wrote {name}")
    return 0
