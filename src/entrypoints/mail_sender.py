"""The mail sender loop: send the due e-mail jobs, wait, repeat, until stopped.

A full round (as many jobs as a claim takes) is followed by the next at once; otherwise the
loop waits `poll_interval` (cut short by a stop). An unreachable database is logged and tried
again after the pause; the jobs themselves are safe in it. Counts since the start (sent,
retried, failed, lost claims) go to the log every `report_interval` and when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import asdict

from todo_core.errors import TodoError
from todo_core.ports.email_jobs import EmailJobStore
from todo_core.use_cases.send_due_email import SendDueEmail, SendOutcome

__all__ = ["MailSender", "mail_summary"]

_LOG = logging.getLogger("todo.mailer")


class MailSender:
    def __init__(
        self,
        send: SendDueEmail,
        *,
        batch_size: int,
        poll_interval: float,
        report_interval: float = 60.0,
    ) -> None:
        self._send = send
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._report_interval = report_interval
        self._stopping = asyncio.Event()
        self.totals = SendOutcome()
        # Whether this process runs the loop (its totals mean something).
        self.running = False

    def stop(self) -> None:
        """Finish the round in flight (its sends are recorded), then `run()` returns."""
        self._stopping.set()

    async def run(self) -> None:
        self.running = True
        try:
            await self._run()
        finally:
            self.running = False

    async def _run(self) -> None:
        next_report = time.monotonic() + self._report_interval
        while not self._stopping.is_set():
            claimed = 0
            try:
                outcome = await self._send()
                claimed = outcome.claimed
                self._add(outcome)
            except TodoError as error:
                _LOG.warning("mail sender: %r; trying again in %.1f s", error, self._poll_interval)
            if time.monotonic() >= next_report:
                next_report = time.monotonic() + self._report_interval
                self.report()
            if claimed < self._batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self._poll_interval)
        self.report()

    def report(self) -> None:
        counts = asdict(self.totals)
        _LOG.info(
            "mail sent_total=%(sent)d retried_total=%(retried)d failed_total=%(failed)d "
            "lost_total=%(lost)d",
            counts,
            extra={f"{name}_total": value for name, value in counts.items()},
        )

    def _add(self, outcome: SendOutcome) -> None:
        totals = self.totals
        totals.claimed += outcome.claimed
        totals.sent += outcome.sent
        totals.retried += outcome.retried
        totals.failed += outcome.failed
        totals.lost += outcome.lost
        if outcome.failed or outcome.lost:
            _LOG.warning(
                "mail round: %d failed, %d lost claims (see `todo mail jobs --status failed`)",
                outcome.failed,
                outcome.lost,
            )


async def mail_summary(jobs: EmailJobStore, sender: MailSender) -> dict[str, object]:
    """For the readiness probe: jobs by status, and this process's sender's counts since start
    when it runs one. Reported, never a reason to refuse traffic."""
    try:
        counts = await jobs.counts()
    except TodoError:
        return {"status": "unknown"}
    summary: dict[str, object] = {status.value: count for status, count in counts.items()}
    if sender.running:
        totals = sender.totals
        summary |= {
            "sent_total": totals.sent,
            "retried_total": totals.retried,
            "failed_total": totals.failed,
        }
    return summary
