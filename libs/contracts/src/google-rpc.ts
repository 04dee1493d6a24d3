export * from './generated/google/protobuf/any';
export * from './generated/google/rpc/error_details';
export * from './generated/google/rpc/status';
