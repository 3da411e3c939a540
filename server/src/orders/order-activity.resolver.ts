import { Arg, Ctx, Field, GraphQLISODateTime, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/access.js';
import { ValidationError } from '../shared/errors.js';
import { hoursOf } from '../shared/graphql-cost.js';
import { ORDER_ADMIN } from './order.access.js';
import { orderActivity } from './order.activity.js';
import type { OrdersContext } from './order.context.js';

@ObjectType('OrderActivityHour', { simpleResolvers: true, description: 'Orders created and changed in one hour' })
export class OrderActivityHourType {
  @Field(() => GraphQLISODateTime, { description: 'Start of the hour (UTC)' }) hour!: Date;
  @Field(() => Int, { description: 'Orders created in this hour' }) created!: number;
  @Field(() => Int, { description: 'Orders whose latest change (version 2 or later) falls in this hour' }) changed!: number;
}

export const MAX_ACTIVITY_HOURS = 24 * 7;

/** Checks the `hours` argument of the activity queries. */
export function checkActivityHours(hours: number): number {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_ACTIVITY_HOURS) {
    throw ValidationError.field('hours', `must be between 1 and ${MAX_ACTIVITY_HOURS}`);
  }
  return hours;
}

@Resolver()
export class OrderActivityResolver {
  @Access(ORDER_ADMIN)
  @Query(() => [OrderActivityHourType], {
    description: 'Orders created and changed per hour, the last `hours` hours (the current one last)',
    complexity: hoursOf(MAX_ACTIVITY_HOURS, 24),
  })
  orderActivity(@Ctx() ctx: OrdersContext, @Arg('hours', () => Int, { defaultValue: 24 }) hours: number) {
    return orderActivity(ctx.orders.db, new Date(), checkActivityHours(hours));
  }
}
