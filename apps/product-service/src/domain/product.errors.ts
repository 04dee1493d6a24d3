import { status } from '@grpc/grpc-js';
import { commonV1, productV1, reasonName } from '@acme/contracts';
import { DomainError, type FieldViolation } from '@acme/errors';
import { type ReservationStatus } from './reservation.entity';

/** google.rpc.ErrorInfo.domain of every error this service raises. */
export const PRODUCT_ERROR_DOMAIN = 'product.acme.dev';

const productReason = (reason: productV1.ErrorReason): string => reasonName(productV1.ErrorReason, reason);
const commonReason = (reason: commonV1.ErrorReason): string => reasonName(commonV1.ErrorReason, reason);

/** Reason strings as they travel on the wire (and in ImportProducts failures). */
export const ProductReason = {
  PRODUCT_NOT_FOUND: productReason(productV1.ErrorReason.ERROR_REASON_PRODUCT_NOT_FOUND),
  SKU_ALREADY_EXISTS: productReason(productV1.ErrorReason.ERROR_REASON_SKU_ALREADY_EXISTS),
  INSUFFICIENT_STOCK: productReason(productV1.ErrorReason.ERROR_REASON_INSUFFICIENT_STOCK),
  RESERVATION_CONFLICT: productReason(productV1.ErrorReason.ERROR_REASON_RESERVATION_CONFLICT),
  VALIDATION_FAILED: commonReason(commonV1.ErrorReason.ERROR_REASON_VALIDATION_FAILED),
  INVALID_PAGE_TOKEN: commonReason(commonV1.ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN),
  UNAVAILABLE: commonReason(commonV1.ErrorReason.ERROR_REASON_UNAVAILABLE),
} as const;

export function productNotFound(productId: string): DomainError {
  return new DomainError(status.NOT_FOUND, ProductReason.PRODUCT_NOT_FOUND, `product ${productId} not found`, {
    domain: PRODUCT_ERROR_DOMAIN,
    metadata: { product_id: productId },
  });
}

export function skuAlreadyExists(sku: string): DomainError {
  return new DomainError(status.ALREADY_EXISTS, ProductReason.SKU_ALREADY_EXISTS, `a product with sku "${sku}" already exists`, {
    domain: PRODUCT_ERROR_DOMAIN,
    metadata: { sku },
  });
}

export function insufficientStock(productId: string, requested: number, available: number): DomainError {
  return new DomainError(
    status.FAILED_PRECONDITION,
    ProductReason.INSUFFICIENT_STOCK,
    `product ${productId} has ${available} in stock, ${requested} requested`,
    { domain: PRODUCT_ERROR_DOMAIN, metadata: { product_id: productId, requested: String(requested), available: String(available) } },
  );
}

/**
 * The order id already holds a reservation that this request cannot return: other items, or
 * one that was released (metadata reservation_status says which). A released reservation is
 * never taken again, so a late retry of ReserveStock cannot hold stock for a cancelled order.
 */
export function reservationConflict(orderId: string, reservationStatus: ReservationStatus): DomainError {
  const message =
    reservationStatus === 'RELEASED'
      ? `the reservation of order ${orderId} was released and cannot be reserved again`
      : `order ${orderId} already holds a reservation of other items`;
  return new DomainError(status.ALREADY_EXISTS, ProductReason.RESERVATION_CONFLICT, message, {
    domain: PRODUCT_ERROR_DOMAIN,
    metadata: { order_id: orderId, reservation_status: reservationStatus },
  });
}

export function validationFailed(fieldViolations: readonly FieldViolation[]): DomainError {
  const message = `invalid request: ${fieldViolations.map(({ field, description }) => `${field} ${description}`).join('; ')}`;
  return new DomainError(status.INVALID_ARGUMENT, ProductReason.VALIDATION_FAILED, message, { domain: PRODUCT_ERROR_DOMAIN, fieldViolations });
}

export function invalidPageToken(): DomainError {
  return new DomainError(status.INVALID_ARGUMENT, ProductReason.INVALID_PAGE_TOKEN, 'the page token is malformed', { domain: PRODUCT_ERROR_DOMAIN });
}

/** Open WatchStock streams end with this when the service shuts down; callers reconnect. */
export function serviceStopping(): DomainError {
  return new DomainError(status.UNAVAILABLE, ProductReason.UNAVAILABLE, 'the product service is shutting down', { domain: PRODUCT_ERROR_DOMAIN });
}
