export * from './generated/acme/product/v1/error_reason';
export * from './generated/acme/product/v1/product';
export * from './generated/acme/product/v1/product_service';

/** Fully qualified proto package of the product service. */
export const PACKAGE = 'acme.product.v1';
/** The .proto file that declares ProductService, relative to PROTO_DIR. */
export const SERVICE_PROTO = 'acme/product/v1/product_service.proto';
