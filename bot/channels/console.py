"""The terminal channel: numbered choices, one learner line in, the tutor's replies out."""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path
from typing import TextIO

from bot.app import App
from bot.keys import ConversationKey
from bot.storage import repo
from dialogs.messages import Choices, Image, Inbound, Link, Outbound, Text, Voice
from dialogs.state import DialogState, StateName


def render(message: Outbound) -> str:
    if isinstance(message, Text):
        return message.text
    if isinstance(message, Choices):
        lines = [message.text, *(f"  {i}. {o.label}" for i, o in enumerate(message.options, start=1))]
        return "\n".join(lines)
    if isinstance(message, Link):
        return f"{message.label}: {message.url}"
    if isinstance(message, Voice):  # a terminal plays nothing: what the recording says
        language = f" ({message.language})" if message.language else ""
        return f"[Ghi âm{language}: {message.transcript}]"
    return f"[Ảnh: {message.caption}]"


class ConsoleChannel:
    def __init__(self, app: App, user: str, out: TextIO) -> None:
        self.app, self.out = app, out
        self.key = ConversationKey("console", chat_id=user, user_id=user)

    async def send(self, line: str) -> None:
        inbound = Inbound.from_text(line)
        result = await self.app.tutor.handle(self.key, uuid.uuid4().hex, inbound)
        for message in result.messages:
            await self._show(message)

    async def _show(self, message: Outbound) -> None:
        if isinstance(message, Image):
            png = await self.app.media(message.key)
            if png is not None:
                kind, _, code = message.key.partition(":")
                folder = Path(self.app.settings.data_dir) / "images"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{kind}-{code}.png"
                path.write_bytes(png)
                print(f"[Ảnh đã lưu: {path}] {message.caption}", file=self.out)
                print(file=self.out)
                return
        print(render(message), file=self.out)
        print(file=self.out)

    async def is_new(self) -> bool:
        async with self.app.sessions() as session:
            learner = await repo.find_learner(session, self.key)
            raw = await repo.load_state(session, learner.id) if learner else None
        return DialogState.loads(raw).name is StateName.NEW


async def run_console(app: App, user: str, source: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    channel = ConsoleChannel(app, user, out)
    interactive = source.isatty()
    if interactive:
        print("Học Vụ Số — gõ số hoặc chữ để trả lời, Ctrl+D để thoát.\n", file=out)
        await channel.send("/start" if await channel.is_new() else "/menu")
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, _read_line, source, interactive)
        if line is None:
            break
        await channel.send(line.rstrip("\r\n"))
    if interactive:
        print("Hẹn gặp lại! Lần sau quay lại sẽ học tiếp đúng chỗ này.", file=out)


def _read_line(source: TextIO, interactive: bool) -> str | None:
    try:
        if interactive:
            return input("» ")
        line = source.readline()
        return line if line else None
    except (EOFError, KeyboardInterrupt):
        return None
