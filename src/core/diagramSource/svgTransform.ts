// SVG's `transform` attribute as a 2D affine matrix, so a label's position can be given in the
// drawing's own coordinates however deeply its groups are moved, scaled or turned.

/** [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** A transform list longer than this is ignored (treated as none): real ones are short. */
const MAX_TRANSFORM_CHARS = 512;

const FUNCTION = /(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^()]*)\)/g;

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): { x: number; y: number } {
  return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
}

/** The numbers of an attribute value ("10", "10 20", "1e2,3"); NaN-free. */
export function numbers(value: string | undefined, max = 6): number[] {
  if (!value) {
    return [];
  }
  const found: number[] = [];
  for (const match of value.slice(0, 256).matchAll(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g)) {
    const number = Number(match[0]);
    if (Number.isFinite(number)) {
      found.push(number);
    }
    if (found.length >= max) {
      break;
    }
  }
  return found;
}

/** The matrix of a `transform` attribute; identity when there is none or it cannot be read. */
export function parseTransform(value: string | undefined): Matrix {
  if (!value || value.length > MAX_TRANSFORM_CHARS) {
    return IDENTITY;
  }
  let matrix = IDENTITY;
  for (const [, name, args] of value.matchAll(FUNCTION)) {
    const n = numbers(args);
    matrix = multiply(matrix, functionMatrix(name, n));
  }
  return matrix.every(Number.isFinite) ? matrix : IDENTITY;
}

function functionMatrix(name: string, n: readonly number[]): Matrix {
  const [p = 0, q, r] = n;
  switch (name) {
    case 'matrix':
      return n.length === 6 ? (n as unknown as Matrix) : IDENTITY;
    case 'translate':
      return [1, 0, 0, 1, p, q ?? 0];
    case 'scale':
      return [p, 0, 0, q ?? p, 0, 0];
    case 'rotate': {
      const radians = (p * Math.PI) / 180;
      const cos = Math.cos(radians);
      const sin = Math.sin(radians);
      const turn: Matrix = [cos, sin, -sin, cos, 0, 0];
      if (q === undefined || r === undefined) {
        return turn;
      }
      return multiply(multiply([1, 0, 0, 1, q, r], turn), [1, 0, 0, 1, -q, -r]);
    }
    case 'skewX':
      return [1, 0, Math.tan((p * Math.PI) / 180), 1, 0, 0];
    case 'skewY':
      return [1, Math.tan((p * Math.PI) / 180), 0, 1, 0, 0];
    default:
      return IDENTITY;
  }
}
