"""Real `hocvuso run --role ...` processes for the scale tests (tests/test_scale_*.py).

Each worker is the console script in a process of its own, configured only through its
environment (no .env: it runs in the test's temporary folder), its web server on a port of its
own, talking to the test's fake Telegram over real HTTP. The test plays Telegram's side of the
webhook: it POSTs each update to a web worker with the secret, and delivers it again (to any
worker) after a non-2xx answer or a broken connection, as Telegram does.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from aiohttp import ClientConnectorError, ClientError, ClientSession, ClientTimeout
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fakes.postgres import free_port
from tests.fakes.telegram_server import SECRET_HEADER, TOKEN, Call, FakeTelegram, Person, Updates

HOCVUSO = Path(sys.executable).with_name("hocvuso")
SECRET = "scale-secret_42"  # noqa: S105 — made up for the fake
PUBLIC_URL = "https://hocvuso.example.vn/webhook/telegram"
BOT = TOKEN.split(":", 1)[0]
START_SECONDS = 90.0  # a guard against a worker that never comes up, never a delay
# Four learners' scripts: onboarding, menus, settings, questions; no lesson or quiz (quizzes are
# drawn with the time as seed, so they differ between two runs by design).
SCRIPTS = tuple(
    tuple(script.split("|"))
    for script in (
        "/start|1|1|Lan|3|tan cuong|1|/tiendo|1|/trogiup|1|ma otp la gi|2|/caidat|8|2|12|xin chao|/menu|6",
        "/start|1|3|Hoa|2|phu luong|2|/caidat|2|Mai|/tiendo|1|4|1|6|1|/trogiup|1|otp|menu",
        "/start|2|/start|1|4|Minh|1|dong hy|3|/menu|5|4|/menu|4|1|/dulieucuatoi|/menu|6|1|/trogiup",
        "/start|1|5|Tuấn|4|sông công|4|lam sao cai vneid|2|/tiendo|1|/caidat|6|/menu|2|12|/xacminh HV2345|/menu|chào|6",
    )
)
IN_FLIGHT = 40  # Telegram's default max_connections for a webhook
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")


def environment(database_url: str, fake: FakeTelegram, **settings: object) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if key in KEPT}
    chosen: dict[str, object] = {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": fake.base_url,
        "TELEGRAM_WEBHOOK_URL": PUBLIC_URL,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_RATE_PER_SECOND": 10_000,
        "QUIET_HOURS_START": "07:00",  # start = end: no quiet hours, whatever the time of the run
        "QUIET_HOURS_END": "07:00",
        "DASHBOARD_ENABLED": "false",
        "LOG_FORMAT": "json",
    } | settings
    return base | {key: str(value) for key, value in chosen.items()}


class Worker:
    """One `hocvuso run --role ROLE` process and its web server."""

    def __init__(self, role: str, env: dict[str, str], folder: Path, name: str = "") -> None:
        self.role, self.port = role, free_port()
        self.env = env | {"WEB_PORT": str(self.port), "DATA_DIR": str(folder)}
        self.name = name or f"{role}-{self.port}"
        self.folder, self.log_path = folder, folder / f"{self.name}.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> Worker:
        log = self.log_path.open("wb")
        self.process = await asyncio.create_subprocess_exec(
            str(HOCVUSO), "run", "--role", self.role, env=self.env, cwd=self.folder, stdout=log, stderr=log
        )
        log.close()
        return self

    def log(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    async def until_ready(self, seconds: float = START_SECONDS) -> None:
        """Until /readyz answers 200 (the worker's loops run and the database answers)."""
        await until_ready(self.url, seconds, self)

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        """Every sample of its /metrics, by (name, sorted labels)."""
        async with ClientSession() as client, client.get(f"{self.url}/metrics") as answer:
            text = await answer.text()
        found = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return found

    async def leads(self) -> bool:
        samples = await self.metrics()
        return samples.get(("hocvuso_sender_leader", (("bot", BOT), ("channel", "telegram")))) == 1.0

    def kill(self) -> None:
        """kill -9: no shutdown, no goodbye; the kernel closes its sockets."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self, seconds: float = 30.0) -> int:
        """SIGTERM, as systemd stops a unit; killed if it does not end in time."""
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode if self.process is not None else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), seconds)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()


async def until_ready(url: str, seconds: float = START_SECONDS, worker: Worker | None = None) -> None:
    async with asyncio.timeout(seconds), ClientSession() as client:
        while True:
            if worker is not None:
                assert worker.process is not None and worker.process.returncode is None, worker.log()
            try:
                async with client.get(f"{url}/readyz") as answer:
                    if answer.status == 200:
                        return
            except ClientError:
                pass  # not listening yet
            await asyncio.sleep(0.2)


async def open_rows(engine: AsyncEngine) -> int:
    """Outbox rows still pending or being sent."""
    async with engine.connect() as connection:
        found = await connection.scalar(text("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"))
    return int(found or 0)


async def drained(engine: AsyncEngine, seconds: float = 120.0) -> None:
    """Until every outbox row has an outcome."""
    async with asyncio.timeout(seconds):
        while await open_rows(engine):  # noqa: ASYNC110 — another process does the work
            await asyncio.sleep(0.2)


async def start_all(workers: Iterable[Worker]) -> list[Worker]:
    """Start together (they migrate the same empty database at once), then wait for each."""
    started = [await worker.start() for worker in workers]
    await asyncio.gather(*(worker.until_ready() for worker in started))
    return started


async def stop_all(workers: Iterable[Worker]) -> None:
    await asyncio.gather(*(worker.stop() for worker in workers), return_exceptions=True)


class Platform:
    """Telegram's side of the webhook: POST an update, deliver it again until it is taken."""

    def __init__(self, client: ClientSession) -> None:
        self.client = client
        self.redelivered = 0  # deliveries that got no 200 (a 503, or a worker that died)
        self.broken = 0  # of those, connections broken: the worker died with the update in hand
        self.taken: dict[str, int] = {}  # 200 answers by base URL
        self._marks: list[tuple[str, int, asyncio.Event]] = []

    def reached(self, url: str, count: int) -> asyncio.Event:
        """Set once `url` has answered `count` updates with 200."""
        mark = asyncio.Event()
        self._marks.append((url, count, mark))
        return mark

    async def post(self, url: str, update: dict[str, Any]) -> int:
        """The worker's HTTP status; 0 when the connection broke with the update in hand (the
        worker died), -1 when it was refused (the worker is gone)."""
        try:
            async with self.client.post(
                f"{url}/webhook/telegram", json=update, headers={SECRET_HEADER: SECRET}, timeout=ClientTimeout(total=30)
            ) as answer:
                await answer.read()
                return answer.status
        except ClientConnectorError:
            return -1  # refused: nobody listens there (any more)
        except (ClientError, TimeoutError):
            return 0

    async def deliver(self, urls: list[str], update: dict[str, Any], first: int = 0) -> None:
        """To urls[first], then round the others after a failure, until one answers 200."""
        attempt = first
        async with asyncio.timeout(60):
            while (status := await self.post(urls[attempt % len(urls)], update)) != 200:
                assert status in (-1, 0, 503), status  # anything else is a bug, not an outage
                self.redelivered += 1
                self.broken += status == 0
                attempt += 1
                await asyncio.sleep(0.2)
        taken = urls[attempt % len(urls)]
        self.taken[taken] = self.taken.get(taken, 0) + 1
        for url, count, mark in self._marks:
            if url == taken and self.taken[taken] >= count:
                mark.set()


def replies(fake: FakeTelegram, chat: int | str) -> list[tuple[str, str, str]]:
    """What one chat received, in order: method, text, and its buttons (their data and labels)."""
    return [_shown(call) for call in fake.sent(chat)]


def _shown(call: Call) -> tuple[str, str, str]:
    buttons = ";".join(f"{b.get('text')}={b.get('callback_data')}" for b in call.buttons)
    return call.method, call.text, buttons


async def talk(
    platform: Platform,
    updates: Updates,
    urls: Sequence[str],
    people: Sequence[Person],
    alternate: bool,
    in_flight: int = IN_FLIGHT,
) -> None:
    """Every learner says their script, one message after the answer to the last (as a person
    does), learners side by side, `in_flight` updates at most in flight; each learner's messages
    alternate between the web workers when `alternate`."""
    gate = asyncio.Semaphore(in_flight)

    async def one(index: int, person: Person) -> None:
        for turn, line in enumerate(SCRIPTS[index % len(SCRIPTS)]):
            async with gate:
                first = (index + turn) % len(urls) if alternate else 0
                await platform.deliver(list(urls), updates.text(person, line), first)

    await asyncio.gather(*(one(index, person) for index, person in enumerate(people)))


def people(count: int, base: int = 6_000_000) -> list[Person]:
    return [Person(base + n) for n in range(count)]
