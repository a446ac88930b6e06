import os
import sys
import threading

from .cli import main

code = main()
# Everything is written and closed by now. Python's own exit would then free every object of
# the build one by one (tens of milliseconds on a corpus): leave at once instead, as mypy does,
# after flushing what Python would flush. Not when another thread is still running: Python
# waits for it.
if threading.active_count() == 1:
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
