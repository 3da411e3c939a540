import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Access } from '../auth/access.js';
import { pageOf } from '../shared/graphql-cost.js';
import { ORDER_USERS } from './order.access.js';
import type { OrdersContext } from './order.context.js';
import {
  OrderCountsType,
  OrderFilterInput,
  OrderInput,
  OrderLineType,
  OrderPageType,
  OrderPatchInput,
  OrderSortInput,
  OrderType,
} from './order.graphql-types.js';
import { MAX_PER_PAGE, type OrderListQuery } from './order.list.js';
import { lineTotal, type Order, type OrderLine, type OrderStatus } from './order.types.js';

/** The list arguments as OrderService.list takes them (shared with other modules' list queries). */
export function toListQuery(filter: OrderFilterInput | undefined, sort: OrderSortInput | undefined, page: number, perPage: number): OrderListQuery {
  return {
    filter: filter ? { ...filter, status: filter.status as OrderStatus[] | undefined } : undefined,
    sort: sort ? { field: sort.field, order: sort.order } : undefined,
    page,
    perPage,
  };
}

/** GraphQL input objects are class instances with undefined holes; the validators want plain data. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

@Resolver(() => OrderType)
export class OrderResolver {
  @Access(ORDER_USERS)
  @Query(() => OrderPageType, { description: 'A page of orders and the total count matching the filter', complexity: pageOf(MAX_PER_PAGE, 25) })
  orders(
    @Ctx() ctx: OrdersContext,
    @Arg('filter', () => OrderFilterInput, { nullable: true }) filter?: OrderFilterInput,
    @Arg('sort', () => OrderSortInput, { nullable: true }) sort?: OrderSortInput,
    @Arg('page', () => Int, { defaultValue: 1 }) page = 1,
    @Arg('perPage', () => Int, { defaultValue: 25 }) perPage = 25,
  ): Promise<{ items: Order[]; total: number }> {
    return ctx.orders.list(toListQuery(filter, sort, page, perPage));
  }

  @Access(ORDER_USERS)
  @Query(() => OrderCountsType, { description: 'Order counts for a dashboard' })
  orderCounts(@Ctx() ctx: OrdersContext) {
    return ctx.orders.counts();
  }

  @Access(ORDER_USERS)
  @Query(() => OrderType, { description: 'One order, deleted ones (tombstones) included' })
  order(@Ctx() ctx: OrdersContext, @Arg('id', () => ID) id: string): Promise<Order> {
    return ctx.orders.getOrThrow(id);
  }

  @Access(ORDER_USERS)
  @Mutation(() => OrderType)
  async createOrder(@Ctx() ctx: OrdersContext, @Arg('input', () => OrderInput) input: OrderInput): Promise<Order> {
    return (await ctx.orders.create(plain(input))).order;
  }

  @Access(ORDER_USERS)
  @Mutation(() => OrderType, { description: 'Fails with CONFLICT when expectedVersion is not the current version' })
  updateOrder(
    @Ctx() ctx: OrdersContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OrderPatchInput) input: OrderPatchInput,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ): Promise<Order> {
    return ctx.orders.update(id, plain(input), expectedVersion);
  }

  @Access(ORDER_USERS)
  @Mutation(() => OrderType, { description: 'Soft delete: the order stays as a tombstone' })
  deleteOrder(
    @Ctx() ctx: OrdersContext,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ): Promise<Order> {
    return ctx.orders.delete(id, expectedVersion ?? undefined);
  }
}

@Resolver(() => OrderLineType)
export class OrderLineResolver {
  @FieldResolver(() => GraphQLSafeInt, { description: 'quantity x unitPrice' })
  lineTotal(@Root() line: OrderLine): number {
    return lineTotal(line);
  }
}
