/**
 * Wakes waiters when something changed; used for long polls and to start senders at once.
 * A notification that finds nobody waiting is kept for the next wait, so a change that lands
 * between "nothing to do" and "wait" is not slept through.
 */
export class ChangeSignal {
  private waiters = new Set<() => void>();
  private closed = false;
  private pending = false;

  get isClosed(): boolean {
    return this.closed;
  }

  notify(): void {
    if (this.waiters.size === 0) {
      this.pending = true;
      return;
    }
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  /** Resolves true when notified, false after `ms` or once closed. */
  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(!this.closed);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, ms);
      this.waiters.add(wake);
    });
  }

  close(): void {
    this.closed = true;
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }
}
