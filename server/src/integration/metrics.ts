import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of one instance (a registry of its own, so two instances in one process don't mix). */
export function createSyncMetrics(collect: () => Promise<{ depth: number; dead: number; lagSeconds: number }>) {
  const registry = new Registry();
  // The process's own figures (event loop lag, memory, GC, handles), beside the sync's.
  collectDefaultMetrics({ register: registry });
  const sent = new Counter({ name: 'sync_messages_sent_total', help: 'Sync messages sent to the peer, by outcome', labelNames: ['outcome'], registers: [registry] });
  const received = new Counter({ name: 'sync_messages_received_total', help: 'Sync messages received from the peer (pushed, replied or pulled), by outcome', labelNames: ['outcome', 'via'], registers: [registry] });
  const failed = new Counter({ name: 'sync_requests_failed_total', help: 'Requests to the peer that failed, by kind', labelNames: ['kind'], registers: [registry] });
  let last = { depth: 0, dead: 0, lagSeconds: 0 };
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
  new Gauge({ name: 'sync_outbox_depth', help: 'Orders waiting to be sent', registers: [registry], async collect() { await refresh(); this.set(last.depth); } });
  new Gauge({ name: 'sync_dead_letters', help: 'Messages parked after a permanent failure', registers: [registry], async collect() { await refresh(); this.set(last.dead); } });
  new Gauge({ name: 'sync_replication_lag_seconds', help: 'Age of the oldest change not yet delivered to the peer', registers: [registry], async collect() { await refresh(); this.set(last.lagSeconds); } });
  return { registry, sent, received, failed };
}

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;
