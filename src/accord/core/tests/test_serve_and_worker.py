"""`accord serve` and `accord worker`: an operator starts them with safe defaults."""

import pytest
from django.core.management import CommandError, call_command

from accord.core.mail import deliver_mail
from accord.core.management.commands import serve


@pytest.fixture
def started(monkeypatch):
    """The gunicorn configuration `accord serve` would run with, without starting it."""
    captured = {}
    monkeypatch.setattr(serve.AccordServer, "run", lambda self: captured.update(cfg=self.cfg))
    return captured


def test_serve_listens_on_localhost_with_two_workers_and_trusts_only_the_local_proxy(
        started, monkeypatch):
    for name in ("ACCORD_BIND", "WEB_CONCURRENCY", "ACCORD_FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    call_command("serve")
    cfg = started["cfg"]
    assert cfg.bind == ["127.0.0.1:8000"]
    assert cfg.workers == 2
    assert cfg.threads == 4
    assert cfg.forwarded_allow_ips == ["127.0.0.1"]
    assert cfg.accesslog == "-"
    assert cfg.control_socket_disable


def test_serve_takes_its_settings_from_the_environment(started, monkeypatch):
    monkeypatch.setenv("ACCORD_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("ACCORD_FORWARDED_ALLOW_IPS", "10.0.0.2,10.0.0.3")
    call_command("serve")
    cfg = started["cfg"]
    assert (cfg.bind, cfg.workers) == (["0.0.0.0:9000"], 5)
    assert cfg.forwarded_allow_ips == ["10.0.0.2", "10.0.0.3"]


def test_serve_refuses_a_worker_count_that_is_not_a_number(started, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(CommandError, match="WEB_CONCURRENCY"):
        call_command("serve")
    assert "cfg" not in started


def test_worker_explains_that_immediate_tasks_need_no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="need no worker"):
        call_command("worker", "--batch")


# The worker calls close_old_connections() between tasks, which closes a connection inside a
# test's transaction on PostgreSQL: this test runs outside one, as the worker does.
@pytest.mark.django_db(transaction=True)
def test_worker_in_batch_mode_sends_the_queued_mail_and_exits(settings, mailoutbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    deliver_mail.enqueue(to=["anna@example.org"], subject="Agenda", text="See you on Monday.")
    assert mailoutbox == []
    call_command("worker", "--batch", "--interval", "0", verbosity=0)
    assert [m.subject for m in mailoutbox] == ["Agenda"]
