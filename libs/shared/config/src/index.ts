export { ConfigError, loadConfig } from './load-config';
export { packageRoot } from './package-root';
export { booleanFlag, durationMs, grpcTarget, logLevel, port } from './schemas';
export { baseServiceConfig, type BaseServiceConfig, prettyLogs } from './service-config';
