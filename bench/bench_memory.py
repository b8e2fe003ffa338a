"""Idle memory of `hocvuso run`, and what each part of start-up costs.

    .venv/bin/python -m bench.bench_memory [--settle 8] [--repeats 3]

For each configuration (Zalo only; Telegram only; both) the real command runs as a child
process against the fake platform servers of tests/fakes (polling, SQLite in a temporary
directory). Once /readyz answers and `--settle` seconds have passed with nobody writing, its
resident set (VmRSS) is read from /proc; the median of `--repeats` starts is printed with the
smallest and largest. A second child imports the pieces one at a time and prints the resident
set after each: where the start-up memory goes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import ClientError, ClientSession

from tests.fakes.telegram_server import TOKEN, FakeTelegram
from tests.fakes.zalo_server import FakeZaloServer

HOCVUSO = str(Path(sys.executable).parent / "hocvuso")
CONFIGS = ("zalo", "telegram", "both")
# The pieces of start-up, in the order `hocvuso run` meets them (see `steps` below).
STEPS = (
    ("settings, storage, web (bot.app, bot.run)", "import bot.app, bot.run, bot.cli"),
    ("the library", "from content.loader import load_library; lib = load_library()"),
    ("question search index (bm25s, numpy)", "from content.search import build_index; index = build_index(lib)"),
    ("scam checker", "from content.scam import load_scam_checker; scam = load_scam_checker()"),
    ("reply reader", "from dialogs.understanding import Reader; reader = Reader()"),
    (
        "the engine",
        "from dialogs.engine import Machine; from dialogs.flows.standard import standard; m = Machine(standard())",
    ),
    ("Zalo channel", "import bot.channels.zalo"),
    ("Telegram channel (aiogram)", "import bot.channels.telegram"),
    # Imported only when used (bot/deferred.py): what a process pays once it migrates, runs on
    # PostgreSQL, draws a certificate or serves a dashboard page.
    (
        "when used: alembic, asyncpg, Pillow, qrcode, Jinja2",
        "import alembic.command, asyncpg, PIL.ImageDraw, qrcode, jinja2",
    ),
)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError("no VmRSS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def ready(port: int, deadline: float) -> None:
    async with ClientSession() as client:
        while time.monotonic() < deadline:
            try:
                async with client.get(f"http://127.0.0.1:{port}/readyz") as answer:
                    if answer.status == 200:
                        return
            except ClientError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError("hocvuso run did not become ready")


async def one_start(
    config: str, settle: float, zalo: FakeZaloServer, telegram: FakeTelegram, extra_env: list[str], existing: bool
) -> tuple[float, float]:
    """(idle RSS in MiB, seconds until ready) of one `hocvuso run`."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hocvuso-mem-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "DATABASE_"))}
        env |= dict(pair.split("=", 1) for pair in extra_env)
        env |= {"DATA_DIR": tmp, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/m.db", "WEB_PORT": str(port)}
        if config in ("zalo", "both"):
            env |= {"ZALO_BOT_TOKEN": zalo.token, "ZALO_API_BASE": zalo.url}
        if config in ("telegram", "both"):
            env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": telegram.base_url}
        if existing:  # a restart, as in production: the schema is there already
            upgrade = await asyncio.create_subprocess_exec(
                HOCVUSO, "db", "upgrade", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            await upgrade.wait()
        started = time.monotonic()
        child = await asyncio.create_subprocess_exec(
            HOCVUSO, "run", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            await ready(port, started + 60)
            up = time.monotonic() - started
            await asyncio.sleep(settle)
            return rss_mib(child.pid), up
        finally:
            child.terminate()
            await child.wait()


def steps() -> None:
    """Child mode: import the pieces one at a time, printing the resident set after each."""
    scope: dict[str, object] = {}
    before = rss_mib(os.getpid())
    print(f"    {before:7.1f} MiB  python itself")
    for label, code in STEPS:
        started = time.perf_counter()
        exec(code, scope)  # noqa: S102 — our own fixed statements, one per step
        now = rss_mib(os.getpid())
        print(f"    {now:7.1f} MiB  +{now - before:5.1f}  {label} ({time.perf_counter() - started:.2f} s)", flush=True)
        before = now


async def main_async(args: argparse.Namespace) -> None:
    print(f"python {sys.version.split()[0]}; load average {' '.join(os.getloadavg().__repr__()[1:-1].split(', '))}")
    zalo = await FakeZaloServer().start()
    telegram = await FakeTelegram().start()
    try:
        for config in (args.only,) if args.only else CONFIGS:
            runs = [
                await one_start(config, args.settle, zalo, telegram, args.env, not args.fresh)
                for _ in range(args.repeats)
            ]
            rss = [r for r, _ in runs]
            up = statistics.median(u for _, u in runs)
            print(
                f"  {config:<9} idle RSS median {statistics.median(rss):6.1f} MiB "
                f"(min {min(rss):.1f}, max {max(rss):.1f}); ready after {up:.1f} s",
                flush=True,
            )
    finally:
        await zalo.close()
        await telegram.close()
    print("  where start-up memory goes (one process importing the pieces in turn):", flush=True)
    child = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.bench_memory", "--steps")
    await child.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--settle", type=float, default=8.0, help="idle seconds after /readyz before reading")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the child (e.g. an experiment)")
    parser.add_argument("--only", choices=CONFIGS, help="one configuration")
    parser.add_argument("--fresh", action="store_true", help="start on an empty database (first start: migrations)")
    parser.add_argument("--steps", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps:
        steps()
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
