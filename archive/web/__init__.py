"""The web interface and JSON API (`nianbao serve`): `create_app(arc)` builds the app."""

from archive.web.app import create_app

__all__ = ["create_app"]
