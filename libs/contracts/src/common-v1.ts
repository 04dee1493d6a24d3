export * from './generated/acme/common/v1/error_reason';
