"""Docker HEALTHCHECK: the slim image has no curl."""

import os
import sys
import urllib.request

PORT = os.environ.get("PORT", "${{ values.port }}")

try:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=2) as res:
        sys.exit(0 if res.status == 200 else 1)
except OSError:
    sys.exit(1)
