"""Whether the running code is one of the process's own methods.

Process methods (buttons, the sweep, the intake) check who may act, then write what
only the process writes: the stages entered by buttons (stage_guard) and the fields
refused to a write by hand (roles.py). A thread-local, not a context key: the
context of an RPC call is whatever the caller sends, so a context flag could be
forged by any user. Pure Python: importing it defines no model, so it does not move
the guards' place in the models' method order.
"""
import threading
from contextlib import contextmanager

_process = threading.local()


@contextmanager
def by_process():
    """Let a process method write what only the process writes, after its checks."""
    depth = getattr(_process, "depth", 0)
    _process.depth = depth + 1
    try:
        yield
    finally:
        _process.depth = depth


def in_process():
    return bool(getattr(_process, "depth", 0))
