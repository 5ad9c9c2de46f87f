"""A local SMTP server for the fault suite: accepts every message on 127.0.0.1, counts them by
Message-ID, can pause before answering each message (so a worker is caught mid-send) and can
refuse connections for a while (the mail server is down).

Hand-written (about 60 lines of the protocol's happy path) because Python 3.12 has no smtpd
module, and aiosmtpd would be a dependency for one bench."""

import contextlib
import socket
import threading
import time
from collections import Counter
from email.parser import BytesHeaderParser

HOST = "127.0.0.1"


class SmtpSink:
    def __init__(self, port: int = 0, *, delay: float = 0.0, after_data: float = 0.0):
        # `delay` before accepting each recipient (a kill then loses nothing: the message is
        # not accepted yet); `after_data` between accepting a message and saying so (a kill
        # then is the one window in which an e-mail is sent twice, docs/faults.md).
        self.port, self.delay, self.after_data = port, delay, after_data
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.accept()

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    def accept(self) -> None:
        """Listen (again): connections are answered."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._serve, args=(listener,), daemon=True).start()

    def refuse(self) -> None:
        """Stop listening: connections are refused, as when the server is down."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed by refuse()
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        # The client may die mid-conversation (a killed worker): nothing to answer then.
        with contextlib.suppress(OSError):
            self._converse(conn)

    def _converse(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as reader:
            conn.sendall(b"220 sink ESMTP\r\n")
            for line in reader:
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 sink\r\n")
                elif verb == b"RCPT":
                    time.sleep(self.delay)  # checking the recipient: a worker may be killed
                    conn.sendall(b"250 ok\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    self._message(reader)
                    time.sleep(self.after_data)
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # MAIL, RCPT, RSET, NOOP
                    conn.sendall(b"250 ok\r\n")

    def _message(self, reader) -> None:
        lines = []
        for line in reader:
            if line in (b".\r\n", b".\n"):
                break
            lines.append(line)
        headers = BytesHeaderParser().parsebytes(b"".join(lines))
        with self.lock:
            self.received[headers.get("Message-ID", "").strip()] += 1
