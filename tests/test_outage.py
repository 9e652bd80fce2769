"""When Neo4j goes away the pages say so at once (503 within 2 s), and recover by themselves when it is back.

The app reaches the test server through a small TCP relay on loopback that the test cuts and restores:
the database is real, only the wire between them is taken away."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from graph.store import db as store_db
from graph.store.db import connect


class Relay:
    """Forwards 127.0.0.1:<port> to the test Neo4j; ``cut()`` drops every connection and stops listening."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = _free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def open(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.sockets.append(self.listener)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.sockets = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def relayed(neo4j, settings, monkeypatch):
    from dataclasses import replace

    from tests.conftest import make_app

    relay = Relay(settings.bolt_port)
    relay.open()
    monkeypatch.setattr(store_db, "DOWN_FOR", 1.0)
    far = replace(settings, neo4j_uri=f"bolt://127.0.0.1:{relay.port}", neo4j_password=settings.password())
    graph = connect(far)
    app = make_app(graph, far)
    yield relay, app.test_client()
    relay.cut()
    graph.close()


def _timed(client, path: str):
    started = time.perf_counter()
    response = client.get(path)
    return response, time.perf_counter() - started


def test_pages_answer_503_at_once_while_neo4j_is_away_and_recover(relayed):
    relay, client = relayed
    assert client.get("/index.json").status_code == 200
    relay.cut()
    for path in ("/index.json", "/", "/search?q=x", "/sanctions/gap"):
        response, seconds = _timed(client, path)
        assert response.status_code == 503 and seconds < 2.0, (path, response.status_code, seconds)
        assert "Traceback" not in response.get_data(as_text=True)
    relay.open()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and client.get("/index.json").status_code != 200:
        time.sleep(0.3)
    response, seconds = _timed(client, "/index.json")
    assert response.status_code == 200
