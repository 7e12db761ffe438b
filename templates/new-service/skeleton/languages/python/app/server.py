"""HTTP server of ${{ values.name }}: /health (liveness) and /ready (readiness).

Standard library only, so the image carries no third-party code to patch.
"""

import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    """`ready` turns false on SIGTERM so the pod leaves the Service first."""

    def __init__(self, ready=False):
        self.ready = ready


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        server_version = "${{ values.name }}"

        def _send(self, status, body):
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            if self.path == "/health":
                self._send(200, {"status": "ok"})
            elif self.path == "/ready":
                if state.ready:
                    self._send(200, {"status": "ready"})
                else:
                    self._send(503, {"status": "not ready"})
            elif self.path == "/":
                self._send(200, {"service": "${{ values.name }}"})
            else:
                self._send(404, {"error": "not found"})

        def log_message(self, fmt, *args):
            sys.stdout.write(json.dumps({"msg": fmt % args}) + "\n")

    return Handler


def serve(port, state):
    return ThreadingHTTPServer(("0.0.0.0", port), make_handler(state))


def main():
    state = State()
    server = serve(int(os.environ.get("PORT", "${{ values.port }}")), state)

    def shutdown(signum, _frame):
        state.ready = False
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    state.ready = True
    server.serve_forever()


if __name__ == "__main__":
    main()
