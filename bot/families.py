"""Effects and gatherers for ambassadors and families (issue 7)."""
