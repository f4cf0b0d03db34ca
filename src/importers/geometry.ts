/**
 * Plane geometry for diagrams that say what is inside what only by drawing it there: draw.io
 * boxes without a parent link, Threat Dragon boundary boxes and curves.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An area of the drawing that elements can sit in. */
export interface Region {
  area: number;
  contains(point: Point): boolean;
  /** Whether `other` lies wholly inside this region. */
  encloses(other: Region): boolean;
  /** Corners or vertices, used to test whether a region encloses another. */
  outline: readonly Point[];
}

/** The number, when it is a finite one; huge or malformed values read as missing. */
export function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function centreOf(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

export function rectRegion(rect: Rect): Region {
  const outline = [
    { x: rect.x, y: rect.y },
    { x: rect.x + rect.width, y: rect.y },
    { x: rect.x + rect.width, y: rect.y + rect.height },
    { x: rect.x, y: rect.y + rect.height },
  ];
  const contains = (p: Point) =>
    p.x >= rect.x && p.x <= rect.x + rect.width && p.y >= rect.y && p.y <= rect.y + rect.height;
  return {
    area: Math.abs(rect.width * rect.height),
    contains,
    encloses: (other) => other.outline.every(contains),
    outline,
  };
}

/**
 * The region a line through `points` closes off when its last point joins its first. Three or
 * more points that enclose an area make a polygon; fewer, or points on one line, fall back to
 * their bounding box, which is all such a line can be said to mark.
 */
export function closedCurveRegion(points: readonly Point[]): Region {
  const area = Math.abs(shoelace(points));
  if (points.length < 3 || area === 0) return rectRegion(boundingBox(points));
  const contains = (p: Point) => insidePolygon(p, points);
  return {
    area,
    contains,
    encloses: (other) => other.outline.every(contains),
    outline: points,
  };
}

export function boundingBox(points: readonly Point[]): Rect {
  if (points.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Twice the signed area of the polygon. */
function shoelace(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    sum += a.x * b.y - b.x * a.y;
  }
  return sum / 2;
}

/** Even-odd ray casting: a ray to the right crosses the outline an odd number of times. */
function insidePolygon(p: Point, points: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i] as Point;
    const b = points[j] as Point;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

/** The smallest of `regions` that satisfies `test`: the innermost one, as drawn. */
export function innermost<T extends { region: Region }>(
  regions: readonly T[],
  test: (region: Region) => boolean,
): T | undefined {
  let best: T | undefined;
  for (const candidate of regions) {
    if (!test(candidate.region)) continue;
    if (!best || candidate.region.area < best.region.area) best = candidate;
  }
  return best;
}

/**
 * For each item, the smallest other item whose region encloses it, so nested boxes nest. Two
 * identical regions would enclose each other; the one listed first is taken as the outer one,
 * which keeps the result free of cycles.
 */
export function enclosingParents<T extends { region: Region }>(items: readonly T[]): Map<T, T> {
  const parents = new Map<T, T>();
  items.forEach((item, index) => {
    let best: T | undefined;
    items.forEach((other, otherIndex) => {
      if (other === item) return;
      const larger =
        other.region.area > item.region.area ||
        (other.region.area === item.region.area && otherIndex < index);
      if (!larger || !other.region.encloses(item.region)) return;
      if (!best || other.region.area < best.region.area) best = other;
    });
    if (best) parents.set(item, best);
  });
  return parents;
}

/**
 * Comparing every element with every region is quadratic; past this many comparisons a
 * hostile file would take minutes, so membership by geometry is skipped with a warning.
 */
export const MAX_GEOMETRY_COMPARISONS = 20_000_000;
