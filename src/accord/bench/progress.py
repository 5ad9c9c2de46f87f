"""A small progress bar on stderr with rate and ETA (no dependency for one line of output)."""

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """`with Progress("meetings", total) as bar: bar.advance(n)`; redraws at most 4 times a second.

    Writes a carriage-return line when stderr is a terminal, a plain line every 10 % otherwise,
    so logs of background runs stay readable.
    """

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None,
                 enabled: bool = True):
        self.label, self.total = label, max(total, 1)
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.done = 0
        self.started = time.perf_counter()
        self._drawn_at = 0.0
        self._tty = getattr(self.stream, "isatty", lambda: False)()
        self._next_tenth = 1

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self._draw(final=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if self._tty and now - self._drawn_at >= 0.25:
            self._drawn_at = now
            self._draw()
        elif not self._tty and self.done * 10 >= self._next_tenth * self.total:
            self._next_tenth = self.done * 10 // self.total + 1
            self._draw()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def line(self) -> str:
        elapsed = self.elapsed
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 24)
        return (f"{self.label:<18} [{bar:<24}] {share:6.1%} {self.done:>10,}/{self.total:,} "
                f"{rate:>11,.0f}/s  elapsed {_clock(elapsed)}  ETA {_clock(eta)}")

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        end = "\n" if final or not self._tty else ""
        prefix = "\r" if self._tty else ""
        self.stream.write(prefix + self.line() + end)
        self.stream.flush()
