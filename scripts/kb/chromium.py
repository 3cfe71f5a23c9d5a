"""Debian's Chromium, as every browser step here launches it (tests, search measurements, the benchmark).

Never a browser download: the project installs Debian's `chromium` package. The flags keep a
headless Chromium from reaching out to the network, which this machine's sandbox refuses.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
