import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyReply, type FastifyRequest } from '../common/fastify.types';
import { type DomainError, PROBLEM_CONTENT_TYPE, RemoteError, toDomainError, toProblemDetails } from '@acme/errors';
import { APP_CONFIG, type AppConfig } from '../config';
import { EdgeError } from './edge.error';
import { GATEWAY_DOMAIN } from './edge-errors';
import { fromHttpException } from './http-exception.mapper';
import { traceIdOf } from './trace-id';

interface Resolved {
  readonly error: DomainError;
  /** False for failures nobody raised on purpose: logged with their stack. */
  readonly expected: boolean;
}

/**
 * The one exception filter of the gateway: every failure leaves as `application/problem+json`
 * (RFC 9457) with the stable reason as `code`, field errors, and the request's trace id.
 * Service errors map through the shared gRPC -> HTTP table; framework errors (Fastify's
 * content-type parsing, the not-found handler) by their code; anything unexpected becomes a
 * 500 whose message and stack reach the log, never the client. Terminus health results keep
 * their own format, as load balancers and kubelets expect it.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const adapter = this.adapterHost.httpAdapter;

    if (exception instanceof ServiceUnavailableException && isHealthCheckResult(exception.getResponse())) {
      adapter.reply(reply, exception.getResponse(), 503);
      return;
    }

    const { error, expected } = this.resolve(exception, request);
    const httpStatus = error instanceof EdgeError ? error.httpStatus : undefined;
    const { traceId, generated } = traceIdOf(request.headers);
    const problem = toProblemDetails(error, { traceId, httpStatus });
    this.log(exception, error, expected, { status: problem.status, traceId, generated, request });

    if (adapter.isHeadersSent(reply)) {
      // A stream failed after its first bytes: the status line is gone, end what was sent.
      adapter.end(reply);
      return;
    }
    adapter.setHeader(reply, 'content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    if (problem.status === 401) adapter.setHeader(reply, 'www-authenticate', 'Bearer realm="acme"');
    adapter.reply(reply, problem, problem.status);
  }

  private resolve(exception: unknown, request: FastifyRequest): Resolved {
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return {
        error: fromHttpException(exception, {
          method: request.method,
          path: request.url.split('?')[0] ?? request.url,
          contentType: request.headers['content-type'],
          bodyLimit: this.config.BODY_LIMIT_BYTES,
        }),
        expected: true,
      };
    }
    return toDomainError(exception, GATEWAY_DOMAIN);
  }

  private log(
    exception: unknown,
    error: DomainError,
    expected: boolean,
    facts: { status: number; traceId: string; generated: boolean; request: FastifyRequest },
  ): void {
    const { status, traceId, generated, request } = facts;
    const line = `${request.method} ${request.url} -> ${status} ${error.reason} trace_id=${traceId}`;
    if (!expected) {
      const cause = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`${line}: unexpected failure`, cause);
    } else if (status >= 500) {
      const origin = error instanceof RemoteError && error.method !== undefined ? ` from ${error.method}` : '';
      this.logger.error(`${line}${origin}: ${error.message}`);
    } else if (generated) {
      // The only record of a made-up trace id: without it the client's id leads nowhere.
      this.logger.log(`${line}: ${error.message}`);
    } else {
      this.logger.debug(`${line}: ${error.message}`);
    }
  }
}

/** A Terminus result (`{ status, info, error, details }`), answered as Terminus formats it. */
function isHealthCheckResult(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body;
}
