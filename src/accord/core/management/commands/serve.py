"""`accord serve`: the production web server (gunicorn) with Accord's defaults.

Runs gunicorn in this process rather than through a second executable, so the same settings,
environment and console command serve in a container, under systemd and on a laptop.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be 1 or more")
    return number


def _env_positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return _positive_int(value) if value else default
    except ValueError as exc:
        raise CommandError(f"{name} must be a whole number of 1 or more, not {value!r}") from exc


class AccordServer(BaseApplication):
    """gunicorn, configured from a dict instead of its own command line."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from accord.wsgi import application

        return application


def server_options(*, bind: str, workers: int, threads: int, timeout: int,
                   forwarded_allow_ips: str) -> dict:
    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        # gthread keeps a slow client from holding a whole worker.
        "worker_class": "gthread",
        "timeout": timeout,
        "accesslog": "-",
        "errorlog": "-",
        # X-Forwarded-* headers are believed only from the reverse proxy's address; from anyone
        # else they would let a client claim https or another address.
        "forwarded_allow_ips": forwarded_allow_ips,
        "proc_name": "accord",
        # gunicorn's runtime control socket lives in $HOME by default: read-only in containers
        # and shared by every instance of one user. Restarts go through the service manager.
        "control_socket_disable": True,
    }


class Command(BaseCommand):
    help = (
        "Serve Accord with gunicorn (for production, behind a reverse proxy that ends TLS). "
        "Defaults come from ACCORD_BIND, WEB_CONCURRENCY and ACCORD_FORWARDED_ALLOW_IPS."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=os.environ.get("ACCORD_BIND") or "127.0.0.1:8000",
            help="host:port or unix:/path to listen on (ACCORD_BIND; default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers", type=_positive_int, default=None,
            help="worker processes (WEB_CONCURRENCY; default 2)",
        )
        parser.add_argument("--threads", type=_positive_int, default=4,
                            help="threads per worker (default 4)")
        parser.add_argument("--timeout", type=_positive_int, default=30,
                            help="seconds before a silent worker is restarted (default 30)")
        parser.add_argument(
            "--forwarded-allow-ips",
            default=os.environ.get("ACCORD_FORWARDED_ALLOW_IPS") or "127.0.0.1",
            help="comma-separated proxy addresses whose X-Forwarded-* headers are trusted "
                 "(ACCORD_FORWARDED_ALLOW_IPS; default 127.0.0.1)",
        )

    def handle(self, *args, **options):
        workers = options["workers"] or _env_positive_int("WEB_CONCURRENCY", 2)
        config = server_options(
            bind=options["bind"], workers=workers, threads=options["threads"],
            timeout=options["timeout"], forwarded_allow_ips=options["forwarded_allow_ips"],
        )
        self.stdout.write(
            f"Accord on {options['bind']}: {workers} workers, {options['threads']} threads each"
        )
        AccordServer(config).run()
