/**
 * The contracts of every service, generated from proto/ by buf + ts-proto
 * (`npm run proto:gen`). Nothing under generated/ is edited by hand.
 *
 * @example
 * import { productV1 } from '@acme/contracts';
 * const request: productV1.GetProductRequest = { id };
 */
export * as commonV1 from './common-v1';
export * as googleRpc from './google-rpc';
export * as orderV1 from './order-v1';
export * as productV1 from './product-v1';
export * as userV1 from './user-v1';
export { PROTO_DIR, protoPath } from './proto-path';
export { reasonName } from './reason-name';
export { toTimestamp } from './timestamp';
