"""CLI: `hocvuso admin grant-ambassador`, `hocvuso stats ...` (issue 7)."""
