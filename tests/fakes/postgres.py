"""A throwaway PostgreSQL cluster a test can stop and start: initdb into a temporary folder,
its own port, pg_ctl. As root (a container), the server runs as the `postgres` user."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import asyncpg

DATABASE = "hocvuso"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        binaries = _binaries()
        if binaries is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin, self.port = binaries, free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="hocvuso-pg-"))
        self._as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    async def create(self) -> None:
        data = str(self.folder / "data")
        await asyncio.to_thread(self._run, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync")
        await self.start()
        connection = await asyncpg.connect(host="127.0.0.1", port=self.port, user="postgres", database="postgres")
        try:
            await connection.execute(f'CREATE DATABASE "{DATABASE}"')
        finally:
            await connection.close()

    async def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        await asyncio.to_thread(
            self._run, "pg_ctl", "-D", str(self.folder / "data"), "-l", log, "-o", options, "-w", "start"
        )

    async def stop(self) -> None:
        await asyncio.to_thread(self._run, "pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    async def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            await self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
