import { status as GrpcStatus } from '@grpc/grpc-js';
import { commonV1, orderV1, reasonName } from '@acme/contracts';
import { DomainError } from '@acme/errors';
import { type OrderStatus } from './order';

/** ErrorInfo domain of every error the order service defines. */
export const ORDER_ERROR_DOMAIN = 'order.acme.dev';

const reason = (value: orderV1.ErrorReason): string => reasonName(orderV1.ErrorReason, value);
const common = (value: commonV1.ErrorReason): string => reasonName(commonV1.ErrorReason, value);

/** Factories of the order service's domain errors, one per reason of acme.order.v1.ErrorReason. */
export const OrderErrors = {
  orderNotFound(id: string): DomainError {
    return new DomainError(GrpcStatus.NOT_FOUND, reason(orderV1.ErrorReason.ERROR_REASON_ORDER_NOT_FOUND), `order ${id} not found`, {
      domain: ORDER_ERROR_DOMAIN,
      metadata: { order_id: id },
    });
  },

  idempotencyKeyReused(key: string): DomainError {
    return new DomainError(
      GrpcStatus.ALREADY_EXISTS,
      reason(orderV1.ErrorReason.ERROR_REASON_IDEMPOTENCY_KEY_REUSED),
      'the idempotency key was already used with a different request body',
      { domain: ORDER_ERROR_DOMAIN, metadata: { idempotency_key: key } },
    );
  },

  currencyMismatch(currencies: readonly string[]): DomainError {
    return new DomainError(
      GrpcStatus.INVALID_ARGUMENT,
      reason(orderV1.ErrorReason.ERROR_REASON_CURRENCY_MISMATCH),
      `the items are priced in more than one currency (${currencies.join(', ')})`,
      { domain: ORDER_ERROR_DOMAIN, metadata: { currencies: currencies.join(',') } },
    );
  },

  orderNotCancellable(id: string, status: OrderStatus): DomainError {
    return new DomainError(
      GrpcStatus.FAILED_PRECONDITION,
      reason(orderV1.ErrorReason.ERROR_REASON_ORDER_NOT_CANCELLABLE),
      `order ${id} is ${status} and cannot be cancelled`,
      { domain: ORDER_ERROR_DOMAIN, metadata: { order_id: id, status } },
    );
  },

  userNotFound(userId: string): DomainError {
    return new DomainError(GrpcStatus.FAILED_PRECONDITION, reason(orderV1.ErrorReason.ERROR_REASON_USER_NOT_FOUND), `user ${userId} does not exist`, {
      domain: ORDER_ERROR_DOMAIN,
      metadata: { user_id: userId },
    });
  },

  invalidPageToken(): DomainError {
    return new DomainError(GrpcStatus.INVALID_ARGUMENT, common(commonV1.ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN), 'the page token is malformed', {
      domain: ORDER_ERROR_DOMAIN,
    });
  },

  /**
   * The order was resolved by recovery (released, FAILED) while this instance still worked on
   * it; nothing stays reserved, so the caller may retry.
   */
  orderInterrupted(id: string): DomainError {
    return new DomainError(
      GrpcStatus.UNAVAILABLE,
      common(commonV1.ErrorReason.ERROR_REASON_UNAVAILABLE),
      `order ${id} was interrupted before it was confirmed; nothing was reserved, retry`,
      { domain: ORDER_ERROR_DOMAIN, metadata: { order_id: id } },
    );
  },
} as const;
