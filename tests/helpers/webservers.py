"""Apache httpd and nginx serving a published site with the rewrite rules it carries, the way
a data team would host it: the site under a path prefix of a document root, Apache reading the
site's own ``.htaccess``, nginx including the two parts of the site's ``nginx.conf``.

:func:`apache_serving` and :func:`nginx_serving` each start the server in the foreground on a
free loopback port with a configuration of their own in ``work`` (nothing of the system's
configuration is read, but for its list of media types), yield the address of the site and stop
the server on exit. Both run as the current user when it is not root; as root, Apache's
workers run as ``nobody`` (Apache refuses root) and nginx runs a single process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from tests.helpers.processes import free_port, http_ready, started

__all__ = ["apache_serving", "hosted", "nginx_serving"]

_APACHE_MODULES = ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers")
_APACHE_MODULE_FOLDERS = ("/usr/lib/apache2/modules", "/usr/lib64/httpd/modules")


def hosted(site: Path, work: Path, prefix: str) -> Path:
    """A document root in ``work`` (which a server's user must be able to enter) holding a copy
    of ``site`` at ``prefix`` (``a/b/``), its folders open to that user; returns the root."""
    root = work / "htdocs"
    target = root.joinpath(*prefix.strip("/").split("/"))
    target.parent.mkdir(parents=True)
    shutil.copytree(site, target)
    for folder, dirs, _files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in dirs:
            os.chmod(Path(folder, name), 0o755)
    return root


def _log(work: Path, name: str):
    def detail(_proc) -> str:
        log = work / name
        return log.read_text(errors="replace")[-2000:] if log.is_file() else "(no log)"

    return detail


@contextlib.contextmanager
def apache_serving(binary: str, docroot: Path, work: Path, prefix: str) -> Iterator[str]:
    """Apache httpd (``binary``) serving ``docroot``, ``.htaccess`` files allowed."""
    modules = next((Path(f) for f in _APACHE_MODULE_FOLDERS if Path(f).is_dir()), None)
    if modules is None:
        raise RuntimeError(f"no Apache module folder among {', '.join(_APACHE_MODULE_FOLDERS)}")
    port = free_port()
    loads = "\n".join(
        f"LoadModule {name}_module {modules}/mod_{name}.so" for name in _APACHE_MODULES
    )
    user = "User #65534\nGroup #65534" if os.geteuid() == 0 else ""
    mime_types = "/etc/mime.types" if Path("/etc/mime.types").is_file() else os.devnull
    conf = work / "httpd.conf"
    conf.write_text(
        f"""ServerRoot "{work}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{work}/httpd.pid"
ErrorLog "{work}/apache-error.log"
LogLevel warn
Mutex file:{work} default
{user}
{loads}
TypesConfig "{mime_types}"
DocumentRoot "{docroot}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docroot}">
    AllowOverride All
    Require all granted
</Directory>
"""
    )
    with started(
        [binary, "-X", "-f", conf],
        ready=http_ready(f"http://127.0.0.1:{port}/"),
        what="apache2",
        exit_detail=_log(work, "apache-error.log"),
    ):
        yield f"http://127.0.0.1:{port}/{prefix}"


@contextlib.contextmanager
def nginx_serving(
    binary: str, docroot: Path, snippet: str, work: Path, prefix: str
) -> Iterator[str]:
    """nginx (``binary``) serving ``docroot`` with the site's ``nginx.conf`` (``snippet``), its
    ``http`` part in ``http {}`` and its ``server`` part in ``server {}``, as the file says."""
    http_part, marker, server_part = snippet.partition("# --- in server {")
    if not marker:
        raise ValueError("nginx.conf has no '# --- in server {' part")
    port = free_port()
    temp = "\n".join(
        f"    {kind}_temp_path {work}/nginx-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime_types = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").is_file() else ""
    conf = work / "nginx.conf"
    conf.write_text(
        f"""daemon off;
{"master_process off;" if os.geteuid() == 0 else ""}
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
{temp}
    {mime_types}
    default_type application/octet-stream;
{http_part}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {docroot};
        # --- in server {{{server_part}
    }}
}}
"""
    )
    with started(
        [binary, "-p", work, "-c", conf, "-e", work / "nginx-error.log"],
        ready=http_ready(f"http://127.0.0.1:{port}/"),
        what="nginx",
        exit_detail=_log(work, "nginx-error.log"),
    ):
        yield f"http://127.0.0.1:{port}/{prefix}"
