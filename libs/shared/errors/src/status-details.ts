import { Metadata, type status as GrpcStatus } from '@grpc/grpc-js';
import { googleRpc } from '@acme/contracts';
import { type DomainError, type FieldViolation } from './domain-error';
import { RemoteError } from './remote-error';
import { genericReason } from './status-reason';

/** The trailer that carries a serialized google.rpc.Status, readable by any gRPC client. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

/** What a gRPC server hands to grpc-js for a failed call. */
export interface GrpcErrorPayload {
  readonly code: GrpcStatus;
  readonly details: string;
  readonly metadata: Metadata;
}

/** Serializes a DomainError as google.rpc.Status with ErrorInfo and, if any, BadRequest. */
export function encodeStatusDetails(error: DomainError): Buffer {
  const details: googleRpc.Any[] = [
    {
      typeUrl: ERROR_INFO_TYPE,
      value: googleRpc.ErrorInfo.encode({ reason: error.reason, domain: error.domain, metadata: { ...error.metadata } }).finish(),
    },
  ];
  if (error.fieldViolations.length > 0) {
    const fieldViolations = error.fieldViolations.map(({ field, description }) => ({ field, description, reason: '' }));
    details.push({ typeUrl: BAD_REQUEST_TYPE, value: googleRpc.BadRequest.encode({ fieldViolations }).finish() });
  }
  return Buffer.from(googleRpc.Status.encode({ code: error.status, message: error.message, details }).finish());
}

/** The payload grpc-js sends for a DomainError: status, message, and the details trailer. */
export function toGrpcErrorPayload(error: DomainError): GrpcErrorPayload {
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, encodeStatusDetails(error));
  return { code: error.status, details: error.message, metadata };
}

/**
 * Rebuilds the callee's error from a failed call's status, message and trailers. Without a
 * details trailer (transport failures, deadlines) the reason is the status class's generic one.
 */
export function fromGrpcError(code: GrpcStatus, details: string, trailer?: Metadata, method?: string): RemoteError {
  const raw = trailer?.get(STATUS_DETAILS_KEY)[0];
  if (raw instanceof Uint8Array) {
    const decoded = decodeStatusDetails(raw);
    if (decoded !== undefined) {
      return new RemoteError(code, decoded.reason ?? genericReason(code), decoded.message || details, {
        domain: decoded.domain,
        metadata: decoded.metadata,
        fieldViolations: decoded.fieldViolations,
        method,
      });
    }
  }
  return new RemoteError(code, genericReason(code), details, { method });
}

interface DecodedStatus {
  readonly message: string;
  readonly reason?: string;
  readonly domain?: string;
  readonly metadata: Record<string, string>;
  readonly fieldViolations: FieldViolation[];
}

function decodeStatusDetails(raw: Uint8Array): DecodedStatus | undefined {
  try {
    const status = googleRpc.Status.decode(raw);
    let info: googleRpc.ErrorInfo | undefined;
    const fieldViolations: FieldViolation[] = [];
    for (const any of status.details) {
      if (any.typeUrl === ERROR_INFO_TYPE) info = googleRpc.ErrorInfo.decode(any.value);
      if (any.typeUrl === BAD_REQUEST_TYPE) {
        for (const v of googleRpc.BadRequest.decode(any.value).fieldViolations) {
          fieldViolations.push({ field: v.field, description: v.description });
        }
      }
    }
    return { message: status.message, reason: info?.reason, domain: info?.domain, metadata: info?.metadata ?? {}, fieldViolations };
  } catch {
    // A peer sent bytes that are not a google.rpc.Status: fall back to the bare status.
    return undefined;
  }
}
