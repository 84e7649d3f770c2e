#!/usr/bin/env bash
# Opens a report.html in headless Chromium (Debian's `chromium`) and fails when any
# embedded figure does not load (decode) in the browser. With a second argument,
# also writes a screenshot of the page's top (1280 px wide) to that PNG.
#
#   bash scripts/check_report_in_browser.sh reports/standard/report.html [reports/standard/screenshot.png]
set -euo pipefail
report=${1:?usage: check_report_in_browser.sh REPORT.html [SCREENSHOT.png]}
screenshot=${2:-}
[ -s "$report" ] || { echo "no report at $report"; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no chromium on PATH (apt-get install chromium)"; exit 1; }
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$(mktemp -d)")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
expected=$(grep -o '<img ' "$report" | wc -l)
# The page itself, with a check appended that runs after every image has loaded or failed.
sed 's#</body></html>#<script>window.addEventListener("load", function () {\
  var images = Array.prototype.slice.call(document.images);\
  var broken = images.filter(function (i) { return !(i.complete \&\& i.naturalWidth > 0); });\
  document.body.setAttribute("data-figure-check", "loaded=" + (images.length - broken.length) + " broken=" + broken.length\
    + " " + broken.map(function (i) { return i.alt; }).join("|"));\
});</script></body></html>#' "$report" > "$work/check.html"
result=$("$browser" "${flags[@]}" --virtual-time-budget=20000 --dump-dom "file://$work/check.html" 2>/dev/null \
    | grep -o 'data-figure-check="[^"]*"' || true)
[ -n "$result" ] || { echo "chromium did not finish loading $report"; exit 1; }
loaded=$(echo "$result" | sed -E 's/.*loaded=([0-9]+).*/\1/')
broken=$(echo "$result" | sed -E 's/.*broken=([0-9]+).*/\1/')
echo "$report: $expected figures, $loaded loaded in chromium, $broken broken"
if [ "$broken" -ne 0 ] || [ "$loaded" -ne "$expected" ]; then
    echo "figures that did not load: $(echo "$result" | sed -E 's/.*broken=[0-9]+ ?//; s/"$//')"
    exit 1
fi
if [ -n "$screenshot" ]; then
    "$browser" "${flags[@]}" --window-size=1280,2200 --screenshot="$screenshot" "file://$(realpath "$report")" 2>/dev/null
    [ -s "$screenshot" ] || { echo "chromium wrote no screenshot"; exit 1; }
    echo "screenshot: $screenshot"
fi
