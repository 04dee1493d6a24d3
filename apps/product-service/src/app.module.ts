import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { productV1 } from '@acme/contracts';
import { prettyLogs } from '@acme/config';
import { DatabaseModule } from '@acme/database';
import { GrpcExceptionFilter } from '@acme/grpc-server';
import { InterceptorsModule } from '@acme/interceptors';
import { LoggingModule } from '@acme/logging';
import { MetricsModule } from '@acme/metrics';
import { RegistryModule } from '@acme/registry';
import { CreateProductUseCase } from './application/create-product/create-product.use-case';
import { GetProductUseCase } from './application/get-product/get-product.use-case';
import { IMPORT_BATCH_SIZE, ImportProductsUseCase } from './application/import-products/import-products.use-case';
import { ListProductsUseCase } from './application/list-products/list-products.use-case';
import { ReleaseStockUseCase } from './application/release-stock/release-stock.use-case';
import { ReserveStockUseCase } from './application/reserve-stock/reserve-stock.use-case';
import { WatchStockUseCase } from './application/watch-stock/watch-stock.use-case';
import { APP_CONFIG, type AppConfig } from './config';
import { APP_VERSION } from './version';
import { PRODUCT_ERROR_DOMAIN } from './domain/product.errors';
import { ProductRepository } from './domain/product.repository';
import { ReservationRepository } from './domain/reservation.repository';
import { StockChanges } from './domain/stock-changes.port';
import { DrizzleProductRepository } from './infrastructure/drizzle-product.repository';
import { DrizzleReservationRepository } from './infrastructure/drizzle-reservation.repository';
import { MIGRATIONS_FOLDER } from './infrastructure/migrations-folder';
import { PgStockChanges } from './infrastructure/pg-stock-changes.adapter';
import { ImportProductsGrpcController } from './transport/import-products.grpc-controller';
import { ProductGrpcController } from './transport/product.grpc-controller';

/** The product service: every provider and cross-cutting concern is wired here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot({ service: 'product-service', version: APP_VERSION, level: config.LOG_LEVEL, pretty: prettyLogs(config) }),
        MetricsModule.forRoot({ service: 'product-service', port: config.METRICS_PORT }),
        // Sets each call's CallContext (deadline, cancellation), logs and measures every call.
        InterceptorsModule,
        DatabaseModule.forRootAsync({
          useFactory: () => ({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, migrationsFolder: MIGRATIONS_FOLDER }),
        }),
        // The product service calls no other service: the registry only registers it (consul mode).
        RegistryModule.forRootAsync({ useFactory: () => ({ env: config, healthService: productV1.ProductServiceDefinition.fullName }) }),
      ],
      controllers: [ProductGrpcController, ImportProductsGrpcController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useValue: new GrpcExceptionFilter(PRODUCT_ERROR_DOMAIN) },
        { provide: ProductRepository, useClass: DrizzleProductRepository },
        { provide: ReservationRepository, useClass: DrizzleReservationRepository },
        PgStockChanges,
        { provide: StockChanges, useExisting: PgStockChanges },
        // Rows per insert: 6 parameters each stay far below PostgreSQL's 65,535 per statement.
        { provide: IMPORT_BATCH_SIZE, useValue: 500 },
        CreateProductUseCase,
        GetProductUseCase,
        ListProductsUseCase,
        ReserveStockUseCase,
        ReleaseStockUseCase,
        WatchStockUseCase,
        ImportProductsUseCase,
      ],
    };
  }
}
