import { catchUp, type CatchUpResult } from '../catchup.js';
import { rawInsert } from '../raw-insert.js';
import { onFreshPair } from '../servers.js';
import { announce, type PhaseContext } from './context.js';
import { outage } from './outage.js';

/**
 * catchup_orders_per_s, rss_peak_mb_10k, rss_peak_mb_100k, raw_insert_orders_per_s, and the
 * catch-up duplicate ratio; then outage_converge_s on the pair that caught up the large backlog.
 * Each backlog runs on a fresh pair (fresh processes, so the peak memory is that backlog's).
 */

const summary = (r: CatchUpResult) => ({
  ordersPerSecond: Math.round(r.ordersPerSecond),
  seconds: r.seconds,
  backlogWritesPerSecond: Math.round(r.backlogWritesPerSecond),
  settledAfterSeconds: r.settledAfterSeconds,
  messages: r.duplicates,
  requests: r.requests,
  peakRssMb: r.peakRssMb,
  cpuSeconds: r.cpuSeconds,
  counts: r.counts,
  ...(r.statements ? { statements: r.statements } : {}),
});

export async function catchupPhase(context: PhaseContext, withOutage: boolean): Promise<{ catchupDuplicateRatio: number }> {
  const { sizes, figures } = context;

  announce(`Catch-up of ${sizes.smallBacklog} orders (B paused while A takes them, then resumed)`);
  const small = await onFreshPair('catchup-small', 'postgres', (pair) => catchUp(pair, sizes.smallBacklog));
  figures.set('rss_peak_mb_10k', Math.max(small.peakRssMb.a, small.peakRssMb.b), 'MB', `peak RSS of the busier server, ${sizes.smallBacklog}-order backlog written and caught up`);
  figures.set('catchup_small_orders_per_s', small.ordersPerSecond, 'orders/s', `catch-up rate of the ${sizes.smallBacklog}-order backlog`);
  figures.detail('catchup', { small: { size: sizes.smallBacklog, ...summary(small) } });

  announce(`Catch-up of ${sizes.backlog} orders`);
  const large = await onFreshPair('catchup', 'postgres', async (pair) => {
    const result = await catchUp(pair, sizes.backlog);
    figures.set('catchup_orders_per_s', result.ordersPerSecond, 'orders/s', `${sizes.backlog} orders with 3 lines on A, B resumed: orders/s until B holds them all`);
    figures.set('rss_peak_mb_100k', Math.max(result.peakRssMb.a, result.peakRssMb.b), 'MB', `peak RSS of the busier server, ${sizes.backlog}-order backlog written and caught up`);
    figures.set('duplicate_ratio_catchup', result.duplicates.ratio, 'ratio', 'catch-up: received messages that changed nothing / all received');
    figures.detail('catchup', { large: { size: sizes.backlog, ...summary(result) } });
    if (withOutage) await outage(context, pair);
    return result;
  });

  announce(`Raw insert of the same ${sizes.backlog} orders straight into a fresh database`);
  const raw = await rawInsert(sizes.backlog);
  figures.set('raw_insert_orders_per_s', raw.ordersPerSecond, 'orders/s', 'the same rows, multi-row inserts of 1,000 orders per transaction, one connection');
  figures.detail('catchup', { rawInsert: raw });
  return { catchupDuplicateRatio: large.duplicates.ratio };
}
