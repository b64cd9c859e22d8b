#!/usr/bin/env bash
# Installs axe-core, the accessibility checker that the browser tests (e2e/) run on every page they visit,
# from the npm registry into a cache folder, and prints the path of its axe.min.js. The version and the
# tarball's SHA-512 are pinned here; a copy already in place at this version is kept, so running it again
# costs nothing. The tests find the file through TEND_AXE_JS, or at the default place this script uses.
set -euo pipefail
version=4.14.1
integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
dir="${TEND_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tend/axe-core}"

if [ -f "$dir/axe.min.js" ] && [ "$(cat "$dir/VERSION" 2>/dev/null)" = "$version" ]; then
  echo "$dir/axe.min.js"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-axe: npm is needed to fetch axe-core from the npm registry (apt-get install npm)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null)
tarball="$tmp/axe-core-$version.tgz"
got=$(node -e 'const c = require("crypto"), f = require("fs");
process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")
if [ "$got" != "$integrity" ]; then
  echo "install-axe: axe-core@$version from the registry has checksum $got, want $integrity" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$dir"
mv "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$dir/"
echo "$version" >"$dir/VERSION"
echo "$dir/axe.min.js"
