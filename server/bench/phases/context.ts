import { loadavg } from 'node:os';
import type { Figures } from '../figures.js';
import type { RestShop, Sizes } from '../options.js';

/** What every phase gets: the sizes to run and where its figures go. */
export interface PhaseContext {
  sizes: Sizes;
  figures: Figures;
  /** The json-server shops of the REST catch-up (--rest-shop). */
  restShops: RestShop[];
}

/** The 1-minute load average: the machine is shared, so it is reported beside the figures. */
export const loadAverage = (): number => Number(loadavg()[0]!.toFixed(2));

/** Prints the start of a phase, so a long run shows where it is. */
export function announce(what: string): void {
  console.log(`\n== ${what} (${new Date().toISOString().slice(11, 19)}, load ${loadAverage()})`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
