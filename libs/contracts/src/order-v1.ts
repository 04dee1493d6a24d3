export * from './generated/acme/order/v1/error_reason';
export * from './generated/acme/order/v1/order';
export * from './generated/acme/order/v1/order_service';

/** Fully qualified proto package of the order service. */
export const PACKAGE = 'acme.order.v1';
/** The .proto file that declares OrderService, relative to PROTO_DIR. */
export const SERVICE_PROTO = 'acme/order/v1/order_service.proto';
