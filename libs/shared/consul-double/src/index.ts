/**
 * Test support only: a Consul HTTP API double that really runs the registered checks.
 * docker-compose and real deployments use the real Consul.
 */
export {
  type ConsulDouble,
  type ConsulDoubleInstance,
  type ConsulDoubleOptions,
  ConsulDoubleServer,
  startConsulDouble,
} from './consul-double.server';
export { parseGoDuration } from './agent/go-duration';
