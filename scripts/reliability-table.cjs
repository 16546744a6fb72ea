// docs/RELIABILITY.md is generated from the tests themselves: every test (or describe) whose
// title reads "ID · case → expected behaviour" becomes one row, with the tier and file that
// prove it. `npm run reliability` rewrites the file; test/unit/reliabilityTable.test.ts fails
// when the file and the tests differ, so the table cannot drift from what is proven.
//   node scripts/reliability-table.cjs          rewrite docs/RELIABILITY.md
//   node scripts/reliability-table.cjs --check  exit 1 when it is out of date
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'RELIABILITY.md');
const TEST_DIRS = ['test/unit', 'test/integration', 'test/e2e'];

const SECTIONS = {
  F: 'Faults from the endpoint',
  B: 'Bad input',
  E: 'Attacks from the endpoint and its network path',
  R: 'Attacks from a cloned repository',
  A: 'Attacks through model output',
  W: 'Attacks from webview content',
  X: 'Other extensions',
  T: 'Attacks through the analyze_image tool',
  S: 'Secrets and trust',
  L: 'Load',
};

// The threat model: who can attack from where, what they are after, and which sections (and
// single cases elsewhere) hold the attacks from each position, with their defences and tests.
const ASSETS = [
  ['API keys', 'one per endpoint origin, in SecretStorage; sent only to that origin'],
  [
    'Images',
    "the user's files and the copies prepared from them, sent only to the chosen endpoint",
  ],
  ['Files on disk', 'the workspace and everything else the extension host can read or write'],
  ['Conversations', "tasks, answers and history, in the extension's own storage"],
  ['Money and attention', 'what a request costs, and what the user is led to open or believe'],
];

const POSITIONS = [
  {
    name: 'The endpoint',
    controls:
      'every byte of every response: status, headers (Location, Retry-After), error bodies, the SSE stream, model lists',
    sections: ['F', 'E'],
    cases: ['S01', 'S04'],
  },
  {
    name: 'The network path',
    controls:
      'plain-http traffic, and redirects or error pages injected by proxies and captive portals',
    sections: [],
    cases: ['E01', 'S05'],
  },
  {
    name: 'A cloned repository',
    controls:
      'file contents and names, symbolic links, .vscode/settings.json (also in Restricted Mode)',
    sections: ['B', 'R'],
    cases: ['S02', 'S03'],
  },
  {
    name: 'Model output',
    controls:
      'answer and reasoning text: markdown, HTML, links, pathological text, grounding blocks, Mermaid; tool calls (zoom requests)',
    sections: ['A'],
    cases: ['E04', 'E05'],
  },
  {
    name: 'Webview content',
    controls:
      'every message a (compromised or confused) page posts to the host, and the state it asks VS Code to keep',
    sections: ['W'],
    cases: [],
  },
  {
    name: 'A chat agent',
    controls:
      'the input of the analyze_image tool (a path and a task), written by a model that may have read a hostile repository',
    sections: ['T'],
    cases: [],
  },
  {
    name: 'Other extensions',
    controls:
      "the arguments of this extension's commands; the environment of the shared extension host",
    sections: ['X'],
    cases: ['S07'],
  },
];

const TIERS = {
  'test/unit': 'unit: real openai SDK over HTTP to the loopback server',
  'test/integration': 'extension host: real VS Code (code-server)',
  'test/e2e': 'browser: the panel in real Chromium',
};

