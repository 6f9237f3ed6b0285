import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@followup/runtime';
import { RecordMeasurementDto } from '../initiatives/dto/goal.dto';

/**
 * The ceiling the benchmark compares writes with: the same Fastify stack, bearer-token guard and
 * validated measurement body as `POST .../measurements`, and nothing behind it. Registered only
 * when BENCH_NOOP=true (`npm run bench`); never part of the API.
 */
@ApiExcludeController()
@Roles('caseworker', 'admin')
@Controller('bench')
export class BenchNoopController {
  @Post('noop')
  @HttpCode(201)
  noop(@Body() body: RecordMeasurementDto): { value: number } {
    return { value: body.value };
  }
}

/** BENCH_NOOP=true (AppConfig.benchNoop) adds the no-op route (benchmarks only). */
export const benchControllers = (benchNoop: boolean) => (benchNoop ? [BenchNoopController] : []);
