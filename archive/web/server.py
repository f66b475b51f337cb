"""How `nianbao serve` runs the app under uvicorn: limits that keep a slow or hostile client
from holding the server (a request head must arrive in time, idle keep-alive connections
close, a bounded number at once)."""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a connection has to send a complete request head, from when it opens or from
#: its previous response (uvicorn itself never closes a connection trickling a head).
HEAD_TIMEOUT = 10.0
#: Seconds an idle keep-alive connection stays open after a response (uvicorn's default,
#: said here so it is a decision).
KEEP_ALIVE = 5
#: Connections and requests served at once; beyond, uvicorn answers 503 at once.
LIMIT_CONCURRENCY = 200
#: The largest request head in bytes (h11's default, 16 KiB); a longer one is a 400.
MAX_HEAD = 16 * 1024


class HeadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol that closes a connection whose request head has not arrived
    within HEAD_TIMEOUT seconds (a half-open or slowloris connection)."""

    head_timeout = HEAD_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_expired)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_expired(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a head arrived: the request has begun
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's head gets the same time

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def server_config(app: Any, host: str, port: int) -> uvicorn.Config:
    """uvicorn's configuration for `nianbao serve`: the limits above, no proxy headers
    trusted, no Server header."""
    return uvicorn.Config(app, host=host, port=port, log_level="info", proxy_headers=False,
                          server_header=False, http=HeadTimeoutProtocol,
                          timeout_keep_alive=KEEP_ALIVE, limit_concurrency=LIMIT_CONCURRENCY,
                          h11_max_incomplete_event_size=MAX_HEAD)
