import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from '../common/fastify.types';
import { Authenticated } from '../auth/authenticated.decorator';
import { PRODUCT_CLIENT, type ProductClient } from '../clients/backend-clients';
import { ApiIdParam, IdParam } from '../common/id.params';
import { PageQuery } from '../common/page.query';
import { present } from '../common/present';
import { StreamingRoute } from '../deadline/streaming-route.decorator';
import { ApiProblemResponses } from '../errors/api-problem-responses.decorator';
import { unsupportedMediaType } from '../errors/edge-errors';
import { CreateProductRequest } from './dto/create-product.request';
import { ImportResultResponse } from './dto/import-result.response';
import { ProductPageResponse } from './dto/product-page.response';
import { ProductResponse } from './dto/product.response';
import { StockEventData } from './dto/stock-event.data';
import { NDJSON_CONTENT_TYPE } from './ndjson-body.parser';
import { ProductImporter } from './product-importer.service';
import { toCreateProductMessage, toProductPageResponse, toProductResponse } from './product.mapper';
import { StockStreams } from './stock-streams.service';
import { ValidBody, ValidQuery } from '../validation/validated-params';

/** Route of the NDJSON import, the one route that takes a streamed body. */
export const IMPORT_ROUTE = '/v1/products/import';

/** `/v1/products`: the catalogue, stock events and bulk import, over ProductService. */
@ApiTags('products')
@ApiProblemResponses()
@Controller('v1/products')
export class ProductsController {
  constructor(
    @Inject(PRODUCT_CLIENT) private readonly products: ProductClient,
    @Inject(StockStreams) private readonly stockStreams: StockStreams,
    @Inject(ProductImporter) private readonly importer: ProductImporter,
  ) {}

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Create a product' })
  @ApiCreatedResponse({ type: ProductResponse })
  async create(@ValidBody() body: CreateProductRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductResponse> {
    const { product } = await this.products.createProduct(toCreateProductMessage(body));
    const created = toProductResponse(present(product, 'product'));
    reply.header('location', `/v1/products/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'Page through the catalogue' })
  @ApiOkResponse({ type: ProductPageResponse })
  async list(@ValidQuery() query: PageQuery): Promise<ProductPageResponse> {
    return toProductPageResponse(await this.products.listProducts({ pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' }));
  }

  @Post('import')
  @HttpCode(200)
  @Authenticated()
  @StreamingRoute()
  @ApiOperation({ summary: 'Create products from NDJSON, one product per line, streamed' })
  @ApiConsumes(NDJSON_CONTENT_TYPE)
  @ApiBody({ description: 'One CreateProductRequest JSON object per line', schema: { type: 'string' } })
  @ApiOkResponse({ type: ImportResultResponse })
  importProducts(@Req() request: FastifyRequest): Promise<ImportResultResponse> {
    const body = request.body;
    if (!(body instanceof Readable)) throw unsupportedMediaType(request.headers['content-type'], NDJSON_CONTENT_TYPE);
    return this.importer.import(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A product by id' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiIdParam()
  async get(@IdParam() id: string): Promise<ProductResponse> {
    const { product } = await this.products.getProduct({ id });
    return toProductResponse(present(product, 'product'));
  }

  @Get(':id/stock/stream')
  @StreamingRoute()
  @ApiOperation({
    summary: 'Stock of a product as server-sent events',
    description: '`event: stock` with the current stock first, then one per change; a `: heartbeat` comment every 15 s.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: StockEventData, description: 'The `data` of each `stock` event' })
  @ApiIdParam()
  streamStock(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.stockStreams.stream(id, request.headers, reply);
  }
}
