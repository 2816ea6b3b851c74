"""The `rapport` executable of the bundle (the same entry point as the pip script)."""

import sys

from ui.application import main

sys.exit(main())
