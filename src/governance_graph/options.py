"""The click options shared by every command that reads the graph: ``--data``, ``--engine`` and
``--store-dir``. Kept apart from the commands so that the lazily loaded ones (``check``,
``publish``) offer exactly the same options as ``query`` or ``validate``.

>>> import click
>>> @click.command()
... @data_option
... @engine_options
... def show(data, engine, store_dir):
...     click.echo(f"{engine} {store_dir} {list(map(str, data))}")
>>> from click.testing import CliRunner
>>> CliRunner().invoke(show, ["--engine", "oxigraph", "--data", "a.ttl"]).output
"oxigraph None ['a.ttl']\\n"
"""

from __future__ import annotations

from pathlib import Path

import click

from .engines import DEFAULT_ENGINE, engine_help

__all__ = ["allow_warnings_option", "data_option", "engine_options", "shapes_option"]


def data_option(func):  # type: ignore[no-untyped-def]
    """``--data FILE`` (repeatable): data files or folders instead of the bundled ``data/``."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="FILE",
        help="Data file or folder (*.ttl, *.nt, …) to use instead of the bundled data/; "
        "repeatable. The bundled ontology is always loaded (not with validate --no-ontology).",
    )(func)


def engine_options(func):  # type: ignore[no-untyped-def]
    """``--engine NAME`` (default ``auto``) and ``--store-dir PATH`` (oxigraph on disk)."""
    func = click.option(
        "--store-dir",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="PATH",
        help="Keep the oxigraph store on disk here, for graphs larger than memory "
        "(reused when the files have not changed).",
    )(func)
    return click.option(
        "--engine",
        default=DEFAULT_ENGINE,
        show_default=True,
        metavar="NAME",
        help=engine_help(),
    )(func)


#: ``--shapes FILE`` (repeatable): SHACL shapes instead of the bundled ``ontology/shapes.ttl``.
shapes_option = click.option(
    "--shapes",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="SHACL shapes to use instead of the bundled ontology/shapes.ttl; repeatable.",
)

#: ``--allow-warnings``: exit 0 when every SHACL result is a warning or an info.
allow_warnings_option = click.option(
    "--allow-warnings",
    is_flag=True,
    help="Exit 0 when every result is a sh:Warning or sh:Info (the report still says "
    "sh:conforms false).",
)
