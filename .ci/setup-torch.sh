#!/usr/bin/env bash
# torch is optional: tests/test_lower.py and benchmarks/run.py compare derive's lowered
# gradient with torch.autograd when it is importable. Pinned: this CPU build is available
# locally; any other version would download gigabytes.
set -euo pipefail
python3 -c 'import torch' 2>/dev/null || python3 -m pip install -q torch==2.13.0
