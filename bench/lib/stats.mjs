// Small numeric helpers shared by the figures.

export function median(values) {
  const numbers = values
    .filter((value) => typeof value === 'number' && Number.isFinite(value))
    .sort((a, b) => a - b);
  if (numbers.length === 0) return undefined;
  const middle = Math.floor(numbers.length / 2);
  return numbers.length % 2 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2;
}

export function round(value, digits = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** min / median / max of a list, rounded, for the details file. */
export function spread(values, digits = 2) {
  const numbers = values.filter((value) => typeof value === 'number' && Number.isFinite(value));
  if (numbers.length === 0) return { runs: 0 };
  return {
    runs: numbers.length,
    min: round(Math.min(...numbers), digits),
    median: round(median(numbers), digits),
    max: round(Math.max(...numbers), digits),
    values: numbers.map((value) => round(value, digits)),
  };
}

export const KB = 1024;
export const MB = 1024 * 1024;
