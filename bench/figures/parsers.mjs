// parser_worst_delta_us, parser_growth_exponent, summariser_growth_exponent,
// sse_line_growth_exponent, diagram_source_growth_exponent.
//
// The parsers that read model output as it streams (the grounding-block filter, the think-tag
// splitter) and the error summariser (server error bodies, with its credential scrubber) must be
// linear in their input: a hostile endpoint or model chooses what they read. Each streaming
// parser is fed hostile answers (40,000 spaces and a "!" was the one that froze the extension
// host) one character per delta, at sizes growing 2× per step up to 200,000 characters; the
// figure is the worst per-delta cost, measured over batches of 200 deltas (one delta is below the
// timer's resolution) at each size, and the exponent of the whole stream's time against its
// length (least-squares log-log slope over the four sizes): 1 when each delta costs the same
// however long the answer is (linear parsing), 2 when a delta's cost grows with the answer.
// The summariser reads hostile bodies from 70 KB to 560 KB whole; its figure is the exponent of
// its time against the body's size (least-squares log-log slope): 1 is linear, 2 quadratic.
// The openai SDK's SSE decoder (the one in node_modules, which the .vsix ships) reads one event
// line of 250,000 to 2,000,000 characters that arrives 256 bytes at a time, as a slow or hostile
// endpoint sends it (guardedFetch.ts lets a line grow to 4 MB); the figure is the exponent of
// the time to decode it against its length. openai 6.49 copied its buffer on every chunk: 2 MB
// took 32 s of the extension host's thread.
//
// The diagram-source readers (src/core/diagramSource) read SVG files from a repository whole, up
// to 8 MB: hostile SVGs (unclosed tags and quotes, deep nesting, wide runs of labels, entities,
// a draw.io scene of many cells, `<!x>` declarations, compressed draw.io pages that each inflate
// to 1 MB) from 512 KB to 4 MB; the figure is the exponent of the time against the size.
//
// `--extension DIR` measures another checkout's modules (e.g. the code before a change), built
// from DIR/src the same way (esbuild, CommonJS).
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../test/support/common.mjs';
import { BENCH_OUT } from '../lib/build.mjs';
import { median, round } from '../lib/stats.mjs';

const STREAMED = {
  'spaces then "!"': (n) => `${' '.repeat(n)}!`,
  backticks: (n) => `${'`'.repeat(n)}x`,
  'fence and blanks': (n) => `\`\`\`${' '.repeat(n)}groundin`,
  'near fences per line': (n) => '~~~ grou\n'.repeat(Math.ceil(n / 9)).slice(0, n),
  'open "<" runs': (n) => '<'.repeat(n),
  'near tags': (n) => '</thi'.repeat(Math.ceil(n / 5)).slice(0, n),
  'inside a grounding block': (n) => `ok\n\`\`\`grounding\n${'{"name":"n"},'.repeat(n / 13)}`,
};

const BODIES = {
  'unclosed <title': (n) => `<html>${'<title'.repeat(n / 6)}`,
  'unclosed <': (n) => `<html><title>${'<'.repeat(n)}`,
  'unclosed <script': (n) => `<p>${'<script'.repeat(n / 7)}`,
  'dashes (key-shaped run)': (n) => `${'-'.repeat(n)} `,
  'URL-ish': (n) => `${'a:a'.repeat(n / 3)}://b`,
};

const SVGS = {
  'unclosed tags': (n) => `<svg>${'<g a="b" '.repeat(n / 9)}`,
  'unclosed quote': (n) => `<svg><text>x</text><g id="${'x'.repeat(n)}`,
  'nested groups': (n) =>
    `<svg>${'<g>'.repeat(n / 7)}<text>deep</text>${'</g>'.repeat(n / 7)}</svg>`,
  'wide labels': (n) => `<svg>${'<text x="1" y="2">label</text>'.repeat(n / 30)}</svg>`,
  entities: (n) => `<svg><text>${'&#x41;&amp;'.repeat(n / 11)}</text></svg>`,
  'draw.io cells': (n) =>
    `<svg content="&lt;mxGraphModel&gt;${'&lt;mxCell id=&quot;a&quot; value=&quot;v&quot; vertex=&quot;1&quot;/&gt;'.repeat(n / 80)}"/>`,
  '<!x> declarations': (n) => `<svg>${'<!a>'.repeat(n / 4)}</svg>`,
  // Pages of 1 MB of 'a' each, about 1.4 KB compressed: the file's inflate budget ends them.
  'compressed draw.io pages': (n) =>
    `<svg content="&lt;mxfile&gt;${`&lt;diagram&gt;${bombedPage()}&lt;/diagram&gt;`.repeat(n / 1450)}&lt;/mxfile&gt;"/>`,
};

