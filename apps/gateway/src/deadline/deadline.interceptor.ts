import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyReply, type FastifyRequest } from '../common/fastify.types';
import { Observable } from 'rxjs';
import { CallContext } from '@acme/context';
import { authenticatedUserOf } from '../auth/authenticated-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { GRPC_TIMEOUT_HEADER, parseGrpcTimeout } from './grpc-timeout';
import { STREAMING_ROUTE } from './streaming-route.decorator';

/**
 * Runs every HTTP handler inside a CallContext, so the gRPC clients it calls inherit:
 * - the deadline: now + REQUEST_TIMEOUT_MS, shortened (never lengthened) by a `grpc-timeout`
 *   header; streaming routes have none unless the header asks for one;
 * - a signal that aborts when the HTTP client goes away, which cancels the calls in flight;
 * - the authenticated user and the request id.
 *
 * The signal deliberately does not abort at the deadline: grpc-js enforces the deadline
 * itself and reports DEADLINE_EXCEEDED (504), where a cancel would race it as CANCELLED (499).
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const streaming = this.reflector.getAllAndOverride<boolean | undefined>(STREAMING_ROUTE, [context.getHandler(), context.getClass()]) ?? false;
    const requested = parseGrpcTimeout(request.headers[GRPC_TIMEOUT_HEADER]);
    const budgetMs = streaming ? requested : Math.min(this.config.REQUEST_TIMEOUT_MS, requested ?? Number.POSITIVE_INFINITY);
    const value = {
      deadline: budgetMs === undefined ? undefined : new Date(Date.now() + budgetMs),
      signal: disconnectSignal(reply),
      userId: authenticatedUserOf(request)?.userId,
      requestId: request.id,
    };
    // next.handle() is cold: the handler runs on subscribe, so subscribing inside run() puts
    // the handler and everything it awaits in this context.
    return new Observable((subscriber) => CallContext.run(value, () => next.handle().subscribe(subscriber)));
  }
}

/** Aborts when the response closes before it was completely sent: the client went away. */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the HTTP client disconnected'));
  });
  return controller.signal;
}
