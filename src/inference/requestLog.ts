// How many requests each image cost the workers: score requests (the model run for a result, including "Score
// anyway") and heatmap requests (a model run only to draw a map the pool's result did not carry). CAM requests to a
// worker that still holds the image's features cost no model run and are not counted.
export interface RequestCount {
  score: number;
  heatmap: number;
}

const counts = new Map<string, RequestCount>();

export function countRequest(imageId: string, kind: keyof RequestCount): void {
  const c = counts.get(imageId) ?? { score: 0, heatmap: 0 };
  c[kind]++;
  counts.set(imageId, c);
}

export function requestCounts(): Record<string, RequestCount> {
  return Object.fromEntries([...counts].map(([id, c]) => [id, { ...c }]));
}

export function requestTotals(): RequestCount {
  const t = { score: 0, heatmap: 0 };
  for (const c of counts.values()) {
    t.score += c.score;
    t.heatmap += c.heatmap;
  }
  return t;
}
