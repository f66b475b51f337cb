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
) -> None:
    """Serve the web interface (search, reports, diffs, changes) and the JSON API.

    Example: nianbao serve --port 8000, then open http://127.0.0.1:8000/ (API docs at /api/docs)
    """
    import uvicorn

    from archive.cli.console import open_archive
    from archive.web import create_app

    arc = open_archive()  # no archive: one line, before any port is taken
    try:
        sock = listen(host, port)
    except BaseException:
        arc.close()
        raise
    try:
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"nianbao: serving on http://{shown}:{port}/ (API docs at /api/docs)")
        config = uvicorn.Config(create_app(arc), host=host, port=port, log_level="info",
                                proxy_headers=False, server_header=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        arc.close()


def register(app: typer.Typer) -> None:
    """Add `serve` to the nianbao command line."""
    app.command("serve")(serve)
