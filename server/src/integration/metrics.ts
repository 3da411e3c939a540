import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of one instance (a registry of its own, so two instances in one process don't mix). */
export function createSyncMetrics(collect: () => Promise<{ remote: string; depth: number; dead: number; lagSeconds: number }[]>) {
  const registry = new Registry();
  // The process's own figures (event loop lag, memory, GC, handles), beside the sync's.
  collectDefaultMetrics({ register: registry });
  const sent = new Counter({ name: 'sync_messages_sent_total', help: 'Sync messages sent, by remote and outcome', labelNames: ['remote', 'outcome'], registers: [registry] });
  const received = new Counter({ name: 'sync_messages_received_total', help: 'Sync messages received (pushed, replied or pulled), by remote and outcome', labelNames: ['remote', 'outcome', 'via'], registers: [registry] });
  const failed = new Counter({ name: 'sync_requests_failed_total', help: 'Requests to a remote that failed, by remote and kind', labelNames: ['remote', 'kind'], registers: [registry] });
  let last: { remote: string; depth: number; dead: number; lagSeconds: number }[] = [];
  let pending: Promise<void> | null = null;
  const refresh = () =>
    (pending ??= collect()
      .then((v) => {
        last = v;
      })
      .catch(() => {})
      .finally(() => {
        pending = null;
      }));
  const gauge = (name: string, help: string, pick: (v: (typeof last)[number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['remote'],
      registers: [registry],
      async collect() {
        await refresh();
        this.reset();
        for (const v of last) this.set({ remote: v.remote }, pick(v));
      },
    });
  gauge('sync_outbox_depth', 'Orders waiting to be sent, by remote', (v) => v.depth);
  gauge('sync_dead_letters', 'Messages parked after a permanent failure, by remote', (v) => v.dead);
  gauge('sync_replication_lag_seconds', 'Age of the oldest change not yet delivered, by remote', (v) => v.lagSeconds);
  return { registry, sent, received, failed };
}

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;
