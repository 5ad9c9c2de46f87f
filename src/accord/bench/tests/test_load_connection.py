"""The load generator resends a request once, on a new connection, only when a reused
keep-alive connection failed before any byte of an answer; everything else is an error."""

import socket
import struct
import threading

import pytest

from accord.bench.load import Tally, _Connection, _NoAnswer

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


class _Server:
    """Loopback server; `script` says per connection, per request: "answer" or "drop"."""

    def __init__(self, script: list[list[str]]):
        self.script, self.requests = script, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        for plan in self.script:
            conn, _ = self.sock.accept()
            with conn:
                for step in plan:
                    if not self._read_request(conn):
                        break
                    self.requests += 1
                    if step == "drop":
                        break  # close without a byte of an answer
                    if step == "reset":
                        # Close with the request unread: the kernel sends RST, not FIN.
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                        struct.pack("ii", 1, 0))
                        break
                    conn.sendall(OK)

    @staticmethod
    def _read_request(conn) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return False
            data += chunk
        return True


def test_a_reused_connection_closed_without_an_answer_is_resent_once_on_a_new_one():
    server = _Server([["answer", "drop"], ["answer"]])
    tally = Tally()
    connection = _Connection(server.port, tally)
    assert connection.exchange("GET", "/a", None, {}) == (200, b"ok")
    assert connection.exchange("GET", "/b", None, {}) == (200, b"ok")
    assert tally.retries == 1
    assert server.requests == 3


def test_a_reused_connection_reset_before_the_status_line_is_resent_once_on_a_new_one():
    server = _Server([["answer", "reset"], ["answer"]])
    tally = Tally()
    connection = _Connection(server.port, tally)
    assert connection.exchange("GET", "/a", None, {}) == (200, b"ok")
    assert connection.exchange("GET", "/b", None, {}) == (200, b"ok")
    assert tally.retries == 1


def test_a_fresh_connection_without_an_answer_is_an_error_not_a_retry():
    server = _Server([["drop"], ["answer"]])
    tally = Tally()
    connection = _Connection(server.port, tally)
    with pytest.raises(_NoAnswer):
        connection.exchange("POST", "/votes", b"{}", {"Content-Type": "application/json"})
    assert tally.retries == 0
    assert server.requests == 1
