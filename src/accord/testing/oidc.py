"""The development OpenID provider (accord.accounts.oidc_dev_provider) as a test fixture: its
own process on a free loopback port, real HTTP, real keys; and a person signing in at it."""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

CLIENT_ID = "accord-tests"
CLIENT_SECRET = "tests-client-secret-" + "x" * 20
CALLBACK = "http://testserver/accounts/oidc/callback/"
PASSWORD = "provider password 1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DevProvider:
    """A running development provider; `stop()` ends its process."""

    def __init__(self, *, redirect_uris=(CALLBACK,), backchannel_logout_uri: str = ""):
        self.control_token = secrets.token_urlsafe(24)
        # A free port can be taken by another process before the provider binds it (a shared
        # machine): then it does not start, and it is tried on another port.
        for attempt in range(3):
            try:
                self._start(redirect_uris, backchannel_logout_uri)
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def _start(self, redirect_uris, backchannel_logout_uri: str) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/o"
        src = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        users = Path(tempfile.mkdtemp(prefix="accord-op-")) / "users.json"
        users.write_text("[]")
        command = [sys.executable, "-m", "accord.accounts.oidc_dev_provider",
                   "--port", str(self.port), "--client-id", CLIENT_ID,
                   "--client-secret", CLIENT_SECRET, "--users", str(users),
                   "--control-token", self.control_token, "--exit-with-parent"]
        for uri in redirect_uris:
            command += ["--redirect-uri", uri]
        if backchannel_logout_uri:
            command += ["--backchannel-logout-uri", backchannel_logout_uri]
        # Its request log goes to a file: a pipe nobody reads would fill up and block it.
        self.log = users.with_suffix(".log")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own module, our arguments)
                command, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
        line = self.process.stdout.readline()  # "ready <issuer>" once it listens
        if not line.startswith("ready"):
            self.process.kill()
            self.process.wait()
            raise RuntimeError("The development OpenID provider did not start: "
                               + self.log.read_text()[-2000:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def _control(self, path: str, data: dict | None = None) -> dict:
        response = requests.post(f"http://127.0.0.1:{self.port}/control/{path}",
                                 data=json.dumps(data or {}), timeout=10,
                                 headers={"Authorization": f"Bearer {self.control_token}"})
        response.raise_for_status()
        return response.json()

    def user_put(self, username: str, *, email: str, amr=("pwd",), acr: str = "",
                 email_verified: bool = True, name: str = "") -> None:
        self._control("users/", {"username": username, "password": PASSWORD, "email": email,
                                 "amr": list(amr), "acr": acr, "name": name or username,
                                 "email_verified": email_verified})

    def user_end(self, username: str) -> dict:
        return self._control(f"users/{username}/end/")

    def tamper_next(self, mode: str) -> None:
        self._control("tamper/", {"mode": mode})

    def signed_in_session(self, username: str) -> requests.Session:
        """A browser signed in at the provider (its own login form, CSRF and all)."""
        session = requests.Session()
        login = f"http://127.0.0.1:{self.port}/login/"
        session.get(login, timeout=10)
        response = session.post(login, data={
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["dev-op-csrf"], "next": "/o/",
        }, allow_redirects=False, timeout=10)
        assert response.status_code == 302, "the provider refused the test user's password"
        return session

    def authorise(self, session: requests.Session, authorize_url: str) -> str:
        """Follow Accord's redirect at the provider; returns the callback URL it sends back."""
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