// it('F01 · case → behaviour', …) or describe(…): a quoted literal with no interpolation.
const TITLE = /\b(it|describe)\(\s*(['"`])((?:[A-Z]\d{2}) · (?:\\.|(?!\2)[^\\])*)\2/g;

/** Every titled case in the test sources: { id, section, case, expected, file, tier, title }. */
function collectCases(root = ROOT) {
  const cases = [];
  for (const dir of TEST_DIRS) {
    const files = fs
      .readdirSync(path.join(root, dir), { recursive: true })
      .filter((file) => /\.test\.ts$/.test(file))
      .sort();
    for (const file of files) {
      const relative = `${dir}/${file.split(path.sep).join('/')}`;
      const source = fs.readFileSync(path.join(root, relative), 'utf8');
      for (const match of source.matchAll(TITLE)) {
        if (match[2] === '`' && match[3].includes('${')) {
          throw new Error(
            `${relative}: the title "${match[3]}" is computed; case titles must be literal`,
          );
        }
        const title = match[3].replace(/\\(.)/g, '$1');
        const parsed = /^([A-Z])(\d{2}) · (.+?) → (.+)$/.exec(title);
        if (!parsed || !SECTIONS[parsed[1]]) {
          throw new Error(
            `${relative}: "${title}" does not read "ID · case → expected behaviour" with a known section`,
          );
        }
        cases.push({
          id: parsed[1] + parsed[2],
          section: parsed[1],
          case: parsed[3],
          expected: parsed[4],
          file: relative,
          tier: dir,
          title,
        });
      }
    }
  }
  return cases.sort(
    (a, b) =>
      a.id.localeCompare(b.id) ||
      TEST_DIRS.indexOf(a.tier) - TEST_DIRS.indexOf(b.tier) ||
      a.title.localeCompare(b.title),
  );
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function renderReliability(cases) {
  const ids = new Set(cases.map((entry) => entry.id));
  const lines = [
    '# Reliability: faults, bad input, attacks, secrets, load',
    '',
    "<!-- Generated by `npm run reliability` from the tests' titles; do not edit. -->",
    '',
    'Each row is one test whose title reads "ID · case → expected behaviour"; the table is',
    'rebuilt from those titles, and `test/unit/reliabilityTable.test.ts` fails when this file and',
    'the tests differ. A case proven at several tiers has one row per test.',
    '',
    `${ids.size} cases, ${cases.length} tests. Tiers: ${Object.values(TIERS).join('; ')}.`,
    ...renderThreatModel(cases),
  ];
  for (const [letter, heading] of Object.entries(SECTIONS)) {
    const rows = cases.filter((entry) => entry.section === letter);
    if (rows.length === 0) {
      continue;
    }
    lines.push(
      '',
      `## ${heading}`,
      '',
      '| ID | Case | Expected behaviour | Proven by |',
      '|---|---|---|---|',
    );
    for (const row of rows) {
      lines.push(
        `| ${row.id} | ${cell(row.case)} | ${cell(row.expected)} | ${row.tier.replace('test/', '')}: \`${row.file}\` |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Assets, attacker positions, and for each position the cases (attack → defence, and its test) below. */
function renderThreatModel(cases) {
  const present = new Set(cases.map((entry) => entry.id));
  const lines = [
    '',
    '## Threat model',
    '',
    'What an attacker is after:',
    '',
    '| Asset | Where it is |',
    '|---|---|',
    ...ASSETS.map(([asset, where]) => `| ${asset} | ${cell(where)} |`),
    '',
    'Where attackers sit, what they control, and the cases that prove each defence (each row of the',
    'tables below is one attack, the behaviour that defends against it, and the test that proves it):',
    '',
    '| Position | Controls | Cases |',
    '|---|---|---|',
  ];
  for (const position of POSITIONS) {
    const ids = [
      ...new Set([
        ...cases.filter((entry) => position.sections.includes(entry.section)).map((e) => e.id),
        ...position.cases.filter((id) => present.has(id)),
      ]),
    ].sort();
    if (ids.length === 0) {
      throw new Error(`the threat model has no case for "${position.name}"`);
    }
    lines.push(`| ${position.name} | ${cell(position.controls)} | ${ids.join(', ')} |`);
  }
  lines.push(
    '',
    'Other extensions run in the same extension host with the same rights: a malicious one is out of',
    'reach of any defence here. What is defended is a confused one: commands check their arguments.',
  );
  return lines;
}

function readDoc() {
  return fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
}

module.exports = { collectCases, renderReliability, readDoc, DOC };

if (require.main === module) {
  const expected = renderReliability(collectCases());
  if (process.argv.includes('--check')) {
    if (readDoc() !== expected) {
      console.error('docs/RELIABILITY.md is out of date: run `npm run reliability`');
      process.exit(1);
    }
  } else {
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, expected);
    console.log(
      `docs/RELIABILITY.md: ${expected.split('\n').filter((line) => /^\| [A-Z]\d{2} /.test(line)).length} rows`,
    );
  }
}
