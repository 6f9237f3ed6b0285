import { Module } from '@nestjs/common';
import { ReportLedger } from './report-ledger.service';
import { ReportsController } from './reports.controller';

/** Period reports (EVENT_STORE, READ_MODEL_STORE, CLOCK and APP_CONFIG come from the global modules). */
@Module({
  controllers: [ReportsController],
  providers: [ReportLedger],
})
export class ReportsModule {}
