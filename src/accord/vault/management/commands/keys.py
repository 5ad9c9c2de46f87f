"""`accord keys rotate [--master] [--network SLUG] | status`: the vault's keys, from the
command line. Thin: the work is in accord.vault.rotation."""

import time

from django.core.management.base import BaseCommand, CommandError

from accord.vault.keys import master_keys
from accord.vault.rotation import keys_rotate, keys_status, master_rewrap


class Command(BaseCommand):
    help = "Rotate the identity vault's keys, or show their state."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        rotate = commands.add_parser(
            "rotate", help="make a new key version per network and re-wrap every case key "
                           "under it (no identity is re-encrypted); safe to run again")
        rotate.add_argument("--master", action="store_true",
                            help="instead, move the network keys to the current (first) "
                                 "master key of ACCORD_MASTER_KEY")
        rotate.add_argument("--network", metavar="SLUG", help="only this network")
        commands.add_parser("status", help="each network's key version, master key and "
                                           "case keys")

    def handle(self, *args, subcommand: str, **options):
        master_keys()  # a bad ACCORD_MASTER_KEY stops here, with its reason
        if subcommand == "status":
            return self._status()
        if options["network"]:
            from accord.tenancy.models import Network

            if not Network.objects.filter(slug=options["network"]).exists():
                raise CommandError(f"No network {options['network']!r}.")
        if options["master"]:
            return self._master(options["network"])
        return self._rotate(options["network"])

    def _rotate(self, network: str | None) -> None:
        started = time.perf_counter()
        last: dict[str, float] = {}

        def progress(slug: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if done == total or now - last.get(slug, 0) > 1:
                last[slug] = now
                self.stdout.write(f"  {slug}: {done} / {total} case keys")

        results = keys_rotate(network=network, progress=progress)
        for r in results:
            self.stdout.write(f"{r.network}: key version {r.version}, {r.cases} case keys "
                              f"re-wrapped in {r.seconds:.2f} s")
        total = sum(r.cases for r in results)
        seconds = time.perf_counter() - started
        rate = total / seconds if seconds else 0
        self.stdout.write(self.style.SUCCESS(
            f"Rotated {len(results)} networks, {total} case keys in {seconds:.2f} s "
            f"({rate:,.0f} cases/s)."))

    def _master(self, network: str | None) -> None:
        current = master_keys()[0].id
        for slug, moved in master_rewrap(network=network):
            self.stdout.write(f"{slug}: {moved} network keys moved to master key {current}")
        self.stdout.write(self.style.SUCCESS(f"Every network key is under {current}."))

    def _status(self) -> None:
        keys = master_keys()
        self.stdout.write("Master keys: " + ", ".join(
            f"{k.id}{' (current)' if i == 0 else ''}" for i, k in enumerate(keys)))
        for row in keys_status():
            version = f"v{row['version']}" if row["version"] else "no key yet"
            self.stdout.write(f"{row['network']}: {version} under {row['master_key'] or '—'}, "
                              f"{row['live']} case keys, {row['destroyed']} destroyed, "
                              f"{row['retired']} retired versions")
