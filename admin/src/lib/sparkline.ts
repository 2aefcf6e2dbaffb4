// The points of a small line chart of a series, in an SVG box: oldest on the left, the lowest
// value at the bottom. A flat series sits in the middle; a single value draws a short flat line.

export type Box = { width: number; height: number; pad?: number };

export function sparkPoints(values: readonly number[], { width, height, pad = 2 }: Box): [number, number][] {
  if (!values.length) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const round = (n: number) => Math.round(n * 10) / 10;
  const y = (v: number) => (max === min ? height / 2 : pad + ((max - v) / (max - min)) * (height - 2 * pad));
  if (values.length === 1) return [[pad, round(y(values[0]))], [width - pad, round(y(values[0]))]];
  const step = (width - 2 * pad) / (values.length - 1);
  return values.map((v, i) => [round(pad + i * step), round(y(v))]);
}
