import atexit
import os
import sys
import threading

from .cli import main

code = main()
# Everything is written and closed by now. Python's own exit would then free every object of
# the build one by one (tens of milliseconds on a corpus): leave at once instead, as mypy does,
# after what Python runs at exit (atexit handlers: logging, multiprocessing, finalizers) and
# flushing. Not while a non-daemon thread runs: Python would wait for it.
if not any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
