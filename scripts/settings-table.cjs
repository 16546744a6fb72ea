// The README's settings table is generated from package.json (and package.nls.json, where
// the manifest's strings live), so the two cannot drift: `npm run readme` rewrites the table
// between the markers, and test/unit/readmeSettings.test.ts fails when they differ.
//   node scripts/settings-table.cjs          rewrite README.md
//   node scripts/settings-table.cjs --check  exit 1 when README.md is out of date
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BEGIN =
  '<!-- settings-table:begin (generated from package.json by `npm run readme`; do not edit) -->';
const END = '<!-- settings-table:end -->';
const ROOT = path.resolve(__dirname, '..');

/** `%key%` → the English string in package.nls.json (what the Marketplace shows). */
function resolveNls(value, nls) {
  const match = typeof value === 'string' && /^%([^%]+)%$/.exec(value);
  if (!match) {
    return value;
  }
  if (!(match[1] in nls)) {
    throw new Error(`package.json uses %${match[1]}% but package.nls.json has no such key`);
  }
  return nls[match[1]];
}

/** One table cell: one line, pipes escaped, settings links (`#a.b#`) shown as code. */
function cell(text) {
  return String(text)
    .replace(/`?#([\w.]+)#`?/g, '`$1`')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function describeDefault(value) {
  if (value === undefined || value === null) {
    return '(not set)';
  }
  if (value === '') {
    return '(empty)';
  }
  return '`' + JSON.stringify(value).replace(/\|/g, '\\|') + '`';
}

function renderSettingsTable(manifest, nls) {
  const properties = manifest.contributes?.configuration?.properties ?? {};
  const entries = Object.entries(properties).sort(
    ([, a], [, b]) => (a.order ?? 0) - (b.order ?? 0),
  );
  const rows = entries.map(([key, schema]) => {
    let description = cell(resolveNls(schema.markdownDescription ?? schema.description ?? '', nls));
    if (Array.isArray(schema.enum)) {
      description += ` One of: ${schema.enum.map((value) => '`' + value + '`').join(', ')}.`;
    }
    if (schema.scope === 'application' && !/user setting/i.test(description)) {
      description += ' User setting only.';
    }
    return `| \`${key}\` | ${describeDefault(schema.default)} | ${description} |`;
  });
  return ['| Setting | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}

/** README text with the table between the markers replaced; throws when a marker is missing. */
function updateReadme(readme, manifest, nls) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md needs the markers\n${BEGIN}\n${END}`);
  }
  return (
    readme.slice(0, start + BEGIN.length) +
    '\n' +
    renderSettingsTable(manifest, nls) +
    '\n' +
    readme.slice(end)
  );
}

function readProject(root = ROOT) {
  const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
  const nlsPath = path.join(root, 'package.nls.json');
  return {
    readme: read('README.md'),
    manifest: JSON.parse(read('package.json')),
    nls: fs.existsSync(nlsPath) ? JSON.parse(read('package.nls.json')) : {},
  };
}

module.exports = { BEGIN, END, renderSettingsTable, updateReadme, readProject, resolveNls };

if (require.main === module) {
  const { readme, manifest, nls } = readProject();
  const expected = updateReadme(readme, manifest, nls);
  if (process.argv.includes('--check')) {
    if (expected !== readme) {
      console.error('README.md settings table differs from package.json: run `npm run readme`.');
      process.exit(1);
    }
  } else if (expected !== readme) {
    fs.writeFileSync(path.join(ROOT, 'README.md'), expected);
    console.log('README.md: settings table rewritten from package.json');
  }
}
