// Numbers that say whether the code is getting easier to read, measured the same way every time
// (docs/ARCHITECTURE.md, "Keeping it learnable"):
//   - repeated blocks: places in src/ and test/ that share six or more identical lines with
//     another place (lines compared trimmed; blank, comment-only and import lines left out);
//   - the longest function in src/ (and in test/, not counting describe/suite bodies), found with
//     the TypeScript compiler's parser;
//   - the largest file in src/ and in test/;
//   - lines over 100 characters in src/, test/, bench/ and scripts/;
//   - import cycles between modules of src/ (type-only imports count: they still tie files
//     together for a reader).
// Run: node scripts/code-metrics.mjs [--json] [--details]. `npm test` holds the cycle count at zero
// (test/unit/importCycles.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(ts|mts|cts|mjs|cjs|js)$/;
const MIN_BLOCK_LINES = 6;
const LONG_LINE = 100;

function listFiles(dir) {
  const absolute = path.join(ROOT, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true })
    .map((file) => path.join(dir, String(file)))
    .filter((file) => SOURCE.test(file) && !file.includes(`${path.sep}fixtures${path.sep}`))
    .filter((file) => fs.statSync(path.join(ROOT, file)).isFile())
    .sort();
}

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const linesOf = (file) => read(file).split('\n');

// ── Repeated blocks ─────────────────────────────────────────────────────────────────────────

/** Lines of import and re-export statements: shared names, not shared logic. */
function importLines(file) {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const lines = new Set();
  for (const statement of source.statements) {
    if (
      ts.isImportDeclaration(statement) ||
      (ts.isExportDeclaration(statement) && statement.moduleSpecifier)
    ) {
      const from = source.getLineAndCharacterOfPosition(statement.getStart(source)).line;
      const to = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
      for (let line = from; line <= to; line++) lines.add(line);
    }
  }
  return lines;
}

/** Lines that carry code: trimmed, runs of spaces collapsed; blank, comment and import lines dropped. */
function codeLines(file) {
  const imports = importLines(file);
  const kept = [];
  linesOf(file).forEach((line, index) => {
    const text = line.trim().replace(/\s+/g, ' ');
    if (!text || /^(\/\/|\/\*|\*)/.test(text) || imports.has(index)) return;
    kept.push({ text, line: index + 1 });
  });
  return kept;
}

/** A window made only of closing brackets and the like says nothing about duplicated logic. */
const meaningful = (texts) => texts.join('').replace(/[^A-Za-z0-9]/g, '').length >= 24;

function repeatedBlocks(files) {
  const byFile = new Map(files.map((file) => [file, codeLines(file)]));
  const windows = new Map();
  for (const [file, lines] of byFile) {
    for (let start = 0; start + MIN_BLOCK_LINES <= lines.length; start++) {
      const texts = lines.slice(start, start + MIN_BLOCK_LINES).map((line) => line.text);
      if (!meaningful(texts)) continue;
      const key = texts.join('\n');
      let places = windows.get(key);
      if (!places) windows.set(key, (places = []));
      places.push({ file, start });
    }
  }
  // Every line of a window found in two places (apart from each other) is repeated.
  const marked = new Map([...byFile.keys()].map((file) => [file, new Set()]));
  for (const places of windows.values()) {
    if (places.length < 2) continue;
    const apart = places.filter((place, index) =>
      places.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          (other.file !== place.file || Math.abs(other.start - place.start) >= MIN_BLOCK_LINES),
      ),
    );
    for (const { file, start } of apart) {
      for (let offset = 0; offset < MIN_BLOCK_LINES; offset++) marked.get(file).add(start + offset);
    }
  }
  const blocks = [];
  for (const [file, indices] of marked) {
    const lines = byFile.get(file);
    const sorted = [...indices].sort((a, b) => a - b);
    let runStart;
    sorted.forEach((index, position) => {
      runStart ??= index;
      if (sorted[position + 1] !== index + 1) {
        blocks.push({
          file,
          from: lines[runStart].line,
          to: lines[index].line,
          lines: index - runStart + 1,
        });
        runStart = undefined;
      }
    });
  }
  return {
    places: blocks.length,
    lines: blocks.reduce((sum, block) => sum + block.lines, 0),
    blocks: blocks.sort((a, b) => b.lines - a.lines),
  };
}

// ── Functions and files ─────────────────────────────────────────────────────────────────────

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** `describe('…', () => {…})` and the like group tests; they are not functions to read as one. */
function isSuiteBody(node) {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call)) return false;
  const callee = call.expression;
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee)
      ? callee.expression.getText()
      : '';
  return ['describe', 'suite', 'context'].includes(name);
}

function functionName(node, source) {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (parent && ts.isCallExpression(parent)) {
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? ` ${JSON.stringify(first.text)}` : '';
    return `(callback of ${parent.expression.getText(source).slice(0, 40)}${label})`;
  }
  return '(anonymous)';
}

