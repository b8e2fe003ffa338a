"""Webhook updates per second with 1 and 2 `hocvuso run --role web` processes on PostgreSQL,
in the same run, and the scaling ratio (issue 17).

    .venv/bin/python -m bench.bench_scale [--learners 300] [--rounds 2] [--in-flight 40,80]

Each configuration is a real deployment: N web processes and one `--role sender` (the console
script, tests/scale_support.py), a fake Telegram Bot API over real HTTP (tests/fakes), and this
process playing Telegram: every learner says a 20-message script (tests/scale_support.SCRIPTS),
one message after the answer to the last, learners side by side, at most `--in-flight` updates
in flight, each learner's messages alternating between the web processes. Per configuration:
updates answered per second (webhook 200s), the seconds until every reply left the outbox,
and the CPU time of the database's backends per 1,000 updates (for updates/s per PostgreSQL core).
Configurations alternate (1, 2, 1, 2...) so the machine's load moves both alike; each round
starts from an empty schema in the database hocvuso_bench_scale (127.0.0.1:5432).

Everything runs on this machine: the load generator, the fake Bot API, the sender and
PostgreSQL share its cores with the web processes, so the ratio is a floor for a deployment
where each web process has cores of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from aiohttp import ClientSession

from bot.storage.db import create_engine
from tests.fakes.telegram_server import FakeTelegram, Updates
from tests.scale_support import SCRIPTS, Platform, Worker, drained, environment, people, start_all, stop_all, talk

SERVER = "postgresql://postgres@127.0.0.1:5432/test"
DATABASE = "hocvuso_bench_scale"
URL = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{DATABASE}"


async def fresh_database() -> None:
    server = await asyncpg.connect(SERVER)
    try:
        if not await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE):
            await server.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await server.close()
    bench = await asyncpg.connect(SERVER.rsplit("/", 1)[0] + f"/{DATABASE}")
    try:
        await bench.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await bench.close()


async def database_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backends serving the bench database (their
    pools live as long as the workers, so this is the database's share of the run; the WAL
    writer and checkpointer, shared with other databases, are left out)."""
    server = await asyncpg.connect(SERVER)
    try:
        pids = [row[0] for row in await server.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", DATABASE)]
    finally:
        await server.close()
    return sum(cpu_seconds(pid) for pid in pids)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # ended meanwhile, or PostgreSQL runs on another machine
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


async def one_run(webs: int, learners: int, in_flight: int, folder: Path) -> tuple[float, float, float]:
    """(updates per second, seconds from the first update until the outbox was empty,
    PostgreSQL CPU seconds per 1,000 updates)."""
    await fresh_database()
    engine = create_engine(URL)
    async with FakeTelegram() as fake, ClientSession() as client:
        env = environment(URL, fake)
        web = [Worker("web", env, folder, f"web-{n}-of-{webs}") for n in range(webs)]
        workers = [*web, Worker("sender", env, folder, f"sender-{webs}")]
        try:
            await start_all(workers)
            crowd = people(learners)
            started = time.perf_counter()
            await talk(Platform(client), Updates(), [w.url for w in web], crowd, alternate=True, in_flight=in_flight)
            answered = time.perf_counter() - started
            await drained(engine, 600)
            emptied = time.perf_counter() - started
            cpu = await database_cpu()
        finally:
            await stop_all(workers)
            await engine.dispose()
    updates = sum(len(SCRIPTS[i % len(SCRIPTS)]) for i in range(learners))
    return updates / answered, emptied, cpu * 1000 / updates


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--in-flight", default="40")
    args = parser.parse_args()
    flights = [int(n) for n in args.in_flight.split(",")]
    print(f"{args.learners} learners x 20 updates, PostgreSQL; before: {load()}")
    figures: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(args.rounds):
            for in_flight in flights:
                for webs in (1, 2):
                    rate, emptied, cpu = await one_run(webs, args.learners, in_flight, Path(folder))
                    figures.setdefault((webs, in_flight), []).append((rate, emptied, cpu))
                    print(
                        f"round {round_ + 1}: {webs} web, {in_flight} in flight: {rate:7.1f} updates/s, "
                        f"outbox empty after {emptied:5.1f} s, PostgreSQL {cpu:.2f} CPU s per 1,000 updates "
                        f"({load()})",
                        flush=True,
                    )
    print(f"after: {load()}")
    for in_flight in flights:
        one = statistics.median(rate for rate, _, _ in figures[(1, in_flight)])
        two = statistics.median(rate for rate, _, _ in figures[(2, in_flight)])
        print(
            f"{in_flight} in flight: 1 web {one:.1f}/s, 2 web {two:.1f}/s (medians of {args.rounds}); "
            f"ratio {two / one:.2f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
