import { mergeOrders, type MergeContent, type MergeResult, type Origin } from './merge.js';

/**
 * Whether a concurrent change of the peer can be merged with ours, and into what (pure).
 *
 * The ancestor must be exact: content both sides' versions descend from. The peer's change is built
 * on its agreed version `base`:
 * - at or below our agreed version, its change descends from our agreed content (we agreed on it
 *   by adopting its version, or it acknowledged ours), so `baseContent` is the ancestor;
 * - above it, the peer built on one of our own versions that it adopted before its acknowledgement
 *   reached us: that version's content is in `ownVersions`.
 * Anything else (unknown ancestor) is left to an admin, as before.
 *
 * The result is the same on both sides whichever merges first (the merge is symmetric; its version
 * is one above both; its time the later of the two edits), so two sides merging the same pair at
 * once reach identical orders and then simply agree.
 */

export interface MergePolicy {
  /** Off: every concurrent change is a collision (the seed's behaviour). */
  enabled: boolean;
  /** Fields that always need an admin when both sides changed the order concurrently. */
  manualFields: readonly string[];
}

export const DEFAULT_MERGE_POLICY: MergePolicy = { enabled: true, manualFields: [] };

export interface LocalSide {
  version: number;
  base: number;
  baseContent: MergeContent | null;
  ownVersions: Record<string, MergeContent> | null;
  content: MergeContent;
  updatedAt: string;
}

export interface IncomingSide {
  version: number;
  base: number;
  content: MergeContent;
  updatedAt: string;
}

export type MergeDecision =
  | {
      merged: true;
      content: MergeContent;
      version: number;
      updatedAt: string;
      /** What we now agree the peer holds: its version, and its content as the next ancestor. */
      base: number;
      baseContent: MergeContent;
      ownVersions: Record<string, MergeContent>;
      changes: Record<string, Origin>;
    }
  | { merged: false; why: string };

export function ancestorFor(local: LocalSide, peerBase: number): MergeContent | null {
  if (peerBase <= local.base) return local.baseContent;
  return local.ownVersions?.[String(peerBase)] ?? null;
}

export function decideMerge(local: LocalSide, incoming: IncomingSide, policy: MergePolicy): MergeDecision {
  if (!policy.enabled) return { merged: false, why: 'automatic merging is off' };
  const ancestor = ancestorFor(local, incoming.base);
  if (!ancestor) return { merged: false, why: 'the version both sides started from is not known here' };
  const result: MergeResult = mergeOrders(ancestor, local.content, incoming.content, { manualFields: policy.manualFields });
  if (!result.ok) return { merged: false, why: whyNot(result) };
  const version = Math.max(local.version, incoming.version) + 1;
  const ownVersions = Object.fromEntries(Object.entries(local.ownVersions ?? {}).filter(([v]) => Number(v) > incoming.version));
  ownVersions[String(version)] = result.content;
  return {
    merged: true,
    content: result.content,
    version,
    updatedAt: incoming.updatedAt > local.updatedAt ? incoming.updatedAt : local.updatedAt,
    base: incoming.version,
    baseContent: incoming.content,
    ownVersions,
    changes: result.changes,
  };
}

function whyNot(result: Extract<MergeResult, { ok: false }>): string {
  const fields = result.conflicts.join(', ');
  switch (result.reason) {
    case 'manual':
      return `${fields} always needs an admin (SYNC_MERGE_MANUAL_FIELDS)`;
    case 'currency':
      return 'the currency changed on one side and amounts on the other';
    case 'duplicate_skus':
      return 'both sides changed lines that repeat a SKU';
    case 'too_many_lines':
      return 'the merged order would hold more than 100 lines';
    default:
      return `both sides changed ${fields} differently`;
  }
}
