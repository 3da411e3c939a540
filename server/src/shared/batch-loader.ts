/** Collects the keys asked for in one tick and loads them in one call (N+1 queries become one). */
export class BatchLoader<K, V> {
  private pending: { keys: K[]; promise: Promise<Map<K, V>> } | null = null;

  constructor(private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>) {}

  async load(key: K): Promise<V | undefined> {
    if (!this.pending) {
      const batch = { keys: [] as K[], promise: null as unknown as Promise<Map<K, V>> };
      batch.promise = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending = null;
        return this.loadMany(batch.keys);
      });
      this.pending = batch;
    }
    this.pending.keys.push(key);
    return (await this.pending.promise).get(key);
  }
}
