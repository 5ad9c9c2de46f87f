"""Run the development OpenID provider on a loopback port (see this package's docstring).

    python -m accord.accounts.oidc_dev_provider --port 8800 \
        --client-id accord-demo --client-secret demo-secret \
        --redirect-uri http://127.0.0.1:8000/accounts/oidc/callback/ \
        --backchannel-logout-uri http://127.0.0.1:8000/accounts/oidc/backchannel-logout/demo/ \
        --users users.json

A fresh RSA key and a fresh SQLite file every start: nothing persists, nothing is secret.
It prints one line "ready <issuer>" once it accepts connections.
"""

import argparse
import json
import os
import secrets
import sys
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DEMO_USERS = [
    # Fictional people of the demo organisation (accord.demo); the password is for the demo.
    # Julia signs in with a security key (phishing-resistant: no second Accord factor);
    # Katharina with a password only (Accord then asks for her authenticator code).
    {"username": "julia", "password": "demo-provider-pass",
     "email": "julia.krueger.rheinhafen@example.org", "name": "Julia Krüger",
     "email_verified": True, "amr": ["hwk", "pin"]},
    {"username": "katharina", "password": "demo-provider-pass",
     "email": "katharina.vogel.rheinhafen@example.org", "name": "Katharina Vogel",
     "email_verified": True, "amr": ["pwd"]},
]


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m accord.accounts.oidc_dev_provider")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--client-id", default="accord-demo")
    parser.add_argument("--client-secret", default="demo-client-secret")
    parser.add_argument("--redirect-uri", action="append", default=None)
    parser.add_argument("--backchannel-logout-uri", default="")
    parser.add_argument("--users", help="JSON file: a list of users (see DEMO_USERS)")
    parser.add_argument("--control-token", default=os.environ.get("DEV_OP_CONTROL_TOKEN", ""))
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="stop when the process that started it ends (tests)")
    return parser.parse_args(argv)


def _exit_with_parent() -> None:
    """A test run that is killed cannot stop its provider: the provider notices by itself."""
    import threading
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _environment(args, issuer: str) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    database = os.path.join(tempfile.mkdtemp(prefix="accord-dev-op-"), "op.sqlite3")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "accord.accounts.oidc_dev_provider.settings",
        "DEV_OP_SECRET_KEY": secrets.token_urlsafe(32), "DEV_OP_RSA_KEY": pem,
        "DEV_OP_DATABASE": database, "DEV_OP_ISSUER": issuer,
    })


def _populate(args) -> None:
    from oauth2_provider.models import get_application_model

    from accord.accounts.oidc_dev_provider import state
    from accord.accounts.oidc_dev_provider.views import user_put_local

    state.CONTROL_TOKEN = args.control_token
    state.BACKCHANNEL_LOGOUT_URI = args.backchannel_logout_uri
    redirect_uris = args.redirect_uri or ["http://127.0.0.1:8000/accounts/oidc/callback/",
                                          "http://localhost:8000/accounts/oidc/callback/"]
    application = get_application_model()
    application.objects.create(
        name="Accord", client_id=args.client_id, client_secret=args.client_secret,
        client_type=application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris), algorithm=application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    users = DEMO_USERS
    if args.users:
        with open(args.users) as handle:
            users = json.load(handle)
    for user in users:
        user_put_local(user)


def main(argv=None) -> None:
    args = _arguments(argv if argv is not None else sys.argv[1:])
    if args.exit_with_parent:
        _exit_with_parent()
    issuer = f"http://{args.host}:{args.port}/o"
    _environment(args, issuer)
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    _populate(args)
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    server = ThreadedWSGIServer((args.host, args.port), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    print(f"ready {issuer}", flush=True)  # only now: the socket is bound and listening
    server.serve_forever()


if __name__ == "__main__":
    main()
