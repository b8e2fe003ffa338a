"""The scam checker: is a message a learner pasted or forwarded a scam?

Build one `ScamChecker` at start-up with `load_scam_checker()`; call `check(text)` for a
Verdict and `forwarded(text)` to decide whether free text looks like a pasted message.
"""

from __future__ import annotations

from pathlib import Path

from content.loader import DATA_DIR
from content.scam.checker import ScamChecker
from content.scam.load import load_scam_book

__all__ = ["ScamChecker", "load_scam_checker"]


def load_scam_checker(data_dir: Path = DATA_DIR) -> ScamChecker:
    """Read and validate the signal files, compile everything once. Raises ContentError."""
    return ScamChecker(load_scam_book(data_dir))
