import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Metrics } from './metrics.service';

/**
 * `GET /metrics` inside an HTTP app (the gateway). With a global prefix, exclude `metrics` from
 * it (`app.setGlobalPrefix('v1', { exclude: ['metrics'] })`) so Prometheus finds it at /metrics.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
