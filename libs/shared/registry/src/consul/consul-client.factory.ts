import Consul from 'consul';

/** Where and how to reach the Consul agent (the official env variables' meaning). */
export interface ConsulConnectionOptions {
  /** CONSUL_HTTP_ADDR: `host:port`, `http://host:port` or `https://host:port`. */
  readonly address: string;
  /** CONSUL_HTTP_TOKEN: sent as X-Consul-Token on every request. */
  readonly token?: string;
}

/**
 * A `consul` client for an agent address in any CONSUL_HTTP_ADDR form. Call `destroy()` on
 * shutdown to release its keep-alive sockets.
 *
 * @example
 * const consul = createConsulClient({ address: 'http://127.0.0.1:8500', token: process.env.CONSUL_HTTP_TOKEN });
 */
export function createConsulClient(options: ConsulConnectionOptions): Consul {
  const url = new URL(/^[a-z]+:\/\//i.test(options.address) ? options.address : `http://${options.address}`);
  const secure = url.protocol === 'https:';
  return new Consul({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    secure,
    defaults: options.token ? { token: options.token } : undefined,
  });
}
