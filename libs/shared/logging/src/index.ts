export { Logger, PinoLogger } from 'nestjs-pino';
export { LoggingModule } from './logging.module';
export { type LoggingOptions } from './logging-options';
export { REDACT_PATHS, REDACTED } from './redact-paths';
export { REQUEST_ID_HEADER } from './request-id';
