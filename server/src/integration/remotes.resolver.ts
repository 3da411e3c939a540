import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/access.js';
import { listOf } from '../shared/graphql-cost.js';
import { definitionOf } from './remote-store.js';
import type { RemoteDefinition } from './remote-definition.js';
import { SYNC_ADMIN } from './sync.access.js';
import { SyncStatusType } from './sync.graphql-types.js';
import type { IntegrationContext } from './sync.resolver.js';

@ObjectType('RemoteDefinition', { simpleResolvers: true, description: 'How a remote is declared; credentials are never shown, only which ones are set' })
export class RemoteDefinitionType {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'peer, rest or vendure' }) kind!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => Boolean) paused!: boolean;
  @Field(() => String, { description: 'env (PEER_URL...), file (REMOTES_FILE) or api (added or changed through GraphQL or the admin)' }) source!: string;
  @Field(() => [String], { description: 'The credentials that are set (token, acceptToken, username, password)', complexity: listOf(4) })
  credentialsSet!: string[];
  @Field(() => GraphQLJSONObject, { nullable: true, description: "The kind's settings (a REST mapping, a shop's payment method)" })
  settings!: Record<string, unknown> | null;
}

/** Adding, changing and removing remotes: admin only (a remote receives every order and our credentials for it). */
@Resolver()
export class RemotesResolver {
  @Access(SYNC_ADMIN)
  @Query(() => RemoteDefinitionType, { description: "A remote's definition, credentials redacted" })
  remoteDefinition(@Ctx() ctx: IntegrationContext, @Arg('name', () => String) name: string): RemoteDefinitionType {
    const remote = ctx.sync.pick(name)!.remote;
    return {
      name: remote.name,
      kind: remote.kind,
      url: remote.url,
      label: remote.label,
      paused: remote.paused,
      source: remote.source,
      credentialsSet: Object.entries(remote.credentials ?? {}).flatMap(([k, v]) => (v ? [k] : [])),
      settings: remote.settings,
    };
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType, {
    description: 'Adds a remote ({ name, kind, url, credentials, label, paused, settings }); every order held here is queued for it',
  })
  async addRemote(@Ctx() ctx: IntegrationContext, @Arg('definition', () => GraphQLJSONObject) definition: Record<string, unknown>) {
    const runner = await ctx.sync.addRemote(definition as unknown as RemoteDefinition);
    return ctx.sync.status(runner.name);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType, {
    description:
      "Replaces a remote's definition. Without credentials, the stored ones stay if the URL is unchanged; a new URL without credentials leaves it without any.",
  })
  async updateRemote(
    @Ctx() ctx: IntegrationContext,
    @Arg('name', () => String) name: string,
    @Arg('definition', () => GraphQLJSONObject) definition: Record<string, unknown>,
  ) {
    const current = definitionOf(ctx.sync.pick(name)!.remote);
    const next = { name, ...definition } as unknown as RemoteDefinition;
    if (!('credentials' in definition) && (next.url ?? null) === (current.url ?? null) && current.credentials) next.credentials = current.credentials;
    await ctx.sync.replaceRemote(name, next);
    return ctx.sync.status(name);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => Boolean, { description: 'Removes a remote: its sync records and queue go, the orders stay' })
  async removeRemote(@Ctx() ctx: IntegrationContext, @Arg('name', () => String) name: string) {
    await ctx.sync.removeRemote(name);
    return true;
  }
}
