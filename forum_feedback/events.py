"""What happens in the app that other features react to, as blinker signals (indico's model).

A service sends the signal after its transaction has committed; a feature subscribes where it is
defined (themes: theming on arrival; mail: sending what the outbox holds). A receiver's failure is logged and
never undoes or hides what already happened: the feedback is stored whatever a receiver does.
"""

from __future__ import annotations

import logging
from typing import Any

from blinker import Namespace, Signal

logger = logging.getLogger(__name__)

_signals = Namespace()

#: Feedback was stored, by any channel (online form, CSV import...): ``feedback_ids=[...]``.
feedback_received = _signals.signal("feedback-received")

#: Emails were written to the outbox (in a transaction that has committed): ``message_ids=[...]``.
mail_queued = _signals.signal("mail-queued")


def send(signal: Signal, **data: Any) -> None:
    """Tell every receiver; one that fails is logged (without the data) and the others still run."""
    for receiver in list(signal.receivers_for(None)):
        try:
            receiver(None, **data)
        except Exception as exc:
            logger.error("a receiver of %s failed: %s", signal.name, type(exc).__name__)
