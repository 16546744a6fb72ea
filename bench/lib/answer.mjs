// A long model answer, the same every run: headings, paragraphs with inline markup, nested and
// ordered lists, tables, fenced code and quotes, cut into tokens the way a model streams them
// (a word with its leading space, a number, a punctuation mark, a newline, a run of spaces).

/** A small deterministic PRNG (mulberry32), so every run streams the same answer. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = / *[A-Za-z]+| *\d{1,3}|\n| +|[^\sA-Za-z\d]/g;

/** Splits text into model-like tokens; joining them gives the text back. */
export function tokenize(text) {
  const tokens = text.match(TOKEN) ?? [];
  if (tokens.join('') !== text) throw new Error('tokenize lost characters');
  return tokens;
}

const WORDS = (
  'the gateway routes each request to a stateless service that owns its data and publishes events ' +
  'to the queue while the worker pool drains it in order so retries stay idempotent across zones ' +
  'latency budget cache primary replica failover load balancer health check circuit breaker timeout ' +
  'deployment region shard partition throughput backpressure consumer producer schema migration'
).split(' ');
const NAMES = [
  'Gateway',
  'Orders',
  'Billing',
  'Inventory',
  'Search',
  'Auth',
  'Queue',
  'Worker',
  'Cache',
  'Postgres',
  'Redis',
  'CDN',
];
const LANGUAGES = ['ts', 'yaml', 'python', 'sql', 'json'];

function composer(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (min, max) => min + Math.floor(rand() * (max - min + 1));
  const words = (count) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const inline = () => {
    const roll = rand();
    if (roll < 0.15) return `**${words(int(1, 3))}**`;
    if (roll < 0.25) return `*${words(int(1, 2))}*`;
    if (roll < 0.38) return `\`${pick(NAMES).toLowerCase()}.${pick(WORDS)}()\``;
    if (roll < 0.45)
      return `[${words(int(1, 3))}](https://example.com/${pick(WORDS)}/${int(1, 99)})`;
    return words(int(2, 6));
  };
  const sentence = () => {
    const parts = Array.from({ length: int(2, 5) }, inline).join(' ');
    return parts[0].toUpperCase() + parts.slice(1) + pick(['.', '.', '.', ':', ';', '?']);
  };
  const paragraph = () => Array.from({ length: int(2, 5) }, sentence).join(' ') + '\n\n';
  const bulletList = () => {
    let text = '';
    for (let item = int(3, 8); item > 0; item--) {
      text += `- **${pick(NAMES)}** — ${words(int(3, 10))}\n`;
      if (rand() < 0.3)
        for (let sub = int(1, 3); sub > 0; sub--) text += `  - ${inline()} ${words(int(1, 4))}\n`;
    }
    return `${text}\n`;
  };
  const orderedList = () => {
    let text = '';
    for (let item = 1, count = int(3, 7); item <= count; item++) text += `${item}. ${sentence()}\n`;
    return `${text}\n`;
  };
  const table = () => {
    const columns = int(3, 5);
    const header = ['Component', ...Array.from({ length: columns - 1 }, () => pick(WORDS))];
    let text = `| ${header.join(' | ')} |\n|${Array.from({ length: columns }, (_, c) => (c === 0 ? ':---' : pick(['---', ':---:', '---:']))).join('|')}|\n`;
    for (let row = int(3, 8); row > 0; row--) {
      text += `| ${pick(NAMES)} | ${Array.from({ length: columns - 1 }, () => (rand() < 0.4 ? String(int(1, 999)) : words(int(1, 3)))).join(' | ')} |\n`;
    }
    return `${text}\n`;
  };
  const code = () => {
    const language = pick(LANGUAGES);
    let text = `\`\`\`${language}\n`;
    for (let line = int(4, 16); line > 0; line--) {
      const indent = '  '.repeat(int(0, 3));
      text +=
        language === 'yaml'
          ? `${indent}${pick(WORDS)}: ${rand() < 0.5 ? int(1, 512) : pick(WORDS)}\n`
          : language === 'sql'
            ? `${indent}SELECT ${pick(WORDS)}_id, count(*) FROM ${pick(WORDS)} WHERE ${pick(WORDS)} > ${int(1, 99)};\n`
            : language === 'json'
              ? `${indent}"${pick(WORDS)}": ${rand() < 0.5 ? int(1, 999) : `"${pick(WORDS)}"`},\n`
              : `${indent}const ${pick(WORDS)}${int(1, 9)} = await ${pick(NAMES).toLowerCase()}.${pick(WORDS)}(${int(1, 99)}, "${pick(WORDS)}");\n`;
    }
    return `${text}\`\`\`\n\n`;
  };
  const quote = () => `> ${sentence()} ${sentence()}\n\n`;
  const section = (index) => {
    let text = `## ${index + 1}. ${pick(NAMES)} and ${pick(NAMES)}\n\n${paragraph()}`;
    const blocks = [paragraph, bulletList, table, code, orderedList, paragraph, quote];
    for (let count = int(3, 6); count > 0; count--) {
      const block = pick(blocks);
      text += rand() < 0.2 ? `### ${words(int(2, 4))}\n\n${block()}` : block();
    }
    return text;
  };
  return { section, words };
}

