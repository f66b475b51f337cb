"""`python -m crawler.sample_portal [PORT]`: serve the sample portal until Ctrl-C."""

from __future__ import annotations

import sys
import time

from crawler.sample_portal import serve


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    url, stop = serve(port)
    print(f"sample portal at {url} (Ctrl-C to stop)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
