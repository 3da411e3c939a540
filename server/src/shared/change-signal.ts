/** Wakes waiters when something changed; used for long polls and to start senders at once. */
export class ChangeSignal {
  private waiters = new Set<() => void>();
  private closed = false;

  notify(): void {
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  /** Resolves true when notified, false after `ms` or once closed. */
  wait(ms: number): Promise<boolean> {
    if (this.closed || ms <= 0) return Promise.resolve(false);
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
    this.notify();
  }
}
