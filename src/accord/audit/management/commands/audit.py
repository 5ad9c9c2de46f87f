"""`accord audit verify | seal | fold | erase | repair-head | witness`: the audit chain's
maintenance, from the command line.

Thin: the work is in accord.audit.verification and accord.audit.services.
"""

import base64
import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accord.audit.access import access_fold
from accord.audit.models import INSTALLATION_CHAIN, network_model
from accord.audit.services import (
    ErasureRefused,
    RepairRefused,
    audit_erase_epoch,
    audit_head_repair,
    audit_seal_closed_epochs,
)
from accord.audit.verification import all_chains, chain_label, verify_access, verify_chains


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user without a name
        return "unknown user"


class Command(BaseCommand):
    help = "Verify, seal or erase the audit chains, or repair a chain head that was moved back."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        verify = commands.add_parser(
            "verify", help="walk the chains; print the events checked and the first broken link; "
                           "exit non-zero on any break")
        self._add_chain_choice(verify, required=False)
        verify.add_argument("--witness", metavar="PATH",
                            help="also check the chains against the signed heads in PATH (a "
                                 "witness directory or one of its files)")
        witness = commands.add_parser(
            "witness", help="sign the chain heads for the outside witness, or show its key")
        witness_commands = witness.add_subparsers(dest="witness_command", required=True,
                                                  metavar="ACTION")
        sign = witness_commands.add_parser("sign", help="sign every chain head now")
        sign.add_argument("--out", metavar="DIR",
                          help="write into DIR instead of the configured witness")
        witness_commands.add_parser("show", help="print the public key (base64 and PEM)")
        witness_commands.add_parser("new-key", help="print a new signing key for "
                                                    "ACCORD_AUDIT_SIGNING_KEY")
        commands.add_parser("seal", help="seal every chain whose open year has ended")
        fold = commands.add_parser(
            "fold", help="fold the waiting read records of the access log into their chains")
        fold.add_argument("--network", metavar="SLUG", help="only this network's records")
        erase = commands.add_parser(
            "erase", help="delete the events of one sealed year after its retention period")
        erase.add_argument("--year", type=int, required=True)
        self._add_chain_choice(erase, required=True)
        erase.add_argument("--yes", action="store_true",
                           help="confirm: the events are deleted for good")
        repair = commands.add_parser(
            "repair-head", help="put a chain head that was moved back (or is missing) where "
                                "the chain's events end, and record the repair on the chain")
        self._add_chain_choice(repair, required=True)

    @staticmethod
    def _add_chain_choice(parser, *, required: bool) -> None:
        which = parser.add_mutually_exclusive_group(required=required)
        which.add_argument("--network", metavar="SLUG", help="only this network's chain")
        which.add_argument("--installation", action="store_true",
                           help="only the installation's own chain (sign-ins)")

    def handle(self, *args, subcommand: str, **options):
        return getattr(self, f"_{subcommand.replace('-', '_')}")(**options)

    def _network(self, slug: str):
        network = network_model().objects.filter(slug=slug).first()
        if network is None:
            raise CommandError(f"No network with the slug {slug!r}.")
        return network

    def _chains(self, options) -> list[int]:
        if options["installation"]:
            return [INSTALLATION_CHAIN]
        if options["network"]:
            return [self._network(options["network"]).pk]
        return all_chains()

    def _verify(self, **options) -> None:
        total, broken, broken_batches = 0, [], []
        for report in verify_chains(self._chains(options)):
            total += report.events_checked
            if report.intact:
                self.stdout.write(f"{report.label} (chain {report.chain}): "
                                  f"{report.events_checked} events checked, intact")
            else:
                broken.append(report.broken)
                self.stdout.write(f"{report.label} (chain {report.chain}): "
                                  f"{report.events_checked} events checked, BROKEN at "
                                  f"{report.broken.describe()}")
            if report.chain != INSTALLATION_CHAIN:
                broken_batches.extend(self._verify_access(report.chain))
        self.stdout.write(f"Total: {total} events checked.")
        if options.get("witness"):
            broken += self._check_witness(options["witness"])
        if broken:
            raise CommandError(f"{len(broken)} chain(s) broken; first broken link: "
                               f"{broken[0].describe()}")
        if broken_batches:
            raise CommandError(f"{len(broken_batches)} access-log batch(es) broken; first: "
                               f"{broken_batches[0].describe()}")
        self.stdout.write(self.style.SUCCESS("All chains intact."))

    def _verify_access(self, chain: int) -> list:
        """The chain's access log: every batch's Merkle root rebuilt from its records."""
        access = verify_access(chain)
        state = "intact" if access.intact else f"{access.broken_count} batch(es) BROKEN"
        self.stdout.write(f"  access log: {access.batches_checked} batches, "
                          f"{access.records_checked} read records checked, {state}; "
                          f"{access.unfolded} read records not folded yet")
        for batch in access.broken:
            self.stdout.write(f"  BROKEN {batch.describe()}")
        return access.broken

    def _check_witness(self, path: str) -> list:
        from accord.audit.witness import witness_check

        report = witness_check(path)
        for finding in report.findings:
            self.stdout.write(f"Witness: {finding.describe()}")
        self.stdout.write(f"Witness: {report.entries} signed head(s) checked, "
                          + ("all match." if report.intact else
                             f"{len(report.findings)} do not match."))
        return report.findings

    def _witness(self, *, witness_command: str, out: str | None = None, **options) -> None:
        from accord.audit import witness

        if witness_command == "new-key":
            self.stdout.write(witness.new_key())
            return
        if witness_command == "show":
            public = witness.signing_key().public_key()
            self.stdout.write(f"Key id: {witness.key_id(public)}")
            self.stdout.write("Public key (raw, base64): "
                              + base64.b64encode(witness.public_key_raw(public)).decode())
            self.stdout.write(witness.public_key_pem(public).rstrip())
            return
        try:
            run = witness.witness_sign(out=out, reason="command line")
        except OSError as exc:
            raise CommandError(f"The witness could not be written: {exc}") from exc
        self.stdout.write(f"Signed {run.heads} chain head(s) into {run.location}.")

    def _seal(self, **options) -> None:
        sealed = audit_seal_closed_epochs()
        for checkpoint in sealed:
            self.stdout.write(f"Sealed {chain_label(checkpoint.chain)} {checkpoint.epoch}: "
                              f"{checkpoint.count} events.")
        self.stdout.write(f"{len(sealed)} chain(s) sealed.")

    def _fold(self, **options) -> None:
        network = self._network(options["network"]) if options["network"] else None
        batches = access_fold(network=network, force=True)
        for batch in batches:
            self.stdout.write(f"Folded {batch.count} read records of "
                              f"{chain_label(batch.event.chain)} as event "
                              f"{batch.event.epoch}/{batch.event.seq}.")
        self.stdout.write(f"{len(batches)} batch(es) folded.")

    def _erase(self, *, year: int, yes: bool, **options) -> None:
        if not yes:
            raise CommandError(f"Erasing deletes the audit events of {year} for good; "
                               "add --yes to confirm.")
        network = None if options["installation"] else self._network(options["network"])
        label = f"accord audit erase (command line, {_os_user()})"
        try:
            erasure = audit_erase_epoch(network=network, year=year, actor_label=label,
                                        now=timezone.now())
        except ErasureRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Erased {erasure.count} events of {year} from "
                          f"{chain_label(erasure.chain)}; recorded as event "
                          f"{erasure.event.epoch}/{erasure.event.seq}.")

    def _repair_head(self, **options) -> None:
        network = None if options["installation"] else self._network(options["network"])
        label = f"accord audit repair-head (command line, {_os_user()})"
        try:
            repair = audit_head_repair(network=network, actor_label=label)
        except RepairRefused as refused:
            raise CommandError(str(refused)) from refused

        def where(position) -> str:
            if position is None:
                return "missing"
            return (f"year {position['epoch']}, seq {position['seq']}, "
                    f"hash {position['hash'][:12]}")

        self.stdout.write(f"Repaired the chain head of {chain_label(repair.chain)}: it said "
                          f"{where(repair.head_was)}; it says {where(repair.head_now)} "
                          f"({repair.events_beyond} event(s) were beyond it). Recorded as "
                          f"event {repair.event.epoch}/{repair.event.seq}.")
