"""`nianbao serve`: the web interface and JSON API (archive.web) under uvicorn."""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from archive.errors import NianbaoError


class PortError(NianbaoError):
    """The address `serve` was asked to listen on cannot be had."""


def listen(host: str, port: int) -> socket.socket:
    """A socket bound and listening on host:port, or a PortError that names the port and
    `--port`/`--host` (checked before anything says "serving")."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise PortError(f"--host {host!r} is not an address of this machine ({exc}); "
                        "give one such as --host 127.0.0.1") from None
    except OverflowError:
        raise PortError(f"--port {port} is not a port number; give one from 1 to 65535") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortError(f"port {port} on {host} is already in use (another `nianbao serve`?);"
                            f" choose another with --port, e.g. --port {port + 1}") from None
        if exc.errno == errno.EACCES:
            raise PortError(f"not allowed to listen on port {port} on {host}; choose a port "
                            "above 1023 with --port") from None
        raise PortError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose "
                        "another address with --host or --port") from None
    sock.set_inheritable(True)
    return sock


def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", min=1, max=65535,
                                      help="Port to listen on.")] = 8000,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", metavar="NAME",
        help="A Host name the server answers to besides localhost, 127.0.0.1, ::1 and "
        "--host (repeatable; *.example.org for its subdomains; also NIANBAO_ALLOWED_HOSTS). "
        "Other Host headers get 400.")] = None,
) -> None:
    """Serve the web interface (search, reports, diffs, changes) and the JSON API.

    Example: nianbao serve --port 8000, then open http://127.0.0.1:8000/ (API docs at /api/docs)

    Behind a proxy or on a network: nianbao serve --host 0.0.0.0 --allow-host archive.example.org
    """
    import uvicorn

    from archive.cli.console import err, open_archive
    from archive.web import create_app
    from archive.web.app import trusted_hosts
    from archive.web.server import server_config

    arc = open_archive()  # no archive: one line, before any port is taken
    try:
        sock = listen(host, port)
    except BaseException:
        arc.close()
        raise
    try:
        shown = f"[{host}]" if ":" in host else host
        wildcard = host in ("0.0.0.0", "::", "")  # every interface: no one name to allow
        hosts = trusted_hosts([*([] if wildcard else [host]), *(allow_host or [])])
        typer.echo(f"nianbao: serving on http://{shown}:{port}/ (API docs at /api/docs)")
        if wildcard and not allow_host:
            err.print(f"nianbao: answering only Host names {', '.join(hosts)}; add the names "
                      "clients use with --allow-host NAME", markup=False, highlight=False)
        config = server_config(create_app(arc, allowed_hosts=hosts), host, port)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        arc.close()


def register(app: typer.Typer) -> None:
    """Add `serve` to the nianbao command line."""
    app.command("serve")(serve)
