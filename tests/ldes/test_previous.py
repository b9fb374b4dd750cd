"""``publish`` continues the stream the site had, or the one ``--previous`` names (a folder or a
URL); a previous stream it cannot continue is refused with one line and exit 2, and the output
folder stays exactly as it was."""

from __future__ import annotations

import functools
import re
import shutil
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from tests.helpers.processes import serving

from .conftest import BASE
from .streams import files, write

OTHER_BASE = "http://elsewhere.test/"


@pytest.fixture(scope="module")
def published(checkouts, tmp_path_factory, script_env) -> Path:
    """Release A's site, published by the command."""
    from tests.helpers.processes import run_script

    site = tmp_path_factory.mktemp("published") / "site"
    a = checkouts["a"]
    proc = run_script(
        "publish", site, "--data", a.data, "--releases", a.root, "--no-diagrams",
        "--base-url", BASE, env=script_env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "event stream (release 0.3.0):" in proc.stdout
    return site


@pytest.fixture
def site(published, tmp_path) -> Path:
    """A copy of release A's site, to publish into."""
    copy = tmp_path / "out" / "site"
    shutil.copytree(published, copy)
    return copy


def _publish(gg, site: Path, checkout, *extra: str | Path):
    return gg(
        "publish", site, "--data", checkout.data, "--releases", checkout.root, "--no-diagrams",
        "--base-url", BASE, *extra,
    )  # fmt: skip


def _refused(proc, site: Path, before: dict[str, bytes]) -> str:
    """The one line of a refused publish; the folder and its parent are as they were."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert files(site) == before
    assert [p.name for p in site.parent.iterdir()] == [site.name]  # no half-built site left
    return lines[0].removeprefix("error: ")


def test_a_malformed_page_is_named_with_its_line(gg, site, checkouts):
    page = site / "ldes" / "page-1.ttl"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(19, "this is not Turtle .")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = files(site)
    message = _refused(_publish(gg, site, checkouts["b"]), site, before)
    assert re.match(r".*ldes/page-1\.ttl:20:\d+: ", message), message


def test_a_stream_of_another_site_is_refused(gg, site, checkouts, graphs, tmp_path):
    other = tmp_path / "other"
    write(graphs["a"], other, checkouts["a"].release, base=OTHER_BASE)
    before = files(site)
    message = _refused(_publish(gg, site, checkouts["b"], "--previous", other), site, before)
    assert message == (
        f"{other}/ldes.ttl: the event stream there is <{OTHER_BASE}ldes#stream>, not this "
        f"site's <{BASE}ldes#stream> (published with another --base-url?)"
    )


def test_a_file_that_is_not_an_event_stream_is_refused(gg, site, checkouts):
    (site / "ldes.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    before = files(site)
    message = _refused(_publish(gg, site, checkouts["b"]), site, before)
    assert message == f"{site}/ldes.ttl: not an event stream (no ldes:EventStream in it)"


def test_a_stream_of_a_later_release_is_refused(gg, site, checkouts, graphs, tmp_path):
    later = tmp_path / "later"
    write(graphs["b"], later, checkouts["b"].release)
    before = files(site)
    message = _refused(_publish(gg, site, checkouts["a"], "--previous", later), site, before)
    assert message == (
        f"{later}/ldes.ttl: the stream was published for release 0.4.0, later than release "
        "0.3.0 being published"
    )


def test_the_same_release_with_a_changed_graph_is_refused(gg, site, checkouts, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(checkouts["a"].root, changed)
    shutil.copy(checkouts["b"].data / "zz-ldes-test.ttl", changed / "data" / "zz-ldes-test.ttl")
    before = files(site)
    proc = gg(
        "publish", site, "--data", changed / "data", "--releases", changed, "--no-diagrams",
        "--base-url", BASE,
    )  # fmt: skip
    assert _refused(proc, site, before) == (
        "the graph changed since release 0.3.0 was published: record a new release with "
        "`governance-graph release VERSION`"
    )


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ("no-such-folder", "--previous no-such-folder: no such folder"),
        ("ftp://example.test/ldes.ttl", "--previous ftp://example.test/ldes.ttl: only folders"),
        ("http://127.0.0.1:9/gg", "--previous http://127.0.0.1:9/gg: give the stream's root"),
        ("http://127.0.0.1:9/gg/", "http://127.0.0.1:9/gg/ldes.ttl: cannot fetch: "),
    ],
)
def test_a_previous_stream_that_cannot_be_read_is_refused(gg, site, checkouts, previous, expected):
    before = files(site)
    message = _refused(_publish(gg, site, checkouts["b"], "--previous", previous), site, before)
    assert message.startswith(expected), message


def test_the_stream_continues_from_a_url(gg, published, checkouts, tmp_path):
    """Release B published into a new folder, after release A's stream read over HTTP: A's
    pages byte for byte, and one page more."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(published))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    out = tmp_path / "site"
    with serving(handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        proc = _publish(gg, out, checkouts["b"], "--previous", url)
    assert proc.returncode == 0, proc.stderr
    assert "3 new members (2 versions, 1 delete) on 1 new page;" in proc.stdout
    old, new = files(published), files(out)
    pages = [name for name in old if name.startswith("ldes/")]
    assert pages and all(new[name] == old[name] for name in pages)
    assert len([name for name in new if name.startswith("ldes/")]) == len(pages) + 2
