import json
import threading
import unittest
import urllib.error
import urllib.request

from app.server import State, serve


class ServerTest(unittest.TestCase):
    def setUp(self):
        self.state = State()
        self.server = serve(0, self.state)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def get(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=2) as res:
                return res.status, json.loads(res.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def test_health_answers_while_the_process_runs(self):
        self.assertEqual(self.get("/health"), (200, {"status": "ok"}))

    def test_ready_follows_the_readiness_state(self):
        self.assertEqual(self.get("/ready")[0], 503)
        self.state.ready = True
        self.assertEqual(self.get("/ready")[0], 200)

    def test_unknown_paths_are_404(self):
        self.assertEqual(self.get("/nope")[0], 404)


if __name__ == "__main__":
    unittest.main()
