"""A time budget for one verify or check: when it runs out, the work stops where it is.

It uses a real-time interval timer, so even a single long sympy call is interrupted;
outside the main thread (where signals cannot be used) the budget is not enforced.
"""
import signal
import threading
from contextlib import contextmanager


REPEAT = 0.5          # after the budget, the alarm repeats: a raise inside a gc callback or a
                      # __del__ is lost (Python only reports it), the next one lands


class OutOfTime(BaseException):
    """The time budget ran out. Not an Exception: code that turns a failing check into a
    verdict ("could not check this step") must not swallow the end of the budget."""


@contextmanager
def time_budget(seconds):
    """Raise OutOfTime inside the block once `seconds` have passed (None or 0: no budget)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    armed = [True]

    def expire(signum, frame):
        if armed[0]:
            raise OutOfTime(f"the time budget of {seconds:g} s ran out")

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)      # armed inside: an early alarm is caught
        yield
    finally:
        while True:              # an alarm that lands while disarming must not leave the timer running
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except OutOfTime:
                continue
