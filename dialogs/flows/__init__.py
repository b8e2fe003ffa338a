"""Each flow module registers its states when imported."""

from dialogs.flows import account, learning, onboarding, quiz

__all__ = ["account", "learning", "onboarding", "quiz"]