let bombedPageText;
function bombedPage() {
  const { deflateRawSync } = createRequire(import.meta.url)('node:zlib');
  bombedPageText ??= deflateRawSync(Buffer.alloc(1024 * 1024, 0x61), { level: 9 }).toString(
    'base64',
  );
  return bombedPageText;
}

async function loadModules(root) {
  const entry = path.join(BENCH_OUT, 'parsersEntry.mjs');
  const outfile = path.join(BENCH_OUT, `parsers-${path.basename(root)}.cjs`);
  await esbuild.build({
    stdin: {
      contents: [
        `export { GroundingBlockFilter } from ${JSON.stringify(path.join(root, 'src/core/groundingBlock.ts'))};`,
        `export { ThinkTagSplitter } from ${JSON.stringify(path.join(root, 'src/core/thinkTagSplitter.ts'))};`,
        `export { summarise } from ${JSON.stringify(path.join(root, 'src/core/errors.ts'))};`,
        `export { diagramSource } from ${JSON.stringify(path.join(root, 'src/core/diagramSource/diagramSource.ts'))};`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: entry,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'openai', 'openai/*'],
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

/**
 * Streams `text` one character per delta. `worstUs`: the cost of one delta in the slowest 1% of
 * batches of `batch` deltas (the 99th percentile, so a batch that a garbage collection happened
 * to land in does not decide it; a parser whose cost grows with the answer is slow in every late
 * batch, not in 1%). `totalMs`: the whole stream.
 */
function streamOneByOne(makeParser, text, batch = 1000) {
  const push = makeParser();
  const costs = [];
  const started = performance.now();
  for (let start = 0; start < text.length; start += batch) {
    const end = Math.min(text.length, start + batch);
    const began = performance.now();
    for (let index = start; index < end; index++) {
      push(text[index]);
    }
    costs.push(((performance.now() - began) * 1000) / (end - start));
  }
  const totalMs = performance.now() - started;
  costs.sort((a, b) => a - b);
  return { worstUs: costs[Math.min(costs.length - 1, Math.floor(costs.length * 0.99))], totalMs };
}

/** Least-squares slope of log(y) against log(x). */
function logLogSlope(xs, ys) {
  const lx = xs.map(Math.log);
  const ly = ys.map((y) => Math.log(Math.max(y, 1e-3)));
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  const covariance = lx.reduce((sum, x, index) => sum + (x - mx) * (ly[index] - my), 0);
  const variance = lx.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return covariance / variance;
}

export async function measureParsers({ quick, runs, log, sourceRoot = REPO_ROOT }) {
  const modules = await loadModules(sourceRoot);
  const sizes = quick ? [12_500, 25_000, 50_000, 100_000] : [25_000, 50_000, 100_000, 200_000];
  const parsers = {
    'grounding block': () => {
      const filter = new modules.GroundingBlockFilter();
      return (text) => filter.push(text);
    },
    'think tags': () => {
      const splitter = new modules.ThinkTagSplitter();
      return (text) => splitter.push(text);
    },
  };
  // Warm the JIT on a small input first, so the first size measured is not the compiler's.
  for (const make of Object.values(parsers)) {
    for (const build of Object.values(STREAMED)) {
      streamOneByOne(make, build(sizes[0]));
    }
  }
  const streamed = {};
  let worstAtLargest = 0;
  let worstGrowth = 0;
  for (const [parser, make] of Object.entries(parsers)) {
    for (const [family, build] of Object.entries(STREAMED)) {
      const measured = sizes.map((size) => {
        const text = build(size);
        const samples = Array.from({ length: runs }, () => streamOneByOne(make, text));
        return {
          worstUs: round(median(samples.map((sample) => sample.worstUs)), 2),
          totalMs: median(samples.map((sample) => sample.totalMs)),
        };
      });
      const perSize = measured.map((sample) => sample.worstUs);
      // 1 when the whole stream's cost grows with its length (each delta costs the same), 2 when
      // each delta's cost grows with the answer (quadratic), as 17b3332's filter did.
      const exponent = logLogSlope(
        sizes,
        measured.map((sample) => sample.totalMs),
      );
      streamed[`${parser}: ${family}`] = {
        sizes,
        worstPerDeltaUs: perSize,
        totalMs: measured.map((sample) => round(sample.totalMs, 2)),
        exponent: round(exponent, 2),
      };
      worstAtLargest = Math.max(worstAtLargest, perSize.at(-1));
      worstGrowth = Math.max(worstGrowth, exponent);
      log(
        `${parser}, ${family}: worst µs per delta ${perSize.join(' → ')}, total ms ${measured.map((sample) => round(sample.totalMs, 1)).join(' → ')} (exponent ${round(exponent, 2)})`,
      );
    }
  }
  const bodySizes = quick
    ? [35_000, 70_000, 140_000, 280_000]
    : [70_000, 140_000, 280_000, 560_000];
  const bodies = {};
  let worstExponent = 0;
  for (const [family, build] of Object.entries(BODIES)) {
    const times = bodySizes.map((size) => {
      const body = build(size);
      modules.summarise(body); // warm
      return median(
        Array.from({ length: runs + 2 }, () => {
          const began = performance.now();
          modules.summarise(body);
          return performance.now() - began;
        }),
      );
    });
    // The slope of log(time) against log(size), fitted over all sizes.
    const exponent = logLogSlope(bodySizes, times);
    bodies[family] = {
      sizes: bodySizes,
      ms: times.map((time) => round(time, 2)),
      exponent: round(exponent, 2),
    };
    worstExponent = Math.max(worstExponent, exponent);
    log(
      `summarise, ${family}: ms ${times.map((time) => round(time, 2)).join(' → ')} (exponent ${round(exponent, 2)})`,
    );
  }
  const sse = await measureSseLine({ quick, runs, log, sourceRoot });
  const diagrams = measureDiagramSources(modules, { quick, runs, log });
  return {
    figures: {
      parser_worst_delta_us: worstAtLargest,
      parser_growth_exponent: worstGrowth,
      summariser_growth_exponent: worstExponent,
      sse_line_growth_exponent: sse.exponent,
      diagram_source_growth_exponent: diagrams.exponent,
    },
    details: { sourceRoot, streamed, bodies, sse, diagrams: diagrams.families },
  };
}

/** Each hostile SVG read whole at four sizes; the worst log-log slope of time against size. */
function measureDiagramSources(modules, { quick, runs, log }) {
  const KB = 1024;
  const sizes = quick
    ? [256 * KB, 512 * KB, 1024 * KB, 2048 * KB]
    : [512 * KB, 1024 * KB, 2048 * KB, 4096 * KB];
  const { inflateSync, inflateRawSync } = createRequire(import.meta.url)('node:zlib');
  const inflate = (data, format, maxBytes) => {
    try {
      return (format === 'zlib' ? inflateSync : inflateRawSync)(data, {
        maxOutputLength: maxBytes,
      });
    } catch {
      return undefined;
    }
  };
  const families = {};
  let exponent = 0;
  for (const [family, build] of Object.entries(SVGS)) {
    const times = sizes.map((size) => {
      const bytes = new TextEncoder().encode(build(size));
      modules.diagramSource(bytes, 'image/svg+xml', inflate); // warm
      return median(
        Array.from({ length: runs + 2 }, () => {
          const began = performance.now();
          modules.diagramSource(bytes, 'image/svg+xml', inflate);
          return performance.now() - began;
        }),
      );
    });
    const slope = logLogSlope(sizes, times);
    families[family] = {
      sizes,
      ms: times.map((time) => round(time, 2)),
      exponent: round(slope, 2),
    };
    exponent = Math.max(exponent, slope);
    log(
      `diagram source, ${family}: ms ${times.map((time) => round(time, 1)).join(' → ')} (exponent ${round(slope, 2)})`,
    );
  }
  return { exponent, families };
}

/** The SDK decodes one long `data:` line that arrives in 256-byte chunks. */
async function measureSseLine({ quick, runs, log, sourceRoot }) {
  const { Stream } = await import(
    pathToFileURL(path.join(sourceRoot, 'node_modules', 'openai', 'core', 'streaming.mjs')).href
  );
  const { version } = createRequire(import.meta.url)(
    path.join(sourceRoot, 'node_modules', 'openai', 'package.json'),
  );
  const decode = async (characters) => {
    const chunk = {
      id: 'bench',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: 'a'.repeat(characters) }, finish_reason: null }],
    };
    const bytes = new TextEncoder().encode(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
    let offset = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + 256));
        offset += 256;
      },
    });
    const began = performance.now();
    const stream = Stream.fromSSEResponse(
      new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
      new AbortController(),
    );
    let received = 0;
    for await (const item of stream) received += item.choices[0].delta.content.length;
    if (received !== characters) throw new Error(`decoded ${received} of ${characters} characters`);
    return performance.now() - began;
  };
  const sizes = quick
    ? [125_000, 250_000, 500_000, 1_000_000]
    : [250_000, 500_000, 1_000_000, 2_000_000];
  await decode(sizes[0]); // warm
  const ms = [];
  for (const size of sizes) {
    // One at a time, and at most three: a quadratic decoder takes half a minute at 2 MB.
    const samples = [];
    for (let run = 0; run < Math.max(1, Math.min(runs, 3)); run++) samples.push(await decode(size));
    ms.push(median(samples));
  }
  const exponent = round(logLogSlope(sizes, ms), 2);
  log(
    `openai ${version} SSE decoder, one line in 256-byte chunks: ms ${ms.map((time) => round(time, 1)).join(' → ')} (exponent ${exponent})`,
  );
  return { openai: version, sizes, ms: ms.map((time) => round(time, 1)), exponent };
}
