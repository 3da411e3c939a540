/** The figures of one run: name, value, unit, and what each means (for the printed table). */

export interface Figure {
  value: number;
  unit: string;
}

/** Every figure the issue names. */
export const POSTGRES_FIGURES = [
  'create_per_s_sync',
  'create_per_s_nosync',
  'create_baseline_per_s',
  'latency_p50_ms',
  'latency_p99_ms',
  'latency_loaded_p50_ms',
  'latency_loaded_p99_ms',
  'catchup_orders_per_s',
  'raw_insert_orders_per_s',
  'rss_peak_mb_10k',
  'rss_peak_mb_100k',
  'outage_converge_s',
  'duplicate_ratio',
  'idle_requests_per_min',
  'idle_db_writes',
  'graphql_page_per_s',
  'graphql_baseline_per_s',
  'rest_catchup_orders_per_s',
] as const;
export const PGLITE_FIGURES = ['rss_idle_mb_pglite', 'rss_peak_mb_pglite'] as const;
export const POUCHDB_FIGURES = ['pouchdb_latency_p50_ms', 'pouchdb_catchup_per_s'] as const;

/** The names a run with these flags must produce. */
export function requiredFigures(flags: { pglite: boolean; pouchdb: boolean }): string[] {
  return [...POSTGRES_FIGURES, ...(flags.pglite ? PGLITE_FIGURES : []), ...(flags.pouchdb ? POUCHDB_FIGURES : [])];
}

export class Figures {
  private readonly entries = new Map<string, Figure & { what: string }>();
  /** Supporting numbers per phase (per-side memory, request counts, sync log outcomes...). */
  readonly details: Record<string, unknown> = {};

  set(name: string, value: number, unit: string, what: string): void {
    if (!Number.isFinite(value)) throw new Error(`figure ${name} is not a finite number: ${value}`);
    const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 1 : 3;
    this.entries.set(name, { value: Number(value.toFixed(digits)), unit, what });
    console.log(`  ${name} = ${this.entries.get(name)!.value} ${unit}`);
  }

  detail(phase: string, values: Record<string, unknown>): void {
    this.details[phase] = { ...(this.details[phase] as Record<string, unknown> | undefined), ...values };
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  rows(): { name: string; value: number; unit: string; what: string }[] {
    return [...this.entries].map(([name, f]) => ({ name, ...f }));
  }

  json(): Record<string, Figure> {
    return Object.fromEntries([...this.entries].map(([name, { value, unit }]) => [name, { value, unit }]));
  }
}

/** The p-th percentile (0-100) of samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((x, y) => x - y);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
