import { Arg, Ctx, Field, GraphQLISODateTime, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Access, PUBLIC } from './access.js';
import type { AuthService, Principal } from './auth.service.js';

export interface AuthContext {
  auth: AuthService;
  principal: Principal | null;
  /** The bearer token of the request, for logout. */
  token: string | null;
  /** Identifies the client for rate limiting (its address). */
  clientKey: string;
}

@ObjectType('Session', { simpleResolvers: true })
class SessionType {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`' }) token!: string;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => String) username!: string;
}

@ObjectType('Viewer', { simpleResolvers: true })
class ViewerType {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'admin, client or peer' }) kind!: string;
}

@Resolver()
export class AuthResolver {
  @Access(PUBLIC)
  @Mutation(() => SessionType, { description: 'Exchanges an admin user name and password for a session token' })
  login(
    @Ctx() ctx: AuthContext,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
  ): Promise<SessionType> {
    return ctx.auth.login(username, password, ctx.clientKey);
  }

  /** Only sessions end; an API or peer token is configuration, not something to log out of. */
  @Access(['admin'])
  @Mutation(() => Boolean, { description: 'Ends the session of the token sent with this request' })
  async logout(@Ctx() ctx: AuthContext): Promise<boolean> {
    if (ctx.token) await ctx.auth.logout(ctx.token);
    return true;
  }

  @Access(['admin', 'client'])
  @Query(() => ViewerType, { description: 'Who the token belongs to' })
  viewer(@Ctx() ctx: AuthContext): ViewerType {
    return { name: ctx.principal!.name, kind: ctx.principal!.kind };
  }
}
