import { Controller, Get, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from '../common/fastify.types';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ORDER_CLIENT, type OrderClient } from '../clients/backend-clients';
import { ApiIdParam, IdParam } from '../common/id.params';
import { PageQuery } from '../common/page.query';
import { present } from '../common/present';
import { ApiProblemResponses } from '../errors/api-problem-responses.decorator';
import { CreateOrderRequest } from './dto/create-order.request';
import { OrderPageResponse } from './dto/order-page.response';
import { OrderResponse } from './dto/order.response';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from './idempotency-key';
import { toCreateOrderMessage, toOrderPageResponse, toOrderResponse } from './order.mapper';
import { ValidBody, ValidQuery } from '../validation/validated-params';

/** `/v1/orders`: the caller's orders, over OrderService. Another user's order is a 404. */
@ApiTags('orders')
@ApiProblemResponses()
@Authenticated()
@Controller('v1/orders')
export class OrdersController {
  constructor(@Inject(ORDER_CLIENT) private readonly orders: OrderClient) {}

  @Post()
  @ApiOperation({ summary: 'Place an order; stock is reserved or nothing is' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely: the same key and body return the same order' })
  @ApiCreatedResponse({ type: OrderResponse })
  async create(
    @ValidBody() body: CreateOrderRequest,
    @CurrentUser() caller: AuthenticatedUser,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const { order } = await this.orders.createOrder(toCreateOrderMessage(body, caller.userId, idempotencyKeyOf(idempotencyKey)));
    const created = toOrderResponse(present(order, 'order'));
    reply.header('location', `/v1/orders/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: "The caller's orders, newest first" })
  @ApiOkResponse({ type: OrderPageResponse })
  async list(@ValidQuery() query: PageQuery, @CurrentUser() caller: AuthenticatedUser): Promise<OrderPageResponse> {
    const page = await this.orders.listOrders({ userId: caller.userId, pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' });
    return toOrderPageResponse(page);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of the caller’s orders' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiIdParam()
  async get(@IdParam() id: string, @CurrentUser() caller: AuthenticatedUser): Promise<OrderResponse> {
    const { order } = await this.orders.getOrder({ id, userId: caller.userId });
    return toOrderResponse(present(order, 'order'));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order and release its stock; repeating it is harmless' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiIdParam()
  async cancel(@IdParam() id: string, @CurrentUser() caller: AuthenticatedUser): Promise<OrderResponse> {
    const { order } = await this.orders.cancelOrder({ id, userId: caller.userId });
    return toOrderResponse(present(order, 'order'));
  }
}
