#!/usr/bin/env bash
# Headless Chromium for tests/test_export.py (the HTML export is rendered and measured in it).
# Debian's packages; nothing is downloaded by the browser itself.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi
