import { type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import { Controller, Logger } from '@nestjs/common';
import { GrpcStreamCall } from '@nestjs/microservices';
import { productV1 } from '@acme/contracts';
import { toDomainError, toGrpcErrorPayload } from '@acme/errors';
import { type ImportLine, ImportProductsUseCase } from '../application/import-products/import-products.use-case';
import { PRODUCT_ERROR_DOMAIN } from '../domain/product.errors';
import { toImportLine, toImportProductsResponse } from './product.mapper';

type ImportCall = ServerReadableStream<productV1.ImportProductsRequest, productV1.ImportProductsResponse>;

/**
 * ImportProducts (client stream) on the raw grpc-js call. `for await` pulls one message at a
 * time from the call's readable side, so while a batch is being stored nothing more is read
 * and HTTP/2 flow control stops the sender: memory holds a batch, not the upload. (Nest's
 * GrpcStreamMethod would push every message into an RxJS subject as fast as it arrives.)
 */
@Controller()
export class ImportProductsGrpcController {
  private readonly logger = new Logger(ImportProductsGrpcController.name);

  constructor(private readonly importProductsUseCase: ImportProductsUseCase) {}

  @GrpcStreamCall(productV1.PRODUCT_SERVICE_NAME, 'ImportProducts')
  async importProducts(call: ImportCall, callback: sendUnaryData<productV1.ImportProductsResponse>): Promise<void> {
    try {
      const report = await this.importProductsUseCase.execute(importLines(call));
      callback(null, toImportProductsResponse(report));
    } catch (exception) {
      // A GrpcStreamCall handler answers through `callback` only: Nest's exception filters
      // cannot reach it, so the error is mapped here the way GrpcExceptionFilter maps it.
      const { error, expected } = toDomainError(exception, PRODUCT_ERROR_DOMAIN);
      if (!expected && !call.cancelled) this.logger.error({ err: exception, method: call.getPath() }, 'unexpected error in gRPC handler');
      callback(toGrpcErrorPayload(error));
    }
  }
}

async function* importLines(call: AsyncIterable<productV1.ImportProductsRequest>): AsyncGenerator<ImportLine> {
  let position = 0;
  for await (const request of call) yield toImportLine(request, ++position);
}
