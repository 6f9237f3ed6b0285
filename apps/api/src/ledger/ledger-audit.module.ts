import { Module } from '@nestjs/common';
import { LedgerAuditController } from './ledger-audit.controller';
import { LedgerDigestService } from './ledger-digest.service';

/**
 * Tamper evidence: GET /audit/digest, /audit/verify and /audit/export
 * (EVENT_STORE and CLOCK come from the global modules).
 */
@Module({
  controllers: [LedgerAuditController],
  providers: [LedgerDigestService],
})
export class LedgerAuditModule {}
