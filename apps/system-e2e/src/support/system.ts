import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, type TestDatabase, type TestDatabaseKind } from '@acme/testing';
import { AppProcess, type AppName } from './app-process';

export interface SystemOptions {
  readonly database: TestDatabaseKind;
  /** CONSUL_HTTP_ADDR of a Consul (double): every app then registers and discovers there. */
  readonly consulUrl?: string;
  /** Extra environment per app. */
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
}

/** The whole system as real processes on free ports: three services and the gateway. */
export class System {
  /** Instances started by addInstance, beside the four in `apps`. */
  readonly extra: AppProcess[] = [];

  private constructor(
    readonly apps: Record<AppName, AppProcess>,
    private readonly databases: TestDatabase[],
    private readonly workDir: string,
    private readonly envFor: (app: AppName, base: Record<string, string>) => Record<string, string>,
  ) {}

  /**
   * Starts one more instance of a service, sharing the first instance's database (as replicas
   * of a deployment do) on new ports.
   */
  async addInstance(app: Exclude<AppName, 'gateway'>): Promise<AppProcess> {
    const [grpcPort, metricsPort] = await Promise.all([freePort(), freePort()]);
    const first = this.apps[app];
    const instance = new AppProcess(app, grpcPort, { ...first.environment, GRPC_PORT: String(grpcPort), METRICS_PORT: String(metricsPort) });
    this.extra.push(instance);
    await instance.start();
    return instance;
  }

  static async start(options: SystemOptions): Promise<System> {
    const workDir = mkdtempSync(join(tmpdir(), 'acme-e2e-'));
    const [gatewayPort, userPort, productPort, orderPort, userMetrics, productMetrics, orderMetrics] = await Promise.all(
      Array.from({ length: 7 }, () => freePort()),
    );
    const databases = await Promise.all(['user', 'product', 'order'].map(() => createTestDatabase(options.database)));
    const [userDb, productDb, orderDb] = databases as [TestDatabase, TestDatabase, TestDatabase];
    const keyDir = join(workDir, 'keys');
    const targets = {
      USER_SERVICE_TARGET: `127.0.0.1:${userPort}`,
      PRODUCT_SERVICE_TARGET: `127.0.0.1:${productPort}`,
      ORDER_SERVICE_TARGET: `127.0.0.1:${orderPort}`,
    };
    const database = (db: TestDatabase): Record<string, string> => (db.url ? { DATABASE_URL: db.url } : { DATA_DIR: db.dataDir });
    const discovery: Record<string, string> = options.consulUrl
      ? {
          DISCOVERY_MODE: 'consul',
          CONSUL_HTTP_ADDR: options.consulUrl,
          CONSUL_CHECK_INTERVAL: '200ms',
          CONSUL_CHECK_TIMEOUT: '150ms',
          CONSUL_DEREGISTER_CRITICAL_AFTER: '2s',
          SERVICE_ADVERTISE_ADDRESS: '127.0.0.1',
        }
      : {};
    const env = (app: AppName, base: Record<string, string>): Record<string, string> => ({ ...discovery, ...base, ...(options.env?.[app] ?? {}) });
    const apps: Record<AppName, AppProcess> = {
      'user-service': new AppProcess(
        'user-service',
        userPort,
        env('user-service', { GRPC_PORT: String(userPort), METRICS_PORT: String(userMetrics), JWT_KEY_DIR: keyDir, ...database(userDb) }),
      ),
      'product-service': new AppProcess(
        'product-service',
        productPort,
        env('product-service', { GRPC_PORT: String(productPort), METRICS_PORT: String(productMetrics), ...database(productDb) }),
      ),
      'order-service': new AppProcess(
        'order-service',
        orderPort,
        env('order-service', { GRPC_PORT: String(orderPort), METRICS_PORT: String(orderMetrics), ...targets, ...database(orderDb) }),
      ),
      gateway: new AppProcess('gateway', gatewayPort, env('gateway', { PORT: String(gatewayPort), JWT_KEY_DIR: keyDir, ...targets })),
    };
    const system = new System(apps, databases, workDir, env);
    try {
      // The user service creates the dev key pair the gateway verifies with.
      await Promise.all([apps['user-service'].start(), apps['product-service'].start()]);
      await Promise.all([apps['order-service'].start(), apps.gateway.start()]);
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.apps.gateway.port}`;
  }

  async stop(): Promise<void> {
    await Promise.all([...Object.values(this.apps), ...this.extra].map((app) => app.stop('SIGTERM')));
    await Promise.all(this.databases.map((db) => db.drop()));
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
