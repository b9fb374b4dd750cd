"""Content-negotiation rules for static hosting: Apache ``.htaccess`` and an nginx snippet.

A request for a resource IRI (no extension) is answered with ``303 See Other`` to the document
in the format the ``Accept`` header asks for: ``.ttl`` (text/turtle), ``.jsonld``
(application/ld+json), ``.nt`` (application/n-triples), else HTML, in Dutch (``.nl.html``) when
``Accept-Language`` starts with ``nl`` and in English (``.html``) otherwise. Both files assume
the site is served at the path of ``base_url``. The event stream's root node answers at
``ldes`` (303 to ``ldes.ttl``, or ``ldes.jsonld`` when asked for JSON-LD) and its documents
carry the caching the LDES server primer asks for: pages never change (``immutable``, a week),
the root node changes with each release (60 s).

>>> "R=303" in htaccess("https://example.org/gg/")
True
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["htaccess", "nginx"]

_RDF = (
    ("text/turtle", "ttl"),
    ("application/ld\\+json", "jsonld"),
    ("application/n-triples", "nt"),
)


#: ``Cache-Control`` of the event stream's pages and of its root node (as ``serve`` sends).
_IMMUTABLE = "public, max-age=604800, immutable"
_ROOT = "public, max-age=60"


def _prefix(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def htaccess(base_url: str) -> str:
    """``.htaccess`` for Apache 2.4 with mod_rewrite, placed at the site root."""
    lines = [
        "# governance-graph: Cool URIs content negotiation (made by `governance-graph publish`).",
        "Options -MultiViews",
        "DirectoryIndex index.html",
        "AddType text/turtle .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddType application/trig .trig",
        "AddType image/svg+xml .svg",
        "AddCharset utf-8 .ttl .jsonld .nt .trig .html .rq",
        "AddEncoding gzip .gz",
        "Header always append Vary Accept,Accept-Language",
        "RewriteEngine On",
        f"RewriteBase {_prefix(base_url)}",
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


def nginx(base_url: str) -> str:
    """An nginx snippet: the two ``map`` blocks go in ``http {}``, the locations in ``server {}``
    whose ``root`` is the folder holding the site at the path of ``base_url``."""
    prefix = _prefix(base_url)
    stream = re.escape(prefix)
    rdf_map = "\n".join(f"    ~*{media}  .{ext};" for media, ext in _RDF)
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
    text/html              html;
    text/css               css;
    image/svg+xml          svg;
    text/turtle            ttl;
    application/ld+json    jsonld;
    application/n-triples  nt;
    application/trig       trig;
    application/gzip       gz;
    text/plain             rq;
}}
location {prefix} {{
    add_header Vary "Accept, Accept-Language" always;
    try_files $uri $uri/index.html @gg_conneg;
}}
location = {prefix}ldes {{
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
}}
location @gg_conneg {{
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
