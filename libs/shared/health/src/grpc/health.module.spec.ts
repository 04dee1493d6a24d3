import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../spec/grpc-server.spec-helper';
import { HealthModule } from './health.module';
import { HealthService } from './health.service';

@Injectable()
class Database {
  up = true;
  async ping(): Promise<void> {
    if (!this.up) throw new Error('connection refused');
  }
}

@Module({ providers: [Database], exports: [Database] })
class DatabaseModule {}

describe('HealthModule', () => {
  it('builds the readiness check from app providers, serves after init and stops serving on close', async () => {
    @Module({
      imports: [
        DatabaseModule,
        HealthModule.forRootAsync({
          imports: [DatabaseModule],
          inject: [Database],
          useFactory: (db: Database) => ({ services: ['acme.product.v1.ProductService'], readiness: () => db.ping(), logger: silentLogger }),
        }),
      ],
    })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const health = app.get(HealthService);
    expect(health.getStatus('acme.product.v1.ProductService')).toBe('SERVING');

    app.get(Database).up = false;
    expect(await health.checkReadiness()).toBe(false);
    expect(health.getStatus()).toBe('NOT_SERVING');
    app.get(Database).up = true;
    expect(await health.checkReadiness()).toBe(true);

    await app.close();
    expect(health.isShuttingDown).toBe(true);
    expect(health.getStatus()).toBe('NOT_SERVING');
  });
});
