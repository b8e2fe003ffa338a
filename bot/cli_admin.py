"""CLI: `hocvuso admin grant`, `hocvuso broadcast ...` (issue 6)."""
