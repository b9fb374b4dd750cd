"""Reading HTML pages as a browser would: what they link to and what they load.

:func:`read_page` parses one page into a :class:`Page`: ``links`` (every ``href`` and ``src``
a visitor can follow or the browser fetches) and ``loads`` (only what the browser fetches by
itself when the page opens: scripts, stylesheets, icons, images, frames, media, and ``url(…)``
in inline styles). :func:`elsewhere` keeps the loads that would leave the machine: any
``http(s)://`` or ``//`` address not on ``allowed`` hosts.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["Page", "elsewhere", "read_page"]

_LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
_SRC_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "track", "input"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


@dataclass
class Page:
    links: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    lang: str | None = None


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        page = self.page
        if tag == "html":
            page.lang = a.get("lang")
        if a.get("id"):
            page.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            page.links.append(a["href"])
        if tag == "link" and a.get("href"):
            page.links.append(a["href"])
            if set(a.get("rel", "").lower().split()) & _LOADED_LINK_RELS:
                page.loads.append(a["href"])
        if tag in _SRC_TAGS and a.get("src"):
            page.links.append(a["src"])
            page.loads.append(a["src"])
        for key in ("srcset", "imagesrcset"):
            for item in a.get(key, "").split(","):
                if item.strip():
                    page.loads.append(item.split()[0])
        if tag == "video" and a.get("poster"):
            page.loads.append(a["poster"])
        if tag == "object" and a.get("data"):
            page.loads.append(a["data"])
        page.loads += _CSS_URL.findall(a.get("style", ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.loads += _CSS_URL.findall(data)
            self.page.loads += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def read_page(text: str) -> Page:
    parser = _Parser()
    parser.feed(text)
    return parser.page


def elsewhere(urls: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """The addresses of ``urls`` on another machine (not relative, not ``data:``, not on an
    ``allowed`` host)."""
    out = []
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme in ("http", "https") or url.strip().startswith("//"):
            if parts.hostname not in allowed:
                out.append(url)
        elif parts.scheme not in ("", "data", "blob"):
            out.append(url)
    return out
