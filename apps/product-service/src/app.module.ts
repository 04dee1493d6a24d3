import { type DynamicModule, Module } from '@nestjs/common';
import { productV1 } from '@acme/contracts';
import { GrpcServiceModule } from '@acme/grpc-server';
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
        // Logging, metrics, interceptors, error filter, database and registry, registered once.
        GrpcServiceModule.forRoot({
          name: 'product-service',
          version: APP_VERSION,
          config,
          migrationsFolder: MIGRATIONS_FOLDER,
          errorDomain: PRODUCT_ERROR_DOMAIN,
          healthService: productV1.ProductServiceDefinition.fullName,
        }),
      ],
      controllers: [ProductGrpcController, ImportProductsGrpcController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
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
