"""`nianbao serve`: the web interface and JSON API (archive.web) under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web interface (search, reports, diffs, changes) and the JSON API.

    Example: nianbao serve --port 8000, then open http://127.0.0.1:8000/ (API docs at /api/docs)
    """
    import uvicorn

    from archive.cli.console import open_archive
    from archive.web import create_app

    arc = open_archive()
    try:
        typer.echo(f"nianbao: serving on http://{host}:{port}/ (API docs at /api/docs)")
        uvicorn.run(create_app(arc), host=host, port=port, log_level="info",
                    proxy_headers=False, server_header=False)
    finally:
        arc.close()


def register(app: typer.Typer) -> None:
    """Add `serve` to the nianbao command line."""
    app.command("serve")(serve)
