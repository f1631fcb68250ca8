/** One sample of a Prometheus text exposition: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  samples: Sample[];
  /** The value of the sample with exactly these labels; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** As `value`, but 0 for a counter series that does not exist yet. */
  count(name: string, labels?: Record<string, string>): number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format (version 0.0.4) that prom-client writes. */
export function parseExposition(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = SAMPLE.exec(line);
    if (!match || line.startsWith('#')) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key ?? '', (value ?? '').replace(/\\(.)/g, '$1')]));
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }];
  });
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** GETs a metrics URL and parses what it serves. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  const text = await response.text();
  const samples = parseExposition(text);
  const value = (name: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === name && sameLabels(s.labels, labels))?.value;
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    samples,
    value,
    count: (name, labels) => value(name, labels) ?? 0,
  };
}
