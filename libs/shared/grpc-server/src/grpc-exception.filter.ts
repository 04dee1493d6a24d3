import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toDomainError, toGrpcErrorPayload } from '@acme/errors';

/**
 * Turns whatever a gRPC handler throws into a proper status: DomainErrors keep their status
 * and reason (sent as google.rpc.Status in grpc-status-details-bin); anything unexpected becomes
 * INTERNAL with a fixed message; the per-call log line of @acme/interceptors records its
 * message and stack, so nothing is logged twice here.
 * Registered once per service with APP_FILTER; also covers errors inside streams.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly domain: string) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const { error } = toDomainError(exception, this.domain);
    return throwError(() => toGrpcErrorPayload(error));
  }
}
