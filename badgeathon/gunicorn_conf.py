"""How the app is served (gunicorn, one gevent worker) and how that worker stops on a deploy, in seconds.

Every place that starts the server builds its command with `command()`: `badgeathon run`, the e2e tests'
`start_server`, bench/realtime.py. A stop (SIGTERM to the master) and a reload (SIGHUP: a new worker, then SIGTERM to
the old one) both end the worker the same way, inside it, before its sockets are torn down:
  1. once gunicorn's loop has closed the worker's listeners (within a second), write what the studio still queues
     (acknowledged edits are written already: an ack waits for its commit);
  2. close every Socket.IO connection as a dropped one, so socket.io clients reconnect by themselves at once:
     to the new worker on a reload, to the restarted server after a stop;
  3. the worker's own loop then finds nothing left open and exits; the last hook writes what came in meanwhile.
Left to itself, gunicorn keeps the sockets open for the whole graceful timeout (30 s by default), refuses new
connections meanwhile and finally kills the open requests mid-read (gevent's ConcurrentObjectUseError).

Gunicorn loads this file by its path (`--config …/gunicorn_conf.py`), not as `python:badgeathon.gunicorn_conf`:
that would import the app into the master, and a reload would fork workers running the old code. So nothing of the
app is imported at the top of this file; the hooks run in the worker, where the app is loaded.
"""

import sys

worker_class = "gevent"
workers = 1  # scale out with more processes, not more workers (docs/OPERATIONS.md)
# gunicorn 27's control socket has one path per machine: several nodes on one machine would share it
control_socket_disable = True
# What a stopping worker still grants to plain HTTP requests under way; sockets are closed at once, not after it.
graceful_timeout = 4


def command(bind: str, app: str = "app:app", options: tuple[str, ...] = ()) -> list[str]:
    """The command line that serves `app` on `bind` ("host:port") with this configuration."""
    return [sys.executable, "-m", "gunicorn", "--config", __file__, "--bind", bind, *options, app]


def workers_of(master: int) -> set[int]:
    """The pids of a running master's workers (its children), for the tests and benches that signal them."""
    from pathlib import Path

    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.add(int(entry.name))
    return found


# --- hooks (gunicorn calls them by name) -------------------------------------------------------------------------


def post_worker_init(worker):
    """Take over SIGTERM in the worker. Gunicorn's handler only marks the worker as stopping; ours also starts the
    shutdown (a greenlet: nothing may block inside a signal handler)."""
    import signal

    import gevent

    def on_term(signum, frame):
        if worker.alive:
            worker.alive = False  # as gunicorn does: its loop stops accepting within a second
            gevent.spawn(_stop, worker)

    signal.signal(signal.SIGTERM, on_term)
    signal.siginterrupt(signal.SIGTERM, False)


def worker_int(worker):
    """SIGINT or SIGQUIT (Ctrl-C, a quick stop): no time to close sockets, but the queue is written."""
    _flush_studio(getattr(worker, "wsgi", None))


def worker_exit(server, worker):
    """The worker's last moment: write what arrived while the sockets were closing."""
    _flush_studio(getattr(worker, "wsgi", None))


# --- the stop ----------------------------------------------------------------------------------------------------


def _stop(worker) -> None:
    import time

    import gevent

    app = worker.wsgi
    # gunicorn's loop closes this worker's listeners within a second. Wait for it: a client told to reconnect
    # before then could come back to this very worker (on a reload the listening socket stays open for the new one).
    deadline = time.monotonic() + 2
    while any(listener.fileno() != -1 for listener in worker.sockets) and time.monotonic() < deadline:
        gevent.sleep(0.05)
    _flush_studio(app)
    gevent.sleep(0.05)  # the handlers waiting for that commit send their acks before the sockets close
    asked: set[str] = set()
    while True:  # until the process ends: a client accepted just before the listeners closed goes too
        _close_sockets(app, asked)
        gevent.sleep(0.1)


def _flush_studio(app) -> None:
    """Write everything the studio has queued: the one place the server does it on its way out."""
    store = sys.modules.get("badgeathon.workshop.store")  # not loaded: an app without the studio (the bench relay)
    if app is not None and store is not None:
        store.shutdown(app)  # retries, then logs: the sockets are closed anyway (browsers keep their edits)


def _close_sockets(app, asked: set[str]) -> None:
    """Close every Engine.IO connection as a dropped one, so that socket.io clients reconnect by themselves (a
    Socket.IO `disconnect` packet would tell them to stay away).

    A WebSocket is closed from its writer's end: what was queued for the client goes first, then the close frame;
    what the client had already sent is still read in order, then the socket ends as when a client leaves (the
    `disconnect` handlers run). Closing the Engine.IO socket directly would forget the client first, and a binary
    event arriving in between would log "Unexpected binary packet". A long-polling client gets a close packet."""
    socketio = getattr(app, "extensions", {}).get("socketio")
    if socketio is None or socketio.server is None:
        return
    for sid, client in list(socketio.server.eio.sockets.items()):
        if sid in asked or client.closed:
            continue
        asked.add(sid)
        if client.upgraded:
            client.queue.put(None)  # python-engineio's "no more packets": its writer then closes the WebSocket
        else:
            client.close(wait=False)
