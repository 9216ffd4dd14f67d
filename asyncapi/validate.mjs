// Checks asyncapi/petstore.yaml with the official AsyncAPI parser (@asyncapi/parser: the AsyncAPI
// JSON Schema, the Spectral rules, message examples against their schemas). Run by scripts/test.
//
//   node asyncapi/validate.mjs [file]     exit 0: valid; exit 1: errors (printed)
//
// The parser's 3.x rules do not check examples (its 2.x rules did), so every message example's payload
// and headers, and every schema's `examples`, are checked here against their schemas with Ajv, formats
// asserted, as the parser's own rules would. A failing example counts as an error.
//
// No network: the parser would fetch a $ref that points outside the document, so any such $ref is
// refused before the parser sees it. Warnings are printed but do not fail.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const file = process.argv[2] ?? fileURLToPath(new URL('./petstore.yaml', import.meta.url));
const text = await readFile(file, 'utf8');

const external = [...text.matchAll(/\$ref:\s*['"]?([^'"\s]+)/g)].map(m => m[1]).filter(ref => !ref.startsWith('#'));
if (external.length > 0) {
  console.error(`asyncapi: ${file}: every $ref must point inside the document; found ${[...new Set(external)].join(', ')}`);
  process.exit(1);
}

const where = d => {
  const start = d.range?.start;
  const at = start ? `${start.line + 1}:${start.character + 1}` : '?';
  return `${file}:${at}${d.path?.length ? ` (${d.path.join('.')})` : ''}`;
};
const names = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning' };

const { document, diagnostics } = await new Parser().parse(text, { source: file });
const shown = diagnostics.filter(d => d.severity <= DiagnosticSeverity.Warning);
for (const d of shown) console.error(`asyncapi: ${names[d.severity]} ${d.code}: ${d.message}\n  at ${where(d)}`);

const errors = diagnostics.filter(d => d.severity === DiagnosticSeverity.Error);
if (document !== undefined) {
  for (const problem of exampleProblems(document)) {
    console.error(`asyncapi: error example: ${problem}`);
    errors.push(problem);
  }
}
if (errors.length > 0 || document === undefined) {
  console.error(`asyncapi: ${file} is not a valid AsyncAPI document (${errors.length} error(s))`);
  process.exit(1);
}
const version = document.version();
if (version !== '3.0.0') {
  console.error(`asyncapi: ${file} declares AsyncAPI ${version}; this project writes 3.0.0`);
  process.exit(1);
}
console.log(`asyncapi: valid (${document.channels().length} channels, ${document.operations().length} operations)`);

function exampleProblems(document) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const problems = [];
  const check = (where, schema, value) => {
    const validate = ajv.compile(schema);
    if (!validate(value)) {
      for (const e of validate.errors) problems.push(`${where}: ${e.instancePath || "/"} ${e.message}`);
    }
  };
  for (const message of document.allMessages()) {
    message.examples().all().forEach((example, i) => {
      const where = `message ${message.name() ?? message.id()}, example ${example.name() ?? i}`;
      if (example.hasPayload()) check(`${where}, payload`, message.payload()?.json() ?? {}, example.payload());
      if (example.hasHeaders()) check(`${where}, headers`, message.headers()?.json() ?? { type: 'object' }, example.headers());
    });
  }
  for (const schema of document.allSchemas()) {
    (schema.examples() ?? []).forEach((value, i) => check(`schema ${schema.id()}, examples[${i}]`, schema.json(), value));
  }
  return problems;
}
