import { SetMetadata } from '@nestjs/common';

export const STREAMING_ROUTE = 'GATEWAY:STREAMING_ROUTE';

/**
 * Marks a route that streams (SSE, NDJSON upload): it gets no default budget, since it lasts
 * as long as the client wants; a `grpc-timeout` header still bounds it, and a disconnect
 * still cancels it.
 */
export const StreamingRoute = (): MethodDecorator & ClassDecorator => SetMetadata(STREAMING_ROUTE, true);
