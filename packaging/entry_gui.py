"""The `rapport` executable of the bundle (the same entry point as the pip script)."""

import sys

if sys.argv[1:2] == ["--read-vcard-part"]:  # the second reader of a big vCard file
    from app.interchange.vcard_parallel import read_part_main

    sys.exit(read_part_main())

from ui.application import main

sys.exit(main())
