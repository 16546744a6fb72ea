// The sample workspace: an architecture diagram as SVG and as PNG, drawn from one model, and a
// README telling the user what to do with it. Generated, never downloaded; the PNG comes from
// the small encoder below (node:zlib deflate + CRC32) with a built-in 5×7 bitmap font drawn at
// 2× so the labels stay readable after a model-side downscale.
//
//   node test/support/sample-diagram.mjs [outDir]   (default: test/fixtures/sample-workspace)
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SAMPLE_WORKSPACE = path.resolve(here, '..', 'fixtures', 'sample-workspace');

// ---------------------------------------------------------------------------------------------
// The diagram, in logical pixels (the PNG is drawn 1:1, the SVG scales).

const WIDTH = 1380;
const HEIGHT = 790;
const BOX_W = 200;
const BOX_H = 84;

const PALETTE = {
  background: '#ffffff',
  text: '#1f2937',
  subtext: '#4b5563',
  arrow: '#37474f',
  boundary: '#90a4ae',
  client: { fill: '#e3f2fd', stroke: '#1e88e5', name: 'Client' },
  edge: { fill: '#ede7f6', stroke: '#7e57c2', name: 'Edge' },
  service: { fill: '#e8f5e9', stroke: '#43a047', name: 'Service' },
  data: { fill: '#fff3e0', stroke: '#fb8c00', name: 'Data store' },
  async: { fill: '#e0f7fa', stroke: '#00acc1', name: 'Async' },
};

const COLUMN = [30, 310, 590, 870, 1150];
const BOXES = {
  browser: { x: COLUMN[0], y: 300, label: 'Browser', sub: 'web + mobile', kind: 'client' },
  cdn: { x: COLUMN[1], y: 300, label: 'CDN', sub: 'static assets', kind: 'edge' },
  gateway: { x: COLUMN[2], y: 300, label: 'API Gateway', sub: 'TLS, rate limit', kind: 'edge' },
  auth: { x: COLUMN[3], y: 140, label: 'Auth Service', sub: 'JWT sessions', kind: 'service' },
  orders: { x: COLUMN[3], y: 460, label: 'Orders Service', sub: 'REST API', kind: 'service' },
  redis: { x: COLUMN[4], y: 140, label: 'Redis', sub: 'cache, sessions', kind: 'data' },
  queue: { x: COLUMN[4], y: 460, label: 'Message Queue', sub: 'order events', kind: 'async' },
  postgres: { x: COLUMN[3], y: 650, label: 'Postgres', sub: 'orders DB', kind: 'data' },
  worker: { x: COLUMN[4], y: 650, label: 'Worker', sub: 'fulfilment', kind: 'async' },
};

/** A point on a box's side: side is l/r/t/b, t runs 0..1 along it. */
function port(id, side, t = 0.5) {
  const b = BOXES[id];
  switch (side) {
    case 'l':
      return [b.x, b.y + BOX_H * t];
    case 'r':
      return [b.x + BOX_W, b.y + BOX_H * t];
    case 't':
      return [b.x + BOX_W * t, b.y];
    case 'b':
      return [b.x + BOX_W * t, b.y + BOX_H];
    default:
      throw new Error(side);
  }
}

// label placement: 'above' a horizontal arrow, 'right' of a vertical one, or an explicit offset.
const ARROWS = [
  { from: port('browser', 'r'), to: port('cdn', 'l'), label: 'HTTPS', at: 'above' },
  { from: port('cdn', 'r'), to: port('gateway', 'l'), label: '/api', at: 'above' },
  { from: port('gateway', 'r', 0.3), to: port('auth', 'l', 0.55), label: 'login', at: [-70, 0] },
  { from: port('gateway', 'r', 0.7), to: port('orders', 'l', 0.45), label: 'orders', at: [-98, 0] },
  { from: port('auth', 'r'), to: port('redis', 'l'), label: 'token', at: 'above' },
  { from: port('orders', 't', 0.85), to: port('redis', 'b', 0.15), label: 'cache', at: [10, 0] },
  { from: port('orders', 'r'), to: port('queue', 'l'), label: 'event', at: 'above' },
  { from: port('queue', 'b'), to: port('worker', 't'), label: 'consume', at: 'right' },
  { from: port('orders', 'b'), to: port('postgres', 't'), label: 'SQL', at: 'right' },
  { from: port('worker', 'l'), to: port('postgres', 'r'), label: 'write', at: 'above' },
];

const TITLE = 'Online Store - System Architecture';
const BOUNDARY = { x: 578, y: 100, w: 787, h: 655, label: 'Cloud VPC' };
const LEGEND = { x: 30, y: 470, w: 250, h: 220 };

