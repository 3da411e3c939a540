import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Cost declarations for GraphQL fields that return lists (`complexity` on @Field / @Query), read
 * by graphql-query-complexity's fieldExtensionsEstimator: a list costs its largest possible
 * length times what is selected in each item. src/graphql/limits.ts refuses an operation whose
 * cost is over GRAPHQL_MAX_COST; every list field must declare one (a test checks).
 */

/** A list of at most `size` items. */
export const listOf =
  (size: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + size * childComplexity;

/**
 * A page whose length is the `perPage` argument (capped at `maxPerPage`, above which the
 * resolver refuses the request anyway).
 */
export const pageOf =
  (maxPerPage: number, defaultPerPage: number): ComplexityEstimator =>
  ({ args, childComplexity }) => {
    const perPage = typeof args.perPage === 'number' ? args.perPage : defaultPerPage;
    return 1 + Math.min(Math.max(perPage, 1), maxPerPage) * childComplexity;
  };

/** The items of a page: their number is already counted by the query that returns the page (pageOf). */
export const itemsOfPage: ComplexityEstimator = ({ childComplexity }) => 1 + childComplexity;

/** One item per hour of the `hours` argument (capped at `maxHours`, above which the resolver refuses). */
export const hoursOf =
  (maxHours: number, defaultHours: number): ComplexityEstimator =>
  ({ args, childComplexity }) => {
    const hours = typeof args.hours === 'number' ? args.hours : defaultHours;
    return 1 + Math.min(Math.max(hours, 1), maxHours) * childComplexity;
  };
