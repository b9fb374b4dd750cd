"""Content-negotiation rules for static hosting: Apache ``.htaccess`` and an nginx snippet.

A request for a resource IRI (no extension) is answered with ``303 See Other`` to the document
in the format the ``Accept`` header asks for: ``.ttl`` (text/turtle), ``.jsonld``
(application/ld+json), ``.nt`` (application/n-triples), else HTML, in Dutch (``.nl.html``) when
``Accept-Language`` starts with ``nl`` and in English (``.html``) otherwise. Both files assume
the site is served at the path of ``base_url``. The event stream's root node answers at
``ldes`` (303 to ``ldes.ttl``, or ``ldes.jsonld`` when asked for JSON-LD) and its documents
carry the caching the LDES server primer asks for: pages never change (``immutable``, a week),
the root node changes with each release (60 s). An ontology term (``ontology/Chair``) asked for
as HTML goes to its entry on the ontology page (``ontology.html#Chair``), as ``serve`` does; asked
for as RDF, to its own description (``ontology/Chair.ttl``).

>>> "R=303" in htaccess("https://example.org/gg/")
True
>>> "^ontology/(Chair)$ ontology.html#$1" in htaccess("https://example.org/gg/", {"Chair"})
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = ["htaccess", "nginx"]

_RDF = (
    ("text/turtle", "ttl"),
    ("application/ld\\+json", "jsonld"),
    ("application/n-triples", "nt"),
)


#: The media type of each kind of file publish writes (as ``serve`` sends them).
_TYPES = (
    ("css", "text/css"),
    ("csv", "text/csv"),
    ("gz", "application/gzip"),
    ("html", "text/html"),
    ("js", "text/javascript"),
    ("json", "application/json"),
    ("jsonld", "application/ld+json"),
    ("nt", "application/n-triples"),
    ("png", "image/png"),
    ("rq", "text/plain"),
    ("svg", "image/svg+xml"),
    ("trig", "application/trig"),
    ("ttl", "text/turtle"),
)

#: ``Cache-Control`` of the event stream's pages and of its root node (as ``serve`` sends).
_IMMUTABLE = "public, max-age=604800, immutable"
_ROOT = "public, max-age=60"


def _prefix(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _terms(terms: Iterable[str]) -> str:
    """The terms as one regular-expression alternation, sorted; each must be a plain name."""
    names = sorted(set(terms))
    for name in names:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
            raise ValueError(f"ontology term {name!r} is not a plain name")
    return "|".join(names)


def htaccess(base_url: str, terms: Iterable[str] = ()) -> str:
    """``.htaccess`` for Apache 2.4 with mod_rewrite, placed at the site root; ``terms`` are the
    local names with an entry on the ontology page."""
    lines = [
        "# governance-graph: Cool URIs content negotiation (made by `governance-graph publish`).",
        "Options -MultiViews",
        "DirectoryIndex index.html",
        *(f"AddType {media} .{ext}" for ext, media in _TYPES),
        "AddCharset utf-8 .css .csv .html .js .jsonld .nt .rq .trig .ttl",
        "# a dump.nt.gz is a gzip file (as the catalogue says), not N-Triples sent compressed",
        "RemoveEncoding .gz",
        '<Files "SHA256SUMS">',
        '    ForceType "text/plain; charset=utf-8"',
        "</Files>",
        "Header always append Vary Accept,Accept-Language",
        "RewriteEngine On",
        f"RewriteBase {_prefix(base_url)}",
        "",
        "# the files publish keeps for itself (.htaccess, the site marker) are not pages",
        "RewriteRule (^|/)\\. - [R=404,L]",
        "",
        "# the event stream: its root node by Accept, and how long each document may be cached",
        "RewriteCond %{HTTP_ACCEPT} application/ld\\+json [NC]",
        "RewriteRule ^ldes/?$ ldes.jsonld [R=303,L]",
        "RewriteRule ^ldes/?$ ldes.ttl [R=303,L]",
        '<FilesMatch "^page-[0-9]+\\.(ttl|jsonld)$">',
        f'    Header set Cache-Control "{_IMMUTABLE}"',
        "</FilesMatch>",
        '<FilesMatch "^ldes\\.(ttl|jsonld)$">',
        f'    Header set Cache-Control "{_ROOT}"',
        "</FilesMatch>",
        "",
    ]
    names = _terms(terms)
    if names:
        # Before the RDF rules, which send every other ontology/<Term> to its own file.
        rdf = "|".join(media for media, _ in _RDF)
        lines += [
            "# an ontology term asked for as HTML: its entry on the ontology page (NE keeps the #)",
            f"RewriteCond %{{HTTP_ACCEPT}} !({rdf}) [NC]",
            "RewriteCond %{HTTP:Accept-Language} ^nl [NC]",
            f"RewriteRule ^ontology/({names})$ ontology.nl.html#$1 [R=303,NE,L]",
            f"RewriteCond %{{HTTP_ACCEPT}} !({rdf}) [NC]",
            f"RewriteRule ^ontology/({names})$ ontology.html#$1 [R=303,NE,L]",
            "",
        ]
    for media, ext in _RDF:
        lines += [
            f"# {media.replace(chr(92), '')} -> .{ext}",
            "RewriteCond %{REQUEST_FILENAME} !-f",
            f"RewriteCond %{{HTTP_ACCEPT}} {media} [NC]",
            f"RewriteCond %{{REQUEST_FILENAME}}.{ext} -f",
            f"RewriteRule ^(.+)$ $1.{ext} [R=303,L]",
            "",
        ]
    lines += [
        "# Dutch HTML when Accept-Language prefers nl",
        "RewriteCond %{REQUEST_FILENAME} !-f",
        "RewriteCond %{HTTP:Accept-Language} ^nl [NC]",
        "RewriteCond %{REQUEST_FILENAME}.nl.html -f",
        "RewriteRule ^(.+)$ $1.nl.html [R=303,L]",
        "",
        "# otherwise English HTML",
        "RewriteCond %{REQUEST_FILENAME} !-f",
        "RewriteCond %{REQUEST_FILENAME}.html -f",
        "RewriteRule ^(.+)$ $1.html [R=303,L]",
        "",
    ]
    return "\n".join(lines)


def nginx(base_url: str, terms: Iterable[str] = ()) -> str:
    """An nginx snippet: the ``map`` blocks go in ``http {}``, the locations in ``server {}``
    whose ``root`` is the folder holding the site at the path of ``base_url``; ``terms`` are the
    local names with an entry on the ontology page."""
    prefix = _prefix(base_url)
    stream = re.escape(prefix)
    rdf_map = "\n".join(f"    ~*{media}  .{ext};" for media, ext in _RDF)
    names = _terms(terms)
    types = "\n".join(f"    {media:<22} {ext};" for ext, media in _TYPES)
    term_location = (
        rf"""
