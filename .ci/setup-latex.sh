#!/usr/bin/env bash
# pdflatex for tests/test_export.py (every exported LaTeX document is compiled).
set -euo pipefail
if ! command -v pdflatex >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends texlive-latex-base texlive-latex-recommended >/dev/null
fi
