#!/usr/bin/env python3
# ruff: noqa: E501  (checksums are kept on one line each)
"""Refresh the vendored front-end files from npm, each pinned to a version and checksums.

    python tools/refresh_vendor.py            # fetch (npm pack), check, replace the folders
    python tools/refresh_vendor.py --check    # only check the files in place against the pins

The pages ``serve`` gives browsers load every script and stylesheet from the package, never from
a CDN: the YASGUI query editor (``@zazuko/yasgui``, MIT) and Swagger UI (``swagger-ui-dist``,
Apache-2.0) go into ``src/governance_graph/site/static/vendor/<name>-<version>/`` (in the
wheel); axe-core (MPL-2.0), which only the browser tests load, into
``tests/fixtures/vendor/axe-core-<version>/`` (not in the wheel). Each folder holds the dist
files the pages use, the package's licence files and its ``package.json`` (which names what the
bundle contains); ``static/vendor/vendor.json`` tells the server the file names.

A package is fetched with ``npm pack`` (npm's own client and cache), its tarball checked against
the pinned ``integrity`` (npm's sha512) and every kept file against its pinned sha256; nothing
is written unless all of them match. To move to a new version: change ``version`` and
``integrity`` (``npm view PACKAGE@VERSION dist.integrity``), run with ``--print-sha256`` to see
the new files' checksums, review them, pin them, and run again.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_VENDOR = ROOT / "src" / "governance_graph" / "site" / "static" / "vendor"
TEST_VENDOR = ROOT / "tests" / "fixtures" / "vendor"

# @zazuko/yasgui publishes no licence file; this is the LICENSE of its repository
# (https://github.com/rdfjs/Yasgui/blob/40555f43a2252a4d0f1d262e4f9e4b9318e857f0/LICENSE), the
# MIT licence without a copyright line, which its package.json names ("license": "MIT").
MIT_LICENSE = """The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""


@dataclass(frozen=True)
class Pin:
    """One npm package: where its files go, and the checksums they must have."""

    key: str  #: the name the server looks it up by (``vendor.json``)
    package: str
    version: str
    integrity: str  #: npm's ``dist.integrity`` of the tarball
    into: Path  #: the folder that holds ``<key>-<version>/``
    #: path in the tarball (under ``package/``) -> sha256 of the file kept
    files: dict[str, str] = field(default_factory=dict)
    #: a licence file the tarball lacks: (file name, text)
    extra_license: tuple[str, str] | None = None

    @property
    def folder(self) -> Path:
        return self.into / f"{self.key}-{self.version}"


PINS = (
    Pin(
        key="yasgui",
        package="@zazuko/yasgui",
        version="4.6.2",
        integrity="sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==",
        into=STATIC_VENDOR,
        files={
            "build/yasgui.min.js": "55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75",
            "build/yasgui.min.css": "085b94556b97f9928981bdedb6848fd11ad4d8d950e821f0d698c58ca538fc55",
            "package.json": "25c8a2f2e9dff570f3c34d87a614afc729d1123e4bf1bfdf0c77378cdc269495",
        },
        extra_license=("LICENSE", MIT_LICENSE),
    ),
    Pin(
        key="swagger-ui",
        package="swagger-ui-dist",
        version="5.35.0",
        integrity="sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==",
        into=STATIC_VENDOR,
        files={
            "swagger-ui-bundle.js": "e6a898692f2d768e807c3ba4626068a69a2c5dd960dd6c76f3e4d3a3de180af2",
            "swagger-ui.css": "5ed08757e53da3e026d6cbecc61fe5d43585c9560b302d534ad56692519a273d",
            "LICENSE": "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30",
            "NOTICE": "0d20d1adef18aee3f40dd258172155521ce702ac445cb5f7b7d60ed32dad2fb2",
            "swagger-ui-bundle.js.LICENSE.txt": "37eb6e7e59aed57b2c1acf076574b818ea07b74265717e0bd67b59e0baf9abbb",
            "package.json": "3ec28e655772dce4a5853510ebdd64963b0582a633e274e036273deff361e33c",
        },
    ),
    Pin(
        key="axe-core",
        package="axe-core",
        version="4.14.1",
        integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        into=TEST_VENDOR,
        files={
            "axe.min.js": "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c",
            "LICENSE": "af175b9d96ee93c21a036152e1b905b0b95304d4ae8c2c921c7609100ba8df7e",
            "LICENSE-3RD-PARTY.txt": "4f8563870d0fca38bbc3e00b6f670cb7fa9f380ba9f26a7f7d1184a6b18b1653",
            "package.json": "dfa850050afad33744b89076848d905e2c60a6915e650e054bf038544930f6e0",
        },
    ),
)


