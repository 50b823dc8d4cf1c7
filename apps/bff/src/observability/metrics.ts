/**
 * A small Prometheus registry: counters, gauges read at scrape time, and histograms, rendered in the text
 * exposition format 0.0.4. Hand-written because four metric kinds do not justify prom-client. Per instance:
 * Prometheus sums across instances (`sum by (route, status) (...)`).
 */

type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}
export interface Histogram {
  observe(labels: Labels, value: number): void;
}
export type GaugeReader = () => Promise<{ labels: Labels; value: number }[]>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  render(): Promise<string[]>;
}

export const LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600];
export const HTTP_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics() {
  const families: Family[] = [];

  function counter(name: string, help: string): Counter {
    const values = new Map<string, { labels: Labels; value: number }>();
    families.push({
      name,
      help,
      type: 'counter',
      render: async () => [...values.values()].map((v) => `${name}${labelText(v.labels)} ${num(v.value)}`),
    });
    return {
      inc(labels = {}, by = 1) {
        const key = labelText(labels);
        const entry = values.get(key) ?? { labels, value: 0 };
        entry.value += by;
        values.set(key, entry);
      },
    };
  }

  function histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
    families.push({
      name,
      help,
      type: 'histogram',
      render: async () =>
        [...series.values()].flatMap((s) => [
          ...buckets.map((b, i) => `${name}_bucket${labelText({ ...s.labels, le: num(b) })} ${s.counts[i]}`),
          `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`,
          `${name}_sum${labelText(s.labels)} ${num(s.sum)}`,
          `${name}_count${labelText(s.labels)} ${s.count}`,
        ]),
    });
    return {
      observe(labels, value) {
        const key = labelText(labels);
        const s = series.get(key) ?? { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
        buckets.forEach((b, i) => {
          if (value <= b) s.counts[i] = (s.counts[i] as number) + 1;
        });
        s.sum += value;
        s.count += 1;
        series.set(key, s);
      },
    };
  }

  /** A gauge whose values are read when Prometheus scrapes (e.g. a count query). A failed read is skipped. */
  function gauge(name: string, help: string, read: GaugeReader): void {
    families.push({
      name,
      help,
      type: 'gauge',
      render: async () => {
        try {
          return (await read()).map((v) => `${name}${labelText(v.labels)} ${num(v.value)}`);
        } catch {
          return [];
        }
      },
    });
  }

  return {
    counter,
    histogram,
    gauge,
    /** The exposition text (content type `text/plain; version=0.0.4`). */
    async render(): Promise<string> {
      const out: string[] = [];
      for (const f of families) {
        out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...(await f.render()));
      }
      return `${out.join('\n')}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
