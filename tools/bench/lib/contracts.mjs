// The built contracts and grpc-js, loaded the way a CommonJS app loads them. The bench runs
// plain Node ESM, so workspace packages come through createRequire from their dist/ builds.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @type {typeof import('@grpc/grpc-js')} */
export const grpc = require('@grpc/grpc-js');

/** @returns {typeof import('@acme/contracts')} */
export function contracts() {
  try {
    return require('@acme/contracts');
  } catch (error) {
    throw new Error(`@acme/contracts is not built (npx nx build contracts): ${error.message}`);
  }
}

/** Path of a unary method: `/acme.product.v1.ProductService/GetProduct`. */
export function methodPath(definition, key) {
  return `/${definition.fullName}/${definition.methods[key].name}`;
}

/**
 * grpc-js service definition for the unary methods of a ts-proto generic definition, using
 * its generated codecs.
 */
export function grpcServiceOf(definition, keys) {
  return Object.fromEntries(
    keys.map((key) => {
      const method = definition.methods[key];
      return [
        key,
        {
          path: methodPath(definition, key),
          originalName: method.name,
          requestStream: false,
          responseStream: false,
          requestSerialize: (value) => Buffer.from(method.requestType.encode(value).finish()),
          requestDeserialize: (bytes) => method.requestType.decode(bytes),
          responseSerialize: (value) => Buffer.from(method.responseType.encode(value).finish()),
          responseDeserialize: (bytes) => method.responseType.decode(bytes),
        },
      ];
    }),
  );
}

/** `{ seconds, nanos }` -> RFC 3339, as proto3 JSON writes a Timestamp. */
export function timestampToJson(timestamp) {
  if (!timestamp) return undefined;
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6)).toISOString();
}

/** A Product message as the gateway's proto3 JSON (camelCase, Timestamps as strings). */
export function productToJson(product) {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    currency: product.currency,
    stock: product.stock,
    createTime: timestampToJson(product.createTime),
    updateTime: timestampToJson(product.updateTime),
  };
}