class VendorError(Exception):
    """A download or a checksum that does not match its pin."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def kept_name(member: str) -> str:
    """The file name a tarball member is kept under (``build/x.js`` -> ``x.js``)."""
    return member.rsplit("/", 1)[-1]


def fetch(pin: Pin, work: Path) -> dict[str, bytes]:
    """The pinned files of ``pin`` from ``npm pack``, every checksum checked."""
    done = subprocess.run(
        ["npm", "pack", f"{pin.package}@{pin.version}", "--json", "--pack-destination", str(work)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise VendorError(f"npm pack {pin.package}@{pin.version} failed: {done.stderr.strip()}")
    tarball = work / json.loads(done.stdout)[0]["filename"]
    data = tarball.read_bytes()
    if integrity(data) != pin.integrity:
        raise VendorError(f"{pin.package}@{pin.version}: the tarball is not the pinned one")
    out: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member, expected in pin.files.items():
            extracted = archive.extractfile(f"package/{member}")
            if extracted is None:
                raise VendorError(f"{pin.package}: no file {member} in the tarball")
            content = extracted.read()
            if sha256(content) != expected:
                raise VendorError(f"{pin.package}: {member} has sha256 {sha256(content)}")
            out[kept_name(member)] = content
    if pin.extra_license is not None:
        name, text = pin.extra_license
        out[name] = text.encode("utf-8")
    return out


def expected_files(pin: Pin) -> dict[str, str]:
    """The folder's file names and their sha256, as pinned."""
    files = {kept_name(member): digest for member, digest in pin.files.items()}
    if pin.extra_license is not None:
        name, text = pin.extra_license
        files[name] = sha256(text.encode("utf-8"))
    return files


def manifest() -> dict[str, dict[str, object]]:
    """``vendor.json``: for each package of the wheel, its folder, version and files."""
    return {
        pin.key: {
            "package": pin.package,
            "version": pin.version,
            "folder": pin.folder.name,
            "integrity": pin.integrity,
            "files": expected_files(pin),
        }
        for pin in PINS
        if pin.into == STATIC_VENDOR
    }


def check() -> list[str]:
    """Every difference between the folders in place and the pins (empty: all match)."""
    problems = []
    for pin in PINS:
        expected = expected_files(pin)
        found = {p.name for p in pin.folder.glob("*")} if pin.folder.is_dir() else set()
        for name in sorted(found - set(expected)):
            problems.append(f"{pin.folder.relative_to(ROOT)}/{name}: not pinned")
        for name, digest in sorted(expected.items()):
            path = pin.folder / name
            if not path.is_file():
                problems.append(f"{path.relative_to(ROOT)}: missing")
            elif sha256(path.read_bytes()) != digest:
                problems.append(f"{path.relative_to(ROOT)}: not the pinned file")
        stale = [p for p in pin.into.glob(f"{pin.key}-*") if p != pin.folder]
        problems += [f"{p.relative_to(ROOT)}: an old version" for p in stale]
    written = STATIC_VENDOR / "vendor.json"
    if not written.is_file() or json.loads(written.read_text("utf-8")) != manifest():
        problems.append(f"{written.relative_to(ROOT)}: does not match the pins")
    return problems


def refresh() -> None:
    with tempfile.TemporaryDirectory(prefix="vendor-") as tmp:
        fetched = {pin.key: fetch(pin, Path(tmp)) for pin in PINS}
        for pin in PINS:
            for old in pin.into.glob(f"{pin.key}-*"):
                shutil.rmtree(old)
            pin.folder.mkdir(parents=True)
            for name, content in sorted(fetched[pin.key].items()):
                (pin.folder / name).write_bytes(content)
            print(f"{pin.package}@{pin.version} -> {pin.folder.relative_to(ROOT)}")
    text = json.dumps(manifest(), indent=2, sort_keys=True) + "\n"
    (STATIC_VENDOR / "vendor.json").write_text(text, encoding="utf-8")


def print_sha256() -> None:
    with tempfile.TemporaryDirectory(prefix="vendor-") as tmp:
        for pin in PINS:
            done = subprocess.run(
                ["npm", "pack", f"{pin.package}@{pin.version}", "--json"],
                capture_output=True,
                text=True,
                check=True,
                cwd=tmp,
            )
            tarball = Path(tmp) / json.loads(done.stdout)[0]["filename"]
            print(f"{pin.package}@{pin.version} {integrity(tarball.read_bytes())}")
            with tarfile.open(tarball, "r:gz") as archive:
                for member in pin.files:
                    extracted = archive.extractfile(f"package/{member}")
                    digest = sha256(extracted.read()) if extracted else "missing"
                    print(f"  {member}: {digest}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="check the files in place only")
    group.add_argument(
        "--print-sha256", action="store_true", help="print the checksums of the pinned versions"
    )
    args = parser.parse_args(argv)
    try:
        if args.print_sha256:
            print_sha256()
            return 0
        if not args.check:
            refresh()
        problems = check()
    except (VendorError, OSError, subprocess.CalledProcessError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