/**
 * The answer as exactly `tokenCount` tokens: whole sections while they fit, then a closing
 * paragraph of one-token words to make the count exact.
 */
export function generateAnswerTokens(tokenCount, seed = 20_000) {
  const rand = random(seed);
  const { section, words } = composer(rand);
  const tokens = tokenize(`# Architecture review\n\n`);
  for (let index = 0; ; index++) {
    const next = tokenize(section(index));
    if (tokens.length + next.length > tokenCount - 8) break;
    tokens.push(...next);
  }
  const closing = tokenize('In short:');
  while (tokens.length + closing.length < tokenCount - 1) closing.push(` ${words(1)}`);
  tokens.push(...closing, '.');
  return tokens.slice(0, tokenCount);
}

/**
 * An answer made of two huge blocks, the cases a renderer that re-parses its last block would
 * choke on: a paragraph, a fenced code block of `codeLines` lines, a paragraph, a table of
 * `tableRows` rows, a closing paragraph. The same every run.
 */
export function generateLargeBlockTokens(
  { codeLines = 2_000, tableRows = 300 } = {},
  seed = 2_000,
) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (min, max) => min + Math.floor(rand() * (max - min + 1));
  const { words } = composer(rand);
  let text = `Here is the whole module, then the table of every call site.\n\n\`\`\`ts\n`;
  for (let line = 0; line < codeLines; line++) {
    const indent = '  '.repeat(int(0, 3));
    text +=
      line % 25 === 0
        ? `export async function ${pick(WORDS)}${line}(${pick(WORDS)}: number): Promise<void> {\n`
        : `${indent}const ${pick(WORDS)}${int(1, 9)} = await ${pick(NAMES).toLowerCase()}.${pick(WORDS)}(${int(1, 99)}, "${pick(WORDS)}");\n`;
  }
  text +=
    '```\n\nThe calls, one row each:\n\n| Caller | Callee | Line | Latency budget | Notes |\n|:---|---|---:|:---:|---|\n';
  for (let row = 0; row < tableRows; row++) {
    text += `| ${pick(NAMES)} | \`${pick(NAMES).toLowerCase()}.${pick(WORDS)}()\` | ${int(1, codeLines)} | ${int(1, 999)} ms | ${words(int(1, 5))} |\n`;
  }
  text += `\nIn short: ${words(12)}.\n`;
  return tokenize(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tokens = generateAnswerTokens(Number(process.argv[2] ?? 20_000));
  const text = tokens.join('');
  console.log(
    `${tokens.length} tokens, ${text.length} chars, ${(text.length / tokens.length).toFixed(2)} chars/token`,
  );
  console.log(text.slice(0, 1500));
}
