#!/usr/bin/env bash
# Re-vendor the libraries the site runs in the browser: the "Submit a practice example" form's
# and the service worker's (Workbox, for offline reading).
#
# Each library is fetched from the npm registry at the version pinned below, bundled by
# esbuild into one minified file (the browser then makes one request per library, all
# to the site's own origin), and copied with its licence into its feature's assets:
#   scripts/kb/entry_form/assets/vendor/<name>.js and <name>.LICENSE.txt (ES modules)
#   scripts/kb/offline/assets/vendor/workbox.js and workbox.LICENSE.txt (a classic script that
#   defines `workbox`: the build puts it inside the service worker, sw.js)
# To update: change a version, run this script, run the browser tests, commit.
set -euo pipefail

AJV=8.20.0          # JSON Schema draft-07 validation (the same schemas/ the Python validator uses)
YAML=2.9.1          # YAML output (eemeli/yaml), in YAML 1.1 mode so PyYAML reads it back as written
MARKDOWN_IT=14.1.0  # CommonMark parser; markdown-it-py, which kb validate uses, is its port
WORKBOX=7.4.1       # service worker: precaching, routing and caching strategies (Google's Workbox)
ESBUILD=0.28.2      # bundler, used here only

here="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$here/scripts/kb/entry_form/assets/vendor"
offline_vendor="$here/scripts/kb/offline/assets/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init --yes >/dev/null
npm install --ignore-scripts --no-audit --no-fund --save-exact "ajv@$AJV" "yaml@$YAML" "markdown-it@$MARKDOWN_IT" "esbuild@$ESBUILD" \
  "workbox-core@$WORKBOX" "workbox-precaching@$WORKBOX" "workbox-routing@$WORKBOX" "workbox-strategies@$WORKBOX" >/dev/null

cat >ajv-entry.js <<'JS'
export { default } from "ajv";
JS
cat >yaml-entry.js <<'JS'
export { Document, Scalar, isMap, isScalar, isSeq } from "yaml";
JS
cat >markdown-it-entry.js <<'JS'
export { default } from "markdown-it";
JS
cat >workbox-entry.js <<'JS'
export { setCacheNameDetails } from "workbox-core";
export { matchPrecache, precacheAndRoute } from "workbox-precaching";
export { registerRoute, setCatchHandler } from "workbox-routing";
export { CacheFirst, NetworkFirst } from "workbox-strategies";
JS

bundle() { # name entry-file licence-file
  npx esbuild "$2" --bundle --format=esm --minify --target=es2020 --legal-comments=none \
    --outfile="$vendor/$1.js" --log-level=warning
  cp "$3" "$vendor/$1.LICENSE.txt"
}

mkdir -p "$vendor"
bundle ajv ajv-entry.js node_modules/ajv/LICENSE
bundle yaml yaml-entry.js node_modules/yaml/LICENSE
bundle markdown-it markdown-it-entry.js node_modules/markdown-it/LICENSE
# Workbox as one classic script defining `workbox` (a service worker's importScripts world), its
# development-only logging and assertions left out.
mkdir -p "$offline_vendor"
npx esbuild workbox-entry.js --bundle --format=iife --global-name=workbox --minify --target=es2020 --legal-comments=none \
  --define:process.env.NODE_ENV='"production"' --outfile="$offline_vendor/workbox.js" --log-level=warning
cp node_modules/workbox-core/LICENSE "$offline_vendor/workbox.LICENSE.txt"
cat >"$offline_vendor/VERSIONS.txt" <<TXT
Vendored by scripts/update-vendor.sh from the npm registry; do not edit by hand.
workbox-core, workbox-precaching, workbox-routing, workbox-strategies $WORKBOX (MIT)
TXT
cat >"$vendor/VERSIONS.txt" <<TXT
Vendored by scripts/update-vendor.sh from the npm registry; do not edit by hand.
ajv $AJV (MIT)
yaml $YAML (ISC)
markdown-it $MARKDOWN_IT (MIT)
TXT
echo "vendored into $vendor and $offline_vendor:"
ls -l "$vendor" "$offline_vendor"