function longestFunctions(files, { skipSuites }) {
  const found = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (FUNCTION_KINDS.has(node.kind) && !(skipSuites && isSuiteBody(node))) {
        const from = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const to = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
        found.push({ file, name: functionName(node, source), from, lines: to - from + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => b.lines - a.lines);
}

function largestFiles(files) {
  return files
    .map((file) => ({ file, lines: linesOf(file).length - (read(file).endsWith('\n') ? 1 : 0) }))
    .sort((a, b) => b.lines - a.lines);
}

function longLines(files) {
  const found = [];
  for (const file of files) {
    linesOf(file).forEach((line, index) => {
      if (line.length > LONG_LINE) found.push({ file, line: index + 1, length: line.length });
    });
  }
  return found;
}

// ── Import cycles ───────────────────────────────────────────────────────────────────────────

function importGraph(files) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    const targets = new Set();
    const add = (specifier) => {
      if (!specifier.startsWith('.')) return;
      const base = path.join(path.dirname(file), specifier);
      const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base];
      const target = candidates.find((candidate) => known.has(candidate));
      if (target) targets.add(target);
    };
    const visit = (node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        add(node.moduleSpecifier.text);
      } else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        add(node.arguments[0].text);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        add(node.argument.literal.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const components = [];
  const strongConnect = (node) => {
    const entry = { index, low: index, onStack: true };
    index++;
    state.set(node, entry);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const seen = state.get(next);
      if (!seen) {
        strongConnect(next);
        entry.low = Math.min(entry.low, state.get(next).low);
      } else if (seen.onStack) {
        entry.low = Math.min(entry.low, seen.index);
      }
    }
    if (entry.low === entry.index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) strongConnect(node);
  return components;
}

/** Import cycles between modules of src/, each a sorted list of files; test/unit/importCycles.test.ts wants none. */
export function srcImportCycles() {
  return cycles(importGraph(listFiles('src').filter((file) => /\.m?ts$/.test(file))));
}

// ── Report ──────────────────────────────────────────────────────────────────────────────────

function report() {
  const src = listFiles('src');
  const test = listFiles('test');
  const everywhere = [...src, ...test, ...listFiles('bench'), ...listFiles('scripts')];
  const repeated = repeatedBlocks([...src, ...test]);
  const srcFunctions = longestFunctions(src, { skipSuites: false });
  const testFunctions = longestFunctions(test, { skipSuites: true });
  const srcFiles = largestFiles(src);
  const testFiles = largestFiles(test);
  const long = longLines(everywhere);
  const importCycles = srcImportCycles();

  const metrics = {
    repeatedBlocks: { places: repeated.places, lines: repeated.lines },
    longestFunction: { src: srcFunctions[0], test: testFunctions[0] },
    largestFile: { src: srcFiles[0], test: testFiles[0] },
    linesOver100: {
      total: long.length,
      src: long.filter((entry) => entry.file.startsWith('src')).length,
      test: long.filter((entry) => entry.file.startsWith('test')).length,
    },
    importCycles: importCycles.length,
  };

  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...metrics, cycles: importCycles }, null, 2));
  } else {
    const fn = (entry) => `${entry.name} (${entry.file}:${entry.from}), ${entry.lines} lines`;
    console.log(
      [
        `repeated blocks (≥${MIN_BLOCK_LINES} identical lines, src+test): ${repeated.places} places, ${repeated.lines} lines`,
        `longest function in src:  ${fn(srcFunctions[0])}`,
        `longest function in test: ${fn(testFunctions[0])}`,
        `largest file in src:  ${srcFiles[0].file}, ${srcFiles[0].lines} lines`,
        `largest file in test: ${testFiles[0].file}, ${testFiles[0].lines} lines`,
        `lines over ${LONG_LINE} characters: ${long.length} (src ${metrics.linesOver100.src}, test ${metrics.linesOver100.test})`,
        `import cycles in src: ${importCycles.length}`,
        ...importCycles.map((cycle) => `  ${cycle.join(' ↔ ')}`),
      ].join('\n'),
    );
    if (process.argv.includes('--details')) {
      console.log('\nrepeated blocks, largest first:');
      for (const block of repeated.blocks.slice(0, 40))
        console.log(`  ${block.file}:${block.from}-${block.to} (${block.lines} lines)`);
      console.log('\nlongest functions in src:');
      for (const entry of srcFunctions.slice(0, 10)) console.log(`  ${fn(entry)}`);
      console.log('\nlargest files in src:');
      for (const entry of srcFiles.slice(0, 10)) console.log(`  ${entry.file}: ${entry.lines}`);
    }
  }
}

// Imported by a test for its cycle finder; run as a script for the report.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) report();
