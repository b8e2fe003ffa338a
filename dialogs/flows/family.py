"""Digital Ambassadors and digital families (issue 7)."""
