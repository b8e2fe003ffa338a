"""The conversational core: a pure state machine. Imports nothing but `content`."""

from dialogs.engine import Machine

__all__ = ["Machine"]
