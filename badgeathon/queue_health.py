"""The Socket.IO message queue between nodes (Redis), healing its outages: once Redis is back, every studio resyncs.

While Redis is away, what one node relays never reaches the others (the database still has it all). python-socketio's
own listener then waits 1, 2, 4 … 60 s between attempts and says nothing when it is back: measured here after a
20-second outage, a node heard the others again only 10 s after Redis, and a teammate's edits that built on a lost
one stayed parked by Yjs (their dependency missing) until a full sync. So this node listens itself: it tries Redis
again every `REDIS_HEALTH_SECONDS` and, as soon as Redis confirms its subscription after a gap, emits `resync` to
every studio on `/workshop` — here, and through the queue for the nodes that never lost Redis but missed what this
one published. Browsers answer `resync` by syncing with the database at once.
"""

from collections.abc import Callable

import redis
import socketio as python_socketio
from redis.backoff import NoBackoff
from redis.retry import Retry

from .realtime import WORKSHOP, announce

CHANNEL = "flask-socketio"  # Flask-SocketIO's own channel: nodes still on the plain manager hear this one
# A relay must never hold a request or an edit's acknowledgement: with Redis away, publishing gives up within a
# second or two (python-socketio tries twice and logs it) instead of waiting for redis-py's own retries.
PUBLISH_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": Retry(NoBackoff(), 0)}
# Listening blocks until a message comes, so no read timeout; and no redis-py retries, which would reconnect
# silently: every lost connection must reach `_listen`, since messages may have been lost with it.
LISTEN_OPTIONS = {"socket_connect_timeout": 1, "retry": Retry(NoBackoff(), 0)}


class HealingRedisManager(python_socketio.RedisManager):
    """python-socketio's Redis manager (it publishes), with a listener that notices its gaps and reports the end of
    each one to `on_back`."""

    def __init__(self, url: str, *, retry_seconds: float, on_back: Callable[[], None], logger=None):
        super().__init__(url, channel=CHANNEL, logger=logger, redis_options=dict(PUBLISH_OPTIONS))
        self.retry_seconds = retry_seconds
        self.on_back = on_back

    def _listen(self):
        """What the other nodes publish, for ever (python-socketio's extension point for a queue backend)."""
        lost = False
        while True:
            client = redis.Redis.from_url(self.redis_url, **LISTEN_OPTIONS)
            pubsub = client.pubsub()
            try:
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    if message["type"] == "message":
                        yield message["data"]
                    elif message["type"] == "subscribe" and lost:  # Redis has confirmed: nothing is lost from now
                        lost = False
                        self._get_logger().warning("message queue: Redis is back, every studio resyncs")
                        self.server.start_background_task(self.on_back)
                reason = "the subscription ended"
            except Exception as error:  # whatever broke the connection, listen again
                reason = error
            finally:
                pubsub.close()
                client.close()
            if not lost:
                lost = True
                self._get_logger().error(
                    "message queue: Redis is away (%s); trying again every %s s", reason, self.retry_seconds
                )
            self.server.sleep(self.retry_seconds)


def resync_studios() -> None:
    """Every studio open on any node syncs now: the database holds what the queue dropped (no transaction: at once)."""
    announce("resync", {}, namespace=WORKSHOP)


def message_queue(app) -> HealingRedisManager | None:
    """This node's queue to the others; None without `REDIS_URL` (one in-process node)."""
    if not app.config["REDIS_URL"]:
        return None
    return HealingRedisManager(
        app.config["REDIS_URL"],
        retry_seconds=app.config["REDIS_HEALTH_SECONDS"],
        on_back=resync_studios,
        logger=app.logger,
    )
