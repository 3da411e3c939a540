import { describe, expect, it } from 'vitest';
import { percentile, requiredFigures } from '../../bench/figures.js';
import { memoryMap } from '../../bench/memory-map.js';
import { FULL, parseOptions, SMOKE } from '../../bench/options.js';
import { requestsBetween, statusField } from '../../bench/servers.js';
import { duplicateRatio, type ReceivedOutcomes } from '../../bench/sync-control.js';

/** The benchmark's own arithmetic and flags, without running anything. */

describe('percentile', () => {
  it('is the nearest rank, whatever the order of the samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
  });

  it('refuses to make a figure out of no samples', () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
  });
});

describe('duplicateRatio', () => {
  const outcomes = (all: number, duplicate: number, stale = 0): ReceivedOutcomes => ({ all, applied: all - duplicate - stale, acknowledged: 0, duplicate, stale });

  it('counts duplicates and stale messages of both sides between two readings', () => {
    const before = { a: outcomes(10, 2), b: outcomes(20, 5) };
    const after = { a: outcomes(110, 52, 10), b: outcomes(120, 5) };
    const result = duplicateRatio(before, after);
    expect(result.received).toBe(200);
    expect(result.ratio).toBeCloseTo(60 / 200);
    expect(result.bySide.b.duplicate).toBe(0);
  });

  it('is 0 when nothing was received', () => {
    const same = { a: outcomes(3, 1), b: outcomes(3, 1) };
    expect(duplicateRatio(same, same).ratio).toBe(0);
  });
});

describe('requestsBetween', () => {
  it('gives the requests of each kind made between two counts, and their total', () => {
    const result = requestsBetween({ 'GET /api/orders': 3, 'POST /graphql': 7 }, { 'GET /api/orders': 5, 'POST /graphql': 7, 'POST /api/orders/_sync': 1 });
    expect(result).toEqual({ total: 3, byKind: { 'GET /api/orders': 2, 'POST /api/orders/_sync': 1 } });
  });
});

describe('parseOptions', () => {
  it('runs every PostgreSQL phase at the full size by default', () => {
    const options = parseOptions([]);
    expect(options.sizes).toEqual(FULL);
    expect([...options.only]).toEqual(['creates', 'graphql', 'latency', 'idle', 'catchup', 'outage', 'rest']);
    expect(options.partial).toBe(false);
  });

  it('takes the smoke size, sizes of its own, and the optional parts', () => {
    const options = parseOptions(['--smoke', '--backlog=5000', '--pglite', '--with-pouchdb']);
    expect(options.sizes).toEqual({ ...SMOKE, backlog: 5_000 });
    expect(options.only.has('pglite')).toBe(true);
    expect(options.only.has('pouchdb')).toBe(true);
    expect(requiredFigures(options)).toContain('rss_peak_mb_pglite');
    expect(requiredFigures(options)).toContain('pouchdb_catchup_per_s');
  });

  it('adds the phase a chosen one is measured on', () => {
    const options = parseOptions(['--only=idle,outage']);
    expect([...options.only].sort()).toEqual(['catchup', 'idle', 'latency', 'outage']);
    expect(options.partial).toBe(true);
  });

  it('names a bad flag', () => {
    expect(() => parseOptions(['--backlog=lots'])).toThrow(/--backlog must be a whole number/);
    expect(() => parseOptions(['--only=speed'])).toThrow(/unknown phase speed/);
    expect(() => parseOptions(['--fast'])).toThrow(/fast/);
  });
});

describe('memoryMap', () => {
  it("accounts for all of a process's resident memory, by kind of mapping", () => {
    const map = memoryMap(process.pid);
    const sum = Object.values(map.partsMb).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - map.rssMb)).toBeLessThan(1);
    expect(Math.abs(map.rssMb - statusField(process.pid, 'VmRSS'))).toBeLessThan(16);
    expect(map.partsMb.v8HeapPages).toBeGreaterThan(0);
    expect(map.partsMb.files).toBeGreaterThan(0);
  });

  it("tells a large anonymous mapping (as PGlite's WebAssembly memory) from V8's heap", () => {
    const before = memoryMap(process.pid);
    const large = new Uint8Array(96 * 1024 * 1024).fill(1);
    const after = memoryMap(process.pid);
    expect(after.partsMb.largeReservations - before.partsMb.largeReservations).toBeGreaterThan(90);
    expect(after.partsMb.v8HeapPages - before.partsMb.v8HeapPages).toBeLessThan(16);
    expect(large[large.length - 1]).toBe(1);
  });
});
