import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProductImporter } from './product-importer.service';
import { ProductsController } from './products.controller';
import { StockStreams } from './stock-streams.service';

@Module({
  imports: [AuthModule],
  controllers: [ProductsController],
  providers: [StockStreams, ProductImporter],
})
export class ProductsModule {}
