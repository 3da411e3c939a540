import { Arg, Ctx, Field, GraphQLISODateTime, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { AuthService, Principal } from './auth.service.js';

export interface AuthContext {
  auth: AuthService;
  principal: Principal | null;
  /** The bearer token of the request, for logout. */
  token: string | null;
  /** Identifies the client for rate limiting (its address). */
  clientKey: string;
}

@ObjectType('Session')
class SessionType {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`' }) token!: string;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => String) username!: string;
}

@ObjectType('Viewer')
class ViewerType {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'admin, client or peer' }) kind!: string;
}

/** Operations open without a token; every other root field requires one (see graphql/auth-guard.ts). */
export const PUBLIC_OPERATIONS = new Set(['login']);

@Resolver()
export class AuthResolver {
  @Mutation(() => SessionType, { description: 'Exchanges an admin user name and password for a session token' })
  login(
    @Ctx() ctx: AuthContext,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
  ): Promise<SessionType> {
    return ctx.auth.login(username, password, ctx.clientKey);
  }

  @Mutation(() => Boolean, { description: 'Ends the session of the token sent with this request' })
  async logout(@Ctx() ctx: AuthContext): Promise<boolean> {
    if (ctx.token && ctx.principal?.kind === 'admin') await ctx.auth.logout(ctx.token);
    return true;
  }

  @Query(() => ViewerType, { description: 'Who the token belongs to' })
  viewer(@Ctx() ctx: AuthContext): ViewerType {
    return { name: ctx.principal!.name, kind: ctx.principal!.kind };
  }
}
