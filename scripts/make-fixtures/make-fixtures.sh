#!/usr/bin/env bash
# Regenerates test/fixtures/formats/ (or, with --bench-pages N --out DIR, a long PDF for
# scripts/bench-extract). Installs the Debian packages it needs when they are missing (as root).
# The fixtures are committed: tests and CI never run this.
#   bash scripts/make-fixtures/make-fixtures.sh [--out DIR] [--bench-pages N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=()
/usr/bin/python3 -c "import reportlab" 2>/dev/null || need+=(python3-reportlab)
/usr/bin/python3 -c "import docx" 2>/dev/null || need+=(python3-docx)
/usr/bin/python3 -c "import PIL" 2>/dev/null || need+=(python3-pil)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v qpdf >/dev/null || need+=(qpdf)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
exec /usr/bin/python3 "$here/make_fixtures.py" "$@"
