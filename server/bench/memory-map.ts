import { readFileSync } from 'node:fs';
import { statusField } from './servers.js';

/**
 * What a server's resident memory is made of, read from /proc/<pid>/smaps and grouped by the kind of
 * mapping: how the fourteenth round found where a PGlite server's peak was (docs/benchmarks.md).
 * The kinds are told apart by what V8 and the C library map, not by anything the server reports.
 */
export type MemoryPart = 'v8HeapPages' | 'files' | 'largeReservations' | 'mallocHeap' | 'generatedCode' | 'otherAnonymous';

export interface MemoryMap {
  rssMb: number;
  /** Resident MiB of each kind. */
  partsMb: Record<MemoryPart, number>;
}

/** V8 allocates its heap (old and young generation alike) in pages of this size. */
const V8_PAGE_KB = 256;
/** Larger than anything but a reservation: PGlite's WebAssembly memory (128 MiB at start). */
const LARGE_RESERVATION_KB = 64 * 1024;

const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/;

function partOf(sizeKb: number, perms: string, name: string): MemoryPart {
  if (name === '[heap]') return 'mallocHeap';
  if (name.startsWith('/')) return 'files';
  if (perms.includes('x')) return 'generatedCode';
  if (sizeKb === V8_PAGE_KB) return 'v8HeapPages';
  if (sizeKb >= LARGE_RESERVATION_KB) return 'largeReservations';
  return 'otherAnonymous';
}

export function memoryMap(pid: number): MemoryMap {
  const partsKb: Record<MemoryPart, number> = { v8HeapPages: 0, files: 0, largeReservations: 0, mallocHeap: 0, generatedCode: 0, otherAnonymous: 0 };
  let part: MemoryPart = 'otherAnonymous';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      const sizeKb = (parseInt(header[2]!, 16) - parseInt(header[1]!, 16)) / 1024;
      part = partOf(sizeKb, header[3]!, header[4]!);
    } else if (line.startsWith('Rss:')) {
      partsKb[part] += Number(line.split(/\s+/)[1]);
    }
  }
  const partsMb = Object.fromEntries(Object.entries(partsKb).map(([k, kb]) => [k, Math.round(kb / 102.4) / 10])) as Record<MemoryPart, number>;
  return { rssMb: Math.round(Object.values(partsKb).reduce((a, b) => a + b, 0) / 102.4) / 10, partsMb };
}

/**
 * Samples a process's resident memory every second and keeps the map read at its highest: the
 * composition of the peak that VmHWM only gives the size of.
 */
export class PeakMemoryMap {
  private highest = 0;
  private map: MemoryMap | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1_000);
    // A failed phase must not keep the benchmark's process alive.
    this.timer.unref();
  }

  private sample(): void {
    try {
      const rss = statusField(this.pid, 'VmRSS');
      if (rss <= this.highest) return;
      this.highest = rss;
      this.map = memoryMap(this.pid);
    } catch {
      // The process ended between two samples: the last map stays.
    }
  }

  /** Stops sampling; the map read at the highest sample. */
  stop(): MemoryMap | null {
    clearInterval(this.timer);
    this.sample();
    return this.map;
  }
}