function arrowLabelPosition(arrow) {
  const [x1, y1] = arrow.from;
  const [x2, y2] = arrow.to;
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  if (arrow.at === 'above') return { x: mx, y: my - 12, anchor: 'middle' };
  if (arrow.at === 'right') return { x: mx + 10, y: my + 5, anchor: 'start' };
  return { x: mx + arrow.at[0], y: my + arrow.at[1] + 5, anchor: 'start' };
}

// ---------------------------------------------------------------------------------------------
// SVG

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderArchitectureSvg() {
  const font = "'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif";
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${font}">`,
    `  <title>${escapeXml(TITLE)}</title>`,
    '  <defs>',
    `    <marker id="arrow" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto">`,
    `      <path d="M0,0 L12,6 L0,12 z" fill="${PALETTE.arrow}"/>`,
    '    </marker>',
    '  </defs>',
    `  <rect width="${WIDTH}" height="${HEIGHT}" fill="${PALETTE.background}"/>`,
    `  <text x="${WIDTH / 2}" y="52" text-anchor="middle" font-size="28" font-weight="bold" fill="${PALETTE.text}">${escapeXml(TITLE)}</text>`,
    `  <rect x="${BOUNDARY.x}" y="${BOUNDARY.y}" width="${BOUNDARY.w}" height="${BOUNDARY.h}" rx="14" fill="none" stroke="${PALETTE.boundary}" stroke-width="2" stroke-dasharray="10 8"/>`,
    `  <text x="${BOUNDARY.x + 14}" y="${BOUNDARY.y + 26}" font-size="15" font-weight="bold" fill="${PALETTE.boundary}">${BOUNDARY.label}</text>`,
  );
  for (const arrow of ARROWS) {
    const [x1, y1] = arrow.from;
    const [x2, y2] = arrow.to;
    out.push(
      `  <line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${PALETTE.arrow}" stroke-width="2.5" marker-end="url(#arrow)"/>`,
    );
    const p = arrowLabelPosition(arrow);
    out.push(
      `  <text x="${p.x}" y="${p.y}" text-anchor="${p.anchor}" font-size="14" fill="${PALETTE.subtext}">${escapeXml(arrow.label)}</text>`,
    );
  }
  for (const box of Object.values(BOXES)) {
    const style = PALETTE[box.kind];
    const cx = box.x + BOX_W / 2;
    out.push(
      `  <g>`,
      `    <rect x="${box.x}" y="${box.y}" width="${BOX_W}" height="${BOX_H}" rx="12" fill="${style.fill}" stroke="${style.stroke}" stroke-width="3"/>`,
      `    <text x="${cx}" y="${box.y + 38}" text-anchor="middle" font-size="19" font-weight="bold" fill="${PALETTE.text}">${escapeXml(box.label)}</text>`,
      `    <text x="${cx}" y="${box.y + 64}" text-anchor="middle" font-size="15" fill="${PALETTE.subtext}">${escapeXml(box.sub)}</text>`,
      `  </g>`,
    );
  }
  out.push(
    `  <rect x="${LEGEND.x}" y="${LEGEND.y}" width="${LEGEND.w}" height="${LEGEND.h}" rx="10" fill="#fafafa" stroke="#cfd8dc" stroke-width="2"/>`,
    `  <text x="${LEGEND.x + 16}" y="${LEGEND.y + 30}" font-size="16" font-weight="bold" fill="${PALETTE.text}">Legend</text>`,
  );
  legendKinds().forEach((kind, i) => {
    const y = LEGEND.y + 48 + i * 34;
    const style = PALETTE[kind];
    out.push(
      `  <rect x="${LEGEND.x + 16}" y="${y}" width="30" height="20" rx="4" fill="${style.fill}" stroke="${style.stroke}" stroke-width="2"/>`,
      `  <text x="${LEGEND.x + 58}" y="${y + 15}" font-size="15" fill="${PALETTE.text}">${style.name}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}

function legendKinds() {
  return ['client', 'edge', 'service', 'data', 'async'];
}

// ---------------------------------------------------------------------------------------------
// A 5×7 bitmap font (lowercase descenders use two more rows). '#' is ink.

const GLYPHS = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  a: ['.....', '.....', '.###.', '....#', '.####', '#...#', '.####'],
  b: ['#....', '#....', '####.', '#...#', '#...#', '#...#', '####.'],
  c: ['.....', '.....', '.###.', '#....', '#....', '#...#', '.###.'],
  d: ['....#', '....#', '.####', '#...#', '#...#', '#...#', '.####'],
  e: ['.....', '.....', '.###.', '#...#', '#####', '#....', '.###.'],
  f: ['..##.', '.#..#', '.#...', '###..', '.#...', '.#...', '.#...'],
  g: ['.....', '.....', '.####', '#...#', '#...#', '#...#', '.####', '....#', '.###.'],
  h: ['#....', '#....', '#.##.', '##..#', '#...#', '#...#', '#...#'],
  i: ['..#..', '.....', '.##..', '..#..', '..#..', '..#..', '.###.'],
  j: ['...#.', '.....', '..##.', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  k: ['#....', '#....', '#..#.', '#.#..', '##...', '#.#..', '#..#.'],
  l: ['.##..', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  m: ['.....', '.....', '##.#.', '#.#.#', '#.#.#', '#.#.#', '#.#.#'],
  n: ['.....', '.....', '#.##.', '##..#', '#...#', '#...#', '#...#'],
  o: ['.....', '.....', '.###.', '#...#', '#...#', '#...#', '.###.'],
  p: ['.....', '.....', '####.', '#...#', '#...#', '#...#', '####.', '#....', '#....'],
  q: ['.....', '.....', '.####', '#...#', '#...#', '#...#', '.####', '....#', '....#'],
  r: ['.....', '.....', '#.##.', '##..#', '#....', '#....', '#....'],
  s: ['.....', '.....', '.####', '#....', '.###.', '....#', '####.'],
  t: ['.#...', '.#...', '###..', '.#...', '.#...', '.#..#', '..##.'],
  u: ['.....', '.....', '#...#', '#...#', '#...#', '#..##', '.##.#'],
  v: ['.....', '.....', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  w: ['.....', '.....', '#...#', '#...#', '#.#.#', '#.#.#', '.#.#.'],
  x: ['.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#'],
  y: ['.....', '.....', '#...#', '#...#', '#...#', '#...#', '.####', '....#', '.###.'],
  z: ['.....', '.....', '#####', '...#.', '..#..', '.#...', '#####'],
  0: ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  1: ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  2: ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  3: ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  4: ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  5: ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  6: ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  7: ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  8: ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  9: ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  '-': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
  '.': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..'],
  ',': ['.....', '.....', '.....', '.....', '.##..', '..#..', '.#...'],
  ':': ['.....', '.##..', '.##..', '.....', '.##..', '.##..', '.....'],
  '/': ['.....', '....#', '...#.', '..#..', '.#...', '#....', '.....'],
  '(': ['...#.', '..#..', '.#...', '.#...', '.#...', '..#..', '...#.'],
  ')': ['.#...', '..#..', '...#.', '...#.', '...#.', '..#..', '.#...'],
  '+': ['.....', '..#..', '..#..', '#####', '..#..', '..#..', '.....'],
  '&': ['.##..', '#..#.', '#.#..', '.#...', '#.#.#', '#..#.', '.##.#'],
  '*': ['.....', '..#..', '#.#.#', '.###.', '#.#.#', '..#..', '.....'],
  "'": ['..#..', '..#..', '.#...', '.....', '.....', '.....', '.....'],
  '>': ['.#...', '..#..', '...#.', '....#', '...#.', '..#..', '.#...'],
  '<': ['...#.', '..#..', '.#...', '#....', '.#...', '..#..', '...#.'],
  _: ['.....', '.....', '.....', '.....', '.....', '.....', '#####'],
  '?': ['.###.', '#...#', '....#', '...#.', '..#..', '.....', '..#..'],
  '!': ['..#..', '..#..', '..#..', '..#..', '..#..', '.....', '..#..'],
  '=': ['.....', '.....', '#####', '.....', '#####', '.....', '.....'],
};
const UNKNOWN_GLYPH = ['#####', '#...#', '#...#', '#...#', '#...#', '#...#', '#####'];

// ---------------------------------------------------------------------------------------------
// A tiny RGB canvas with anti-aliased shapes (coverage from signed distance) and bitmap text.

function parseColor(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export class Canvas {
  constructor(width, height, background = '#ffffff') {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height * 3);
    const [r, g, b] = parseColor(background);
    for (let i = 0; i < width * height; i++) {
      this.pixels[i * 3] = r;
      this.pixels[i * 3 + 1] = g;
      this.pixels[i * 3 + 2] = b;
    }
  }

  blend(x, y, rgb, alpha) {
    if (alpha <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    const a = Math.min(1, alpha);
    for (let c = 0; c < 3; c++)
      this.pixels[i + c] = Math.round(this.pixels[i + c] * (1 - a) + rgb[c] * a);
  }

  /** Fills where the signed distance is negative, with a one-pixel soft edge. */
  fillSdf(x0, y0, x1, y1, color, sdf) {
    const rgb = parseColor(color);
    for (
      let y = Math.max(0, Math.floor(y0) - 1);
      y <= Math.min(this.height - 1, Math.ceil(y1) + 1);
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(x0) - 1);
        x <= Math.min(this.width - 1, Math.ceil(x1) + 1);
        x++
      ) {
        this.blend(x, y, rgb, 0.5 - sdf(x + 0.5, y + 0.5));
      }
    }
  }

  roundRect(x, y, w, h, r, color) {
    const cx = x + w / 2;
    const cy = y + h / 2;
    this.fillSdf(x, y, x + w, y + h, color, (px, py) => {
      const qx = Math.abs(px - cx) - (w / 2 - r);
      const qy = Math.abs(py - cy) - (h / 2 - r);
      return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
    });
  }

  /** A box with a border: the border colour underneath, the fill inset by the stroke width. */
  box(x, y, w, h, r, fill, stroke, strokeWidth) {
    this.roundRect(x, y, w, h, r, stroke);
    this.roundRect(
      x + strokeWidth,
      y + strokeWidth,
      w - 2 * strokeWidth,
      h - 2 * strokeWidth,
      Math.max(0, r - strokeWidth),
      fill,
    );
  }

  line(x1, y1, x2, y2, width, color) {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const lengthSq = dx * dx + dy * dy || 1;
    const half = width / 2;
    this.fillSdf(
      Math.min(x1, x2) - half,
      Math.min(y1, y2) - half,
      Math.max(x1, x2) + half,
      Math.max(y1, y2) + half,
      color,
      (px, py) => {
        const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / lengthSq));
        return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)) - half;
      },
    );
  }

  dashedLine(x1, y1, x2, y2, width, color, dash, gap) {
    const length = Math.hypot(x2 - x1, y2 - y1);
    const ux = (x2 - x1) / length;
    const uy = (y2 - y1) / length;
    for (let s = 0; s < length; s += dash + gap) {
      const e = Math.min(length, s + dash);
      this.line(x1 + ux * s, y1 + uy * s, x1 + ux * e, y1 + uy * e, width, color);
    }
  }

  /** A filled triangle, anti-aliased by 4×4 supersampling. */
  triangle(points, color) {
    const rgb = parseColor(color);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const edge = (a, b, px, py) => (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0]);
    const [a, b, c] = points;
    const sign = Math.sign(edge(a, b, c[0], c[1]));
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
        let inside = 0;
        for (let sy = 0; sy < 4; sy++) {
          for (let sx = 0; sx < 4; sx++) {
            const px = x + (sx + 0.5) / 4;
            const py = y + (sy + 0.5) / 4;
            if (
              edge(a, b, px, py) * sign >= 0 &&
              edge(b, c, px, py) * sign >= 0 &&
              edge(c, a, px, py) * sign >= 0
            )
              inside++;
          }
        }
        this.blend(x, y, rgb, inside / 16);
      }
    }
  }

  arrow(x1, y1, x2, y2, width, color, head = 13) {
    const length = Math.hypot(x2 - x1, y2 - y1);
    const ux = (x2 - x1) / length;
    const uy = (y2 - y1) / length;
    const bx = x2 - ux * head;
    const by = y2 - uy * head;
    this.line(x1, y1, bx + ux, by + uy, width, color);
    const spread = head * 0.5;
    this.triangle(
      [
        [x2, y2],
        [bx - uy * spread, by + ux * spread],
        [bx + uy * spread, by - ux * spread],
      ],
      color,
    );
  }

  static textWidth(text, scale) {
    return text.length * 6 * scale - scale;
  }

  /**
   * Draws text with its top-left corner at (x, y); cap height is 7 × scale. Bold widens each stem
   * by a pixel.
   */
  text(text, x, y, scale, color, bold = false) {
    const rgb = parseColor(color);
    let penX = Math.round(x);
    const top = Math.round(y);
    for (const ch of text) {
      const glyph = GLYPHS[ch] ?? UNKNOWN_GLYPH;
      glyph.forEach((row, gy) => {
        for (let gx = 0; gx < row.length; gx++) {
          if (row[gx] !== '#') continue;
          for (let dy = 0; dy < scale; dy++)
            for (let dx = 0; dx < scale + (bold ? 1 : 0); dx++)
              this.blend(penX + gx * scale + dx, top + gy * scale + dy, rgb, 1);
        }
      });
      penX += 6 * scale;
    }
  }

  /** Text placed like SVG's: (x, baseline y) with anchor start or middle. */
  textAt(text, x, baseline, scale, color, anchor = 'start', bold = false) {
    const left = anchor === 'middle' ? x - Canvas.textWidth(text, scale) / 2 : x;
    this.text(text, left, baseline - 7 * scale, scale, color, bold);
  }
}

// ---------------------------------------------------------------------------------------------
// PNG encoding: signature, IHDR, one IDAT (zlib), IEND; every chunk with its CRC32.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes 8-bit RGB pixels (row-major, 3 bytes a pixel) as a PNG. */
export function encodePng(width, height, rgb) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    // Filter "Up" (2) where it helps: flat diagrams compress far better with it.
    raw[row] = y === 0 ? 0 : 2;
    for (let i = 0; i < stride; i++) {
      const value = rgb[y * stride + i];
      raw[row + 1 + i] = y === 0 ? value : (value - rgb[(y - 1) * stride + i]) & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function renderArchitecturePng() {
  const canvas = new Canvas(WIDTH, HEIGHT, PALETTE.background);
  canvas.textAt(TITLE, WIDTH / 2, 56, 3, PALETTE.text, 'middle', true);

  const { x, y, w, h } = BOUNDARY;
  for (const [ax, ay, bx, by] of [
    [x, y, x + w, y],
    [x + w, y, x + w, y + h],
    [x + w, y + h, x, y + h],
    [x, y + h, x, y],
  ]) {
    canvas.dashedLine(ax, ay, bx, by, 2, PALETTE.boundary, 10, 8);
  }
  canvas.textAt(BOUNDARY.label, x + 14, y + 28, 2, PALETTE.boundary, 'start', true);

  for (const arrow of ARROWS) {
    canvas.arrow(...arrow.from, ...arrow.to, 2.5, PALETTE.arrow);
    const p = arrowLabelPosition(arrow);
    canvas.textAt(arrow.label, p.x, p.y, 2, PALETTE.subtext, p.anchor);
  }
  for (const box of Object.values(BOXES)) {
    const style = PALETTE[box.kind];
    canvas.box(box.x, box.y, BOX_W, BOX_H, 12, style.fill, style.stroke, 3);
    const cx = box.x + BOX_W / 2;
    canvas.textAt(box.label, cx, box.y + 38, 2, PALETTE.text, 'middle', true);
    canvas.textAt(box.sub, cx, box.y + 66, 2, PALETTE.subtext, 'middle');
  }
  canvas.box(LEGEND.x, LEGEND.y, LEGEND.w, LEGEND.h, 10, '#fafafa', '#cfd8dc', 2);
  canvas.textAt('Legend', LEGEND.x + 16, LEGEND.y + 30, 2, PALETTE.text, 'start', true);
  legendKinds().forEach((kind, i) => {
    const top = LEGEND.y + 48 + i * 34;
    const style = PALETTE[kind];
    canvas.box(LEGEND.x + 16, top, 30, 20, 4, style.fill, style.stroke, 2);
    canvas.textAt(style.name, LEGEND.x + 58, top + 17, 2, PALETTE.text);
  });
  return encodePng(canvas.width, canvas.height, canvas.pixels);
}

const README = `# Sample workspace: an architecture diagram

This folder was generated by \`test/support/sample-diagram.mjs\` (re-run it any time; the
generator is the source of truth).

- \`architecture.png\` and \`architecture.svg\` show the same online-store architecture:
  Browser → CDN → API Gateway → Auth Service / Orders Service → Postgres, Redis cache and a
  message queue consumed by a worker.

## Try the extension
1. Set an endpoint and key: run **Multimodal Reasoning: Set API Key** from the command palette
   (F1), and pick a vision-capable model with **Multimodal Reasoning: Select Model**.
2. In the Explorer, **right-click \`architecture.png\`** (or the SVG) and choose
   **Analyze Image with AI**.
3. Type a task, for example:
   - "Explain this architecture step by step."
   - "Where are the single points of failure, and how would you remove them?"
   - "What happens to an order if the worker is down for an hour?"
4. Watch the reasoning and the answer stream beside the image, then ask a follow-up question.
`;

/** Writes the sample workspace (overwriting the generated files) and returns its path. */
export async function generateSampleWorkspace(outDir = SAMPLE_WORKSPACE) {
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(path.join(outDir, 'architecture.svg'), renderArchitectureSvg());
  await fs.writeFile(path.join(outDir, 'architecture.png'), renderArchitecturePng());
  await fs.writeFile(path.join(outDir, 'README.md'), README);
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = await generateSampleWorkspace(
    process.argv[2] ? path.resolve(process.argv[2]) : undefined,
  );
  console.log(`Sample workspace written to ${dir}`);
}
