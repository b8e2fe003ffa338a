"""Effects and gatherers for admin broadcasts (issue 6)."""
