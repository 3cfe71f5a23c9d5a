"""Watched sources: `kb sources check` reads each protocol's watched issuer page and says what changed there."""
