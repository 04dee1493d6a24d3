import { Controller } from '@nestjs/common';
import { orderV1 } from '@acme/contracts';
import { CancelOrderUseCase } from '../application/cancel-order/cancel-order.use-case';
import { CreateOrderUseCase } from '../application/create-order/create-order.use-case';
import { GetOrderUseCase } from '../application/get-order/get-order.use-case';
import { ListOrdersUseCase } from '../application/list-orders/list-orders.use-case';
import { OrderMapper } from './order.mapper';
import { OrderRequestMapper } from './order-request.mapper';

/** acme.order.v1.OrderService: validates, delegates to one use case per RPC, maps the result. */
@Controller()
@orderV1.OrderServiceControllerMethods()
export class OrderGrpcController implements orderV1.OrderServiceController {
  constructor(
    private readonly createOrderUseCase: CreateOrderUseCase,
    private readonly getOrderUseCase: GetOrderUseCase,
    private readonly listOrdersUseCase: ListOrdersUseCase,
    private readonly cancelOrderUseCase: CancelOrderUseCase,
  ) {}

  async createOrder(request: orderV1.CreateOrderRequest): Promise<orderV1.CreateOrderResponse> {
    const order = await this.createOrderUseCase.execute(OrderRequestMapper.toCreateOrderCommand(request));
    return { order: OrderMapper.toMessage(order) };
  }

  async getOrder(request: orderV1.GetOrderRequest): Promise<orderV1.GetOrderResponse> {
    const order = await this.getOrderUseCase.execute(OrderRequestMapper.toOrderRef(request));
    return { order: OrderMapper.toMessage(order) };
  }

  async listOrders(request: orderV1.ListOrdersRequest): Promise<orderV1.ListOrdersResponse> {
    const page = await this.listOrdersUseCase.execute(OrderRequestMapper.toListOrdersQuery(request));
    return { orders: page.orders.map(OrderMapper.toMessage), nextPageToken: page.nextPageToken };
  }

  async cancelOrder(request: orderV1.CancelOrderRequest): Promise<orderV1.CancelOrderResponse> {
    const order = await this.cancelOrderUseCase.execute(OrderRequestMapper.toOrderRef(request));
    return { order: OrderMapper.toMessage(order) };
  }
}
