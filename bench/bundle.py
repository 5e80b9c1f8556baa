"""How much JavaScript the studio page ships, gzipped, against the 150 KB budget (built bundles in static/vendor/).

Run after `make` (which builds the bundles): python bench/bundle.py
"""

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 150 * 1024


def main() -> int:
    template = (ROOT / "templates" / "workshop" / "team.html").read_text(encoding="utf-8")
    scripts = re.findall(r"filename='(vendor/[^']+\.js)'", template)
    total = 0
    for script in scripts:
        data = (ROOT / "static" / script).read_bytes()
        packed = len(gzip.compress(data, compresslevel=9))
        total += packed
        print(f"{script}: {len(data) / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzipped")
    print(f"RESULT studio_js_gzip_kb={total / 1024:.1f} budget_kb={BUDGET / 1024:.0f} within={total <= BUDGET}")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
