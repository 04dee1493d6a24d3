export { ConfigError, loadConfig } from './load-config';
export { packageRoot } from './package-root';
export { booleanFlag, durationMs, grpcTarget, logLevel, port } from './schemas';
