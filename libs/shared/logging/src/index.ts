export { Logger, PinoLogger } from 'nestjs-pino';
export { LoggingModule } from './logging.module';
export { type LoggingOptions } from './logging-options';
export { REDACTED, redactSecrets, SECRET_KEYS } from './redact-secrets';
export { REQUEST_ID_HEADER, requestIdFor } from './request-id';