location ~ ^{stream}ontology/(?<gg_term>{names})$ {{
    add_header Vary "Accept, Accept-Language" always;
    if ($gg_rdf_suffix != "") {{
        return 303 $uri$gg_rdf_suffix;
    }}
    return 303 {prefix}ontology$gg_html_suffix#$gg_term;
}}"""
        if names
        else ""
    )
    return rf"""# governance-graph: Cool URIs content negotiation (by `governance-graph publish`).
# --- in http {{ }} ---
map $http_accept $gg_rdf_suffix {{
    default  "";
{rdf_map}
}}
map $http_accept_language $gg_html_suffix {{
    default  ".html";
    ~*^nl    ".nl.html";
}}

# --- in server {{ }} (root = the folder that holds the site at {prefix}) ---
types {{
{types}
}}
charset utf-8;
charset_types text/css text/csv text/javascript text/plain text/turtle application/ld+json
              application/n-triples application/trig;
location {prefix} {{
    add_header Vary "Accept, Accept-Language" always;
    try_files $uri $uri/index.html @gg_conneg;
}}
location = {prefix}dumps/SHA256SUMS {{
    default_type text/plain;
}}
# the files publish keeps for itself (.htaccess, the site marker) are not pages
location ~ ^{stream}(.*/)?\. {{
    return 404;
}}
location = {prefix}ldes {{
    add_header Vary Accept always;
    if ($http_accept ~* "application/ld\+json") {{
        return 303 {prefix}ldes.jsonld;
    }}
    return 303 {prefix}ldes.ttl;
}}
location ~ ^{stream}ldes/page-[0-9]+\.(ttl|jsonld)$ {{
    add_header Cache-Control "{_IMMUTABLE}" always;
}}
location ~ ^{stream}ldes\.(ttl|jsonld)$ {{
    add_header Cache-Control "{_ROOT}" always;
}}{term_location}
location @gg_conneg {{
    add_header Vary "Accept, Accept-Language" always;
    set $gg_target $uri$gg_html_suffix;
    if ($gg_rdf_suffix != "") {{
        set $gg_target $uri$gg_rdf_suffix;
    }}
    if (-f $document_root$gg_target) {{
        return 303 $gg_target;
    }}
    return 404;
}}
"""
