import { Arg, Ctx, Field, Float, GraphQLISODateTime, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/access.js';
import { checkActivityHours, MAX_ACTIVITY_HOURS } from '../orders/order-activity.resolver.js';
import { hoursOf } from '../shared/graphql-cost.js';
import { SYNC_ADMIN } from './sync.access.js';
import { PeerNameLookup } from './peer-name.js';
import { syncActivity } from './sync-activity.js';
import type { IntegrationContext } from './sync.resolver.js';

@ObjectType('SyncActivityHour', { simpleResolvers: true, description: "The sync's messages in one hour, from the sync log" })
export class SyncActivityHourType {
  @Field(() => GraphQLISODateTime, { description: 'Start of the hour (UTC)' }) hour!: Date;
  @Field(() => Int, { description: 'Messages the peer took' }) sent!: number;
  @Field(() => Int, { description: 'Messages received from the peer and taken in' }) received!: number;
  @Field(() => Int, { description: 'Attempts that failed (peer down, refused, parked)' }) failed!: number;
  @Field(() => Int, { description: 'Attempts held back by a deliberate pause' }) paused!: number;
  @Field(() => Int, { description: 'Orders that went into collision' }) collisions!: number;
  @Field(() => Float, { nullable: true, description: 'Average seconds from a change here to its delivery (changes still current)' })
  lagAvgSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: 'Longest of those, in seconds' }) lagMaxSeconds!: number | null;
}

@ObjectType('SyncPeer', { simpleResolvers: true, description: 'The other side, as far as this instance knows it' })
export class SyncPeerType {
  @Field(() => String, { nullable: true, description: 'The remote URL the sync talks to' }) url!: string | null;
  @Field(() => String, { nullable: true, description: "The peer's instance name (its /healthz), null when it does not answer" })
  name!: string | null;
}

const peerNames = new PeerNameLookup();

/** Read-only views of the sync for the admin's dashboard and resolve page. */
@Resolver()
export class SyncInsightResolver {
  @Access(SYNC_ADMIN)
  @Query(() => [SyncActivityHourType], {
    description: 'Sync messages, failures, pauses, collisions and delivery lag per hour, the last `hours` hours',
    complexity: hoursOf(MAX_ACTIVITY_HOURS, 24),
  })
  syncActivity(@Ctx() ctx: IntegrationContext, @Arg('hours', () => Int, { defaultValue: 24 }) hours: number) {
    return syncActivity(ctx.orders.db, new Date(), checkActivityHours(hours));
  }

  @Access(SYNC_ADMIN)
  @Query(() => SyncPeerType, { description: "The peer's URL and instance name" })
  async syncPeer(@Ctx() ctx: IntegrationContext): Promise<SyncPeerType> {
    const { remoteUrl } = await ctx.sync.status();
    return { url: remoteUrl, name: await peerNames.nameOf(remoteUrl) };
  }
}
