import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Type, Module } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessTokenIssuer, ensureDevKeyPair, loadSigningKey } from '@acme/auth';
import { AppModule, type AppModuleOptions } from '../app.module';
import { type AppConfig, configSchema } from '../config';
import { createGateway } from '../gateway.factory';
import { drainAndClose } from '../shutdown/graceful-shutdown';
import { LogCapture } from './log-capture.spec-helper';
import { StubBackends } from './stub-backends.spec-helper';

export interface GatewayHarnessOptions extends AppModuleOptions {
  /** Environment over the test defaults, as strings (parsed by the real schema). */
  readonly env?: Record<string, string>;
  /** Extra controllers mounted in the app (e.g. one that throws). */
  readonly controllers?: Type<unknown>[];
}

/**
 * The real gateway (full AppModule on Fastify, listening on a free port) in front of real
 * grpc-js stub backends, with a real key pair: the stub user service signs access tokens the
 * gateway verifies.
 */
export class GatewayHarness {
  private closed = false;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly stubs: StubBackends,
    readonly config: AppConfig,
    readonly logs: LogCapture,
    readonly baseUrl: string,
    private readonly issuer: AccessTokenIssuer,
    private readonly keyDir: string,
  ) {}

  static async start(options: GatewayHarnessOptions = {}): Promise<GatewayHarness> {
    const keyDir = mkdtempSync(join(tmpdir(), 'gateway-keys-'));
    await ensureDevKeyPair(keyDir);
    const issuer = new AccessTokenIssuer(await loadSigningKey({ keyDir }), { ttlSeconds: 300 });
    const stubs = await StubBackends.start(issuer);
    const config = configSchema.parse({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
      USER_SERVICE_TARGET: stubs.targets.user,
      PRODUCT_SERVICE_TARGET: stubs.targets.product,
      ORDER_SERVICE_TARGET: stubs.targets.order,
      JWT_KEY_DIR: keyDir,
      SHUTDOWN_DRAIN_MS: '2000',
      ...options.env,
    });

    const logs = new LogCapture();

    @Module({ imports: [AppModule.forRoot(config, { ...options, logDestination: logs })], controllers: options.controllers ?? [] })
    class GatewayTestModule {}

    const app = await createGateway(config, { module: GatewayTestModule });
    await app.listen(config.PORT, config.HOST);
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('the gateway is not listening on TCP');
    return new GatewayHarness(app, stubs, config, logs, `http://127.0.0.1:${address.port}`, issuer, keyDir);
  }

  /** A valid access token for any user id, signed with the key the gateway trusts. */
  async tokenFor(user: { id: string; email: string }): Promise<string> {
    return (await this.issuer.issue(user)).accessToken;
  }

  /** `fetch` against the gateway. */
  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, init);
  }

  /** Graceful shutdown as on SIGTERM (without exiting); resolves when the app is closed. */
  async shutdown(drainMs = this.config.SHUTDOWN_DRAIN_MS): Promise<void> {
    this.closed = true;
    await drainAndClose(this.app, { drainMs });
  }

  async close(): Promise<void> {
    if (!this.closed) await this.app.close();
    this.closed = true;
    await this.stubs.stop();
    rmSync(this.keyDir, { recursive: true, force: true });
  }
}
