import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderType } from '../orders/order.graphql-types.js';
import { itemsOfPage, listOf } from '../shared/graphql-cost.js';
import { MERGE_FIELDS } from './resolution.js';
import { ST } from './sync-state.js';

export const SyncStateEnum = Object.fromEntries(Object.keys(ST).map((k) => [k, k])) as { [K in keyof typeof ST]: K };
registerEnumType(SyncStateEnum, { name: 'SyncState', description: 'The seed sync states (ST_NEW = 1 ... ST_SYNC = 9)' });

export enum SyncRunStateEnum {
  running = 'running',
  paused = 'paused',
  backing_off = 'backing_off',
  /** The peer answers but an admin paused its sync there: changes wait, nothing has failed. */
  peer_paused = 'peer_paused',
  not_configured = 'not_configured',
}
registerEnumType(SyncRunStateEnum, { name: 'SyncRunState' });

export enum ResolutionTake {
  OURS = 'OURS',
  THEIRS = 'THEIRS',
  MERGE = 'MERGE',
}
registerEnumType(ResolutionTake, { name: 'ResolutionTake' });

export enum ResolutionSide {
  OURS = 'OURS',
  THEIRS = 'THEIRS',
}
registerEnumType(ResolutionSide, { name: 'ResolutionSide' });

@ObjectType('MergeSide', { simpleResolvers: true, description: 'One of the two versions an automatic merge combined' })
export class MergeSideType {
  @Field(() => String, { description: 'The instance (or remote) that made it' }) name!: string;
  @Field(() => Int) version!: number;
}

@ObjectType('MergedField', { simpleResolvers: true, description: 'A field an automatic merge took, and from which side' })
export class MergedFieldType {
  @Field(() => String, { description: 'Field path, e.g. status, customer.phone, lines.PEN-7' }) field!: string;
  @Field(() => String, { description: 'The instance whose value was taken, or "both" when both made the same change' }) from!: string;
}

@ObjectType('OrderMerge', { simpleResolvers: true, description: 'The automatic merge that made the current version of an order' })
export class OrderMergeType {
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => Int, { description: 'The version the merge produced' }) version!: number;
  @Field(() => String, { description: 'Where the merge was made' }) mergedBy!: string;
  @Field(() => [MergeSideType], { complexity: listOf(2) }) from!: MergeSideType[];
  @Field(() => [MergedFieldType], { complexity: listOf(500) }) fields!: MergedFieldType[];
}

@ObjectType('OrderSync', { simpleResolvers: true, description: "An order's sync state with one remote" })
export class OrderSyncType {
  @Field(() => String, { description: 'The remote (its name)' }) remote!: string;
  @Field(() => String, { description: 'The remote as the admin shows it (the peer instance, the shop)' }) remoteLabel!: string;
  @Field(() => String, { nullable: true, description: "The remote's own id for the order (a shop's order id); null for peers" }) remoteKey!: string | null;
  @Field(() => SyncStateEnum) state!: string;
  @Field(() => Int, { description: 'The seed code, 1 to 9' }) stateCode!: number;
  @Field(() => Int, { description: 'The last version both sides agreed on (0: never acknowledged)' }) ackedVersion!: number;
  @Field(() => Boolean, { description: 'The current version is a resolution the peer has not acknowledged yet' }) resolutionPending!: boolean;
  @Field(() => String, { nullable: true, description: 'Why the order is in collision or error' }) reason!: string | null;
  @Field(() => OrderType, { nullable: true, description: "In a collision or error: the peer's copy, kept beside ours" }) theirs!: unknown;
  @Field(() => Int, { nullable: true }) theirsVersion!: number | null;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the peer last confirmed or sent this order' }) syncedAt!: Date | null;
  @Field(() => OrderMergeType, { nullable: true, description: 'Set when the current version is an automatic merge of concurrent edits' })
  merge!: OrderMergeType | null;
}

@ObjectType('SyncStateCount', { simpleResolvers: true })
export class SyncStateCountType {
  @Field(() => SyncStateEnum) state!: string;
  @Field(() => Int) code!: number;
  @Field(() => Int) count!: number;
}

@ObjectType('SyncStatus', { simpleResolvers: true, description: 'The sync with one remote' })
export class SyncStatusType {
  @Field(() => String, { description: 'The remote (its name)' }) name!: string;
  @Field(() => String, { description: 'peer, rest or vendure' }) kind!: string;
  @Field(() => String, { description: 'The remote as the admin shows it' }) label!: string;
  @Field(() => SyncRunStateEnum) state!: string;
  @Field(() => String, { nullable: true }) remoteUrl!: string | null;
  @Field(() => Boolean) remoteTokenSet!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastPushAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastPullAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Int) outboxDepth!: number;
  @Field(() => Int) deadLetters!: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) oldestPendingAt!: Date | null;
  @Field(() => Number, { description: 'Orders delivered per second over the last minute' }) sendRatePerSecond!: number;
  @Field(() => Int, { nullable: true, description: 'Seconds until the queue is empty at the current rate (null: nothing is moving)' }) etaSeconds!: number | null;
  @Field(() => [SyncStateCountType], { complexity: listOf(Object.keys(ST).length) }) ordersByState!: SyncStateCountType[];
}

@ObjectType('SyncLogEntry', { simpleResolvers: true })
export class SyncLogEntryType {
  @Field(() => ID) id!: number;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => String, { nullable: true, description: 'The remote the message went to or came from (null: a local act)' }) remote!: string | null;
  @Field(() => String, { description: 'in, out or local' }) direction!: string;
  @Field(() => ID) orderId!: string;
  @Field(() => SyncStateEnum, { nullable: true }) messageState!: string | null;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field(() => Int, { nullable: true }) base!: number | null;
  @Field(() => SyncStateEnum, { nullable: true }) stateBefore!: string | null;
  @Field(() => SyncStateEnum, { nullable: true }) stateAfter!: string | null;
  @Field(() => String) outcome!: string;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

@ObjectType('SyncLogPage', { simpleResolvers: true })
export class SyncLogPageType {
  @Field(() => [SyncLogEntryType], { complexity: itemsOfPage }) items!: SyncLogEntryType[];
  @Field(() => Int) total!: number;
}

@ObjectType('DeadLetter', { simpleResolvers: true })
export class DeadLetterType {
  @Field(() => String, { description: 'The remote that refused it' }) remote!: string;
  @Field(() => ID) orderId!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLISODateTime) enqueuedAt!: Date;
}

@InputType('ResolutionFields', { description: 'For MERGE: the side each field comes from (ours where not named)' })
export class ResolutionFieldsInput implements Partial<Record<(typeof MERGE_FIELDS)[number], ResolutionSide>> {
  @Field(() => ResolutionSide, { nullable: true }) status?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) customer?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) shippingAddress?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) currency?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) lines?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) shippingCost?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) note?: ResolutionSide;
  @Field(() => ResolutionSide, { nullable: true }) deleted?: ResolutionSide;
}
