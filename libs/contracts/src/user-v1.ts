export * from './generated/acme/user/v1/error_reason';
export * from './generated/acme/user/v1/user';
export * from './generated/acme/user/v1/user_service';

/** Fully qualified proto package of the user service. */
export const PACKAGE = 'acme.user.v1';
/** The .proto file that declares UserService, relative to PROTO_DIR. */
export const SERVICE_PROTO = 'acme/user/v1/user_service.proto';
