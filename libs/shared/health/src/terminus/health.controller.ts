import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { GATEWAY_HEALTH_CHECKS, type GatewayHealthChecks } from './gateway-health.options';

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (downstream services and
 * the registry), in Terminus' format; 503 when a check is down or the app is shutting down.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(GATEWAY_HEALTH_CHECKS) private readonly checks: GatewayHealthChecks,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check(this.checks.liveness);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.checks.readiness);
  }
}
