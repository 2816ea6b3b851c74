"""The `rapport-cli` executable of the bundle (the same entry point as the pip script)."""

import sys

from app.cli import main

sys.exit(main())
