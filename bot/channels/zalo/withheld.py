"""What we say when Zalo withholds a message (message.unsupported.received).

Zalo sends this event instead of the content when the sender is in a group it protects
(children, people with disabilities, people who cannot read). The learner did write
something; they need to hear that it did not reach us and how to answer instead, never
that something is wrong with them.
"""

from __future__ import annotations

from bot.app import App
from bot.keys import ConversationKey
from bot.storage import repo
from dialogs.engine import MEDIA
from dialogs.messages import Outbound, Text
from dialogs.voice import Voice

WITHHELD = (
    "{Me_cap} chưa đọc được tin nhắn vừa rồi ạ: Zalo không chuyển nội dung tin này tới {me}. "
    "{You} gõ một con số (ví dụ: 1) hoặc vài chữ ngắn để trả lời nhé."
)


def _say(voice: Voice, template: str) -> str:
    return voice.say(template.replace("{Me_cap}", voice.me.capitalize()))


async def explain_withheld(app: App, key: ConversationKey, messages: tuple[Outbound, ...]) -> tuple[Outbound, ...]:
    """Our explanation in place of the engine's "I only read text" notice, then the screen."""
    async with app.sessions() as session:
        learner = await repo.find_learner(session, key)
    voice = Voice(learner.address, learner.name) if learner else Voice()
    notice = Text(_say(voice, WITHHELD))
    if messages and messages[0] == Text(_say(voice, MEDIA)):
        return (notice, *messages[1:])
    return (notice, *messages)
