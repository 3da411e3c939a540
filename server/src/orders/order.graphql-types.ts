import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { itemsOfPage, listOf } from '../shared/graphql-cost.js';
import { ORDER_SORT_FIELDS } from './order.list.js';
import { ORDER_STATUSES } from './order.types.js';
import { LIMITS } from './order.validation.js';

// GraphQL shapes of the order. Validation is not here: it is order.validation.ts, shared by every API.

export const OrderStatusEnum = Object.fromEntries(ORDER_STATUSES.map((s) => [s, s])) as {
  [K in (typeof ORDER_STATUSES)[number]]: K;
};
registerEnumType(OrderStatusEnum, { name: 'OrderStatus' });

export const OrderSortFieldEnum = Object.fromEntries(Object.keys(ORDER_SORT_FIELDS).map((s) => [s, s])) as {
  [K in keyof typeof ORDER_SORT_FIELDS]: K;
};
registerEnumType(OrderSortFieldEnum, { name: 'OrderSortField' });

export enum SortOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortOrder, { name: 'SortOrder' });

@ObjectType('Customer', { simpleResolvers: true })
export class CustomerType {
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('ShippingAddress', { simpleResolvers: true })
export class ShippingAddressType {
  @Field(() => String) fullName!: string;
  @Field(() => String) line1!: string;
  @Field(() => String, { nullable: true }) line2!: string | null;
  @Field(() => String) city!: string;
  @Field(() => String) postalCode!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2' }) countryCode!: string;
}

@ObjectType('OrderLine', { simpleResolvers: true })
export class OrderLineType {
  @Field(() => String) sku!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => GraphQLSafeInt, { description: 'Minor units (cents) of the order currency' }) unitPrice!: number;
}

@ObjectType('Order', { simpleResolvers: true })
export class OrderType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Human-readable code with the instance prefix, e.g. A-000042' }) code!: string;
  @Field(() => OrderStatusEnum) status!: string;
  @Field(() => CustomerType) customer!: CustomerType;
  @Field(() => ShippingAddressType) shippingAddress!: ShippingAddressType;
  @Field(() => String, { description: 'ISO 4217' }) currency!: string;
  @Field(() => [OrderLineType], { complexity: listOf(LIMITS.linesMax) }) lines!: OrderLineType[];
  @Field(() => GraphQLSafeInt) shippingCost!: number;
  @Field(() => GraphQLSafeInt, { description: 'Sum of the lines, computed by the server' }) subtotal!: number;
  @Field(() => GraphQLSafeInt, { description: 'Subtotal plus shipping, computed by the server' }) total!: number;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  @Field(() => Int, { description: 'Starts at 1, +1 on every accepted change' }) version!: number;
  @Field(() => Boolean) deleted!: boolean;
}

@ObjectType('OrderPage', { simpleResolvers: true })
export class OrderPageType {
  @Field(() => [OrderType], { complexity: itemsOfPage }) items!: OrderType[];
  @Field(() => Int) total!: number;
}

@InputType('CustomerInput')
export class CustomerInput {
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType('ShippingAddressInput')
export class ShippingAddressInput {
  @Field(() => String) fullName!: string;
  @Field(() => String) line1!: string;
  @Field(() => String, { nullable: true }) line2?: string | null;
  @Field(() => String) city!: string;
  @Field(() => String) postalCode!: string;
  @Field(() => String) countryCode!: string;
}

@InputType('OrderLineInput')
export class OrderLineInput {
  @Field(() => String) sku!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => GraphQLSafeInt) unitPrice!: number;
}

@InputType('OrderInput', { description: 'A new order. `id` may be supplied (UUID) to make the create idempotent.' })
export class OrderInput {
  @Field(() => ID, { nullable: true }) id?: string;
  @Field(() => OrderStatusEnum, { nullable: true }) status?: string;
  @Field(() => CustomerInput) customer!: CustomerInput;
  @Field(() => ShippingAddressInput) shippingAddress!: ShippingAddressInput;
  @Field(() => String) currency!: string;
  @Field(() => [OrderLineInput]) lines!: OrderLineInput[];
  @Field(() => GraphQLSafeInt, { nullable: true }) shippingCost?: number;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('OrderPatchInput', { description: 'Fields to change; nested objects and lines are replaced whole.' })
export class OrderPatchInput {
  @Field(() => OrderStatusEnum, { nullable: true }) status?: string;
  @Field(() => CustomerInput, { nullable: true }) customer?: CustomerInput;
  @Field(() => ShippingAddressInput, { nullable: true }) shippingAddress?: ShippingAddressInput;
  @Field(() => String, { nullable: true }) currency?: string;
  @Field(() => [OrderLineInput], { nullable: true }) lines?: OrderLineInput[];
  @Field(() => GraphQLSafeInt, { nullable: true }) shippingCost?: number;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('OrderFilter')
export class OrderFilterInput {
  @Field(() => String, { nullable: true, description: 'Code, customer name or email contains' }) q?: string;
  @Field(() => [OrderStatusEnum], { nullable: true }) status?: string[];
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => GraphQLISODateTime, { nullable: true }) createdFrom?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) createdTo?: Date;
  @Field(() => Boolean, { nullable: true, description: 'Also list deleted orders' }) includeDeleted?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'true: only deleted; false: only live' }) deleted?: boolean;
}

@InputType('OrderSort')
export class OrderSortInput {
  @Field(() => OrderSortFieldEnum) field!: keyof typeof ORDER_SORT_FIELDS;
  @Field(() => SortOrder, { defaultValue: SortOrder.ASC }) order!: SortOrder;
}

@ObjectType('StatusCount', { simpleResolvers: true })
export class StatusCountType {
  @Field(() => OrderStatusEnum) status!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('OrderCounts', { simpleResolvers: true })
export class OrderCountsType {
  @Field(() => Int, { description: 'Live (not deleted) orders' }) total!: number;
  @Field(() => Int) deleted!: number;
  @Field(() => [StatusCountType], { description: 'Live orders per status', complexity: listOf(ORDER_STATUSES.length) }) byStatus!: StatusCountType[];
}
