"""``flask notify ...``: send a test message through the queue, run the worker.

- ``flask --app wsgi notify test --channel email|sms|zalo --to ADDRESS [--wait] [--timeout 60]
  [--template ZNS_TEMPLATE_ID]`` queues
  the "test" kind through the real queue. With ``--wait`` it runs the queue in this process
  until that delivery is sent or finally failed (its retries run at once), prints
  ``{"delivery": id, "channel": ..., "to": ..., "status": "sent|failed|limited|queued",
  "attempts": n, "error": ...}`` and exits 0 when sent, 1 otherwise.
- ``flask --app wsgi notify worker [--workers 2]``: the huey consumer of production (one per
  host, beside gunicorn; a systemd unit or a container running it). It sends what the web
  processes queued, runs the scheduled retries and the events' periodic job (every 5 minutes).
- ``flask --app wsgi notify requeue``: queue again every delivery still ``queued`` (after the
  queue's storage was lost or unreachable at commit time).
"""

from __future__ import annotations

import json
import logging
import secrets

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlmodel import select

from contest.accounts.services import is_valid_phone, normalize_phone
from contest.core import db
from contest.core.cli import committing
from contest.notifications import channels, queue
from contest.notifications.events import cli as events_cli
from contest.notifications.models import Delivery, DeliveryStatus
from contest.notifications.sending import Address, notify
from contest.notifications.task_modules import install_all

notify_cli = AppGroup("notify", help="Outgoing messages: test a channel, run the worker.")


def _address(channel: str, value: str) -> Address:
    if channel == "email":
        if "@" not in value:
            raise click.BadParameter(_("Địa chỉ email không hợp lệ."), param_hint="--to")
        return Address(channel, value.strip().lower())
    phone = normalize_phone(value)
    if not phone or not is_valid_phone(phone):
        raise click.BadParameter(_("Số điện thoại không hợp lệ."), param_hint="--to")
    return Address(channel, phone)


@notify_cli.command("test")
@click.option("--channel", type=click.Choice(sorted(channels.CHANNELS)), default="email",
              show_default=True)
@click.option("--to", "to", required=True, help="An e-mail or a phone number.")
@click.option("--wait", is_flag=True, help="Run the queue here until it is sent or has failed.")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds --wait waits at most.")
@click.option("--template", default="test", show_default=True,
              help="Zalo: the ZNS template id to send (with one field, code).")
def test_command(channel: str, to: str, wait: bool, timeout: float, template: str) -> None:
    """Send the test message through the queue."""
    address = _address(channel, to)
    with committing():
        made = notify(db.session(), "test", to=address,
                      params={"code": secrets.token_hex(3), "template_id": template})
    delivery_id = made[0].id
    app = current_app._get_current_object()

    def load() -> Delivery:
        session = db.session()
        session.expire_all()
        return session.get(Delivery, delivery_id)

    if wait:
        install_all(app)  # the queue may hold other parts' tasks too: this run knows them
        queue.wait_for(app, delivery_id, timeout,
                       lambda: load().status is not DeliveryStatus.queued)
    delivery = load()
    click.echo(json.dumps({"delivery": delivery.id, "channel": delivery.channel,
                           "to": delivery.address, "status": delivery.status.value,
                           "attempts": delivery.attempts, "error": delivery.last_error},
                          ensure_ascii=False))
    db.finish(False)
    if wait and delivery.status is not DeliveryStatus.sent:
        raise SystemExit(1)
    if not wait and delivery.status is not DeliveryStatus.queued:
        raise SystemExit(1)


@notify_cli.command("worker")
@click.option("--workers", type=int, default=2, show_default=True, help="Threads sending at once.")
def worker_command(workers: int) -> None:
    """Run the queue's consumer (production: one per host, beside gunicorn)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = current_app._get_current_object()
    huey = queue.get(app)
    install_all(app)  # the events' 5-minute job and fan-outs, reset requests, resends
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                         check_worker_health=True).run()


@notify_cli.command("requeue")
def requeue_command() -> None:
    """Queue again every delivery still waiting (after the queue storage was lost)."""
    app = current_app._get_current_object()
    ids = db.session().exec(select(Delivery.id).where(
        Delivery.status == DeliveryStatus.queued)).all()
    for delivery_id in ids:
        queue.enqueue(app, delivery_id)
    db.finish(False)
    click.echo(_("Đã xếp lại %(count)s tin vào hàng đợi.", count=len(ids)))


events_cli.register(notify_cli)
