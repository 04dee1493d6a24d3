import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toDomainError, toGrpcErrorPayload } from '@acme/errors';

/**
 * Turns whatever a gRPC handler throws into a proper status: DomainErrors keep their status
 * and reason (sent as google.rpc.Status in grpc-status-details-bin); anything unexpected becomes
 * INTERNAL with a fixed message, its message and stack going to the log only.
 * Registered once per service with APP_FILTER; also covers errors inside streams.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcExceptionFilter');

  constructor(private readonly domain: string) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const { error, expected } = toDomainError(exception, this.domain);
    if (!expected) {
      // Nest calls gRPC handlers with (data, metadata, call); the call knows its method path.
      const call: unknown = host.getType() === 'rpc' ? host.getArgByIndex(2) : undefined;
      const method = typeof call === 'object' && call !== null && 'getPath' in call && typeof call.getPath === 'function' ? String(call.getPath()) : undefined;
      this.logger.error({ err: exception, method }, 'unexpected error in gRPC handler');
    }
    return throwError(() => toGrpcErrorPayload(error));
  }
}
