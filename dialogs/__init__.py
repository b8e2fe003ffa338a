"""The conversational core: a pure state machine. Imports nothing but `content`."""

from dialogs.engine import step

__all__ = ["step"]
