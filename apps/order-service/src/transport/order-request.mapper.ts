import { status as GrpcStatus } from '@grpc/grpc-js';
import { z } from 'zod';
import { commonV1, type orderV1, reasonName } from '@acme/contracts';
import { DomainError } from '@acme/errors';
import { type CreateOrderCommand } from '../application/create-order/create-order.command';
import { type ListOrdersQuery } from '../application/list-orders/list-orders.use-case';
import { ORDER_ERROR_DOMAIN } from '../domain/order-errors';

export const MAX_ITEMS = 50;
export const MAX_QUANTITY = 1_000;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

// Any 8-4-4-4-12 hex string, as PostgreSQL's uuid type accepts (z.uuid() also checks RFC version bits).
const id = z.guid({ error: 'must be a UUID' }).transform((value) => value.toLowerCase());

const createOrderRequest = z.object({
  userId: id,
  items: z
    .array(
      z.object({
        productId: id,
        quantity: z
          .number()
          .int({ error: 'must be a whole number' })
          .min(1, { error: 'must be at least 1' })
          .max(MAX_QUANTITY, { error: `must be at most ${MAX_QUANTITY}` }),
      }),
    )
    .min(1, { error: 'must hold at least one item' })
    .max(MAX_ITEMS, { error: `must hold at most ${MAX_ITEMS} items` })
    // A product appears once per order: repeated lines are refused, not merged, so the quantity
    // limit holds per product and a client bug is not silently turned into a bigger order.
    .superRefine((items, context) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.productId)) {
          context.addIssue({ code: 'custom', path: [index, 'productId'], message: 'appears more than once; send one line per product' });
        }
        seen.add(item.productId);
      });
    }),
  idempotencyKey: z.string().max(MAX_IDEMPOTENCY_KEY_LENGTH, { error: `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` }),
});

const listOrdersRequest = z.object({
  userId: id,
  // 0 selects the default; more than the maximum is capped to it (AIP-158), not refused.
  pageSize: z
    .number()
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must not be negative' })
    .transform((size) => (size === 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE))),
  pageToken: z.string(),
});

// Order ids are not checked here: a malformed id is simply not found (NOT_FOUND), like a path segment.
const orderRequest = z.object({ id: z.string(), userId: id });

/** Converts and validates requests; failures are INVALID_ARGUMENT (VALIDATION_FAILED) with field violations. */
export const OrderRequestMapper = {
  toCreateOrderCommand(request: orderV1.CreateOrderRequest): CreateOrderCommand {
    const valid = parse(createOrderRequest, request);
    return { userId: valid.userId, items: valid.items, idempotencyKey: valid.idempotencyKey === '' ? undefined : valid.idempotencyKey };
  },

  toListOrdersQuery(request: orderV1.ListOrdersRequest): ListOrdersQuery {
    return parse(listOrdersRequest, request);
  },

  toOrderRef(request: orderV1.GetOrderRequest | orderV1.CancelOrderRequest): { id: string; userId: string } {
    return parse(orderRequest, request);
  },
} as const;

function parse<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const fieldViolations = result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), description: issue.message }));
  return throwValidation(fieldViolations);
}

function throwValidation(fieldViolations: { field: string; description: string }[]): never {
  throw new DomainError(GrpcStatus.INVALID_ARGUMENT, reasonName(commonV1.ErrorReason, commonV1.ErrorReason.ERROR_REASON_VALIDATION_FAILED), 'invalid request', {
    domain: ORDER_ERROR_DOMAIN,
    fieldViolations,
  });
}
