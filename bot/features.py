"""Import every feature module so its effects, gatherers and CLI commands register."""

from bot import broadcasts, families

__all__ = ["broadcasts", "families"]
