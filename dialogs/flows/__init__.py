"""Each flow module registers its states and commands when imported."""

from dialogs.flows import account, admin, family, learning, onboarding, quiz

__all__ = ["account", "admin", "family", "learning", "onboarding", "quiz"]
