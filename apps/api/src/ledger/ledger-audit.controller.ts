import { Readable } from 'node:stream';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, exportLedger, verifyLedger, type EventStore, type ExportItem } from '@followup/event-store';
import { CLOCK, type Clock } from '@followup/platform';
import { ApiError, Roles } from '@followup/runtime';
import { CSV_CONTENT_TYPE, csvHeader, csvLine, NDJSON_CONTENT_TYPE, ndjsonLine } from './export-format';
import { LedgerDigestService } from './ledger-digest.service';
import { ExportLedgerQuery, VerifyLedgerQuery } from './ledger-queries.dto';
import { RecordsAuditReads } from '../access-log/audit-read-recorder';

/** Text is handed to the response in chunks of about this size, not line by line. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Tamper evidence (docs/api.md, "Queries"): the ledger digest, verification of every hash chain
 * (and of a digest saved earlier), and the streamed, verifiable export.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'admin')
@RecordsAuditReads()
@Controller('audit')
export class LedgerAuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly digests: LedgerDigestService,
  ) {}

  @Get('digest')
  @ApiOperation({
    summary: 'The ledger digest: a Merkle root over every stream head, with the position it covers',
    description:
      'Save the `digest` string outside this system; GET /audit/verify?digest=<it> later proves that the history it covers is unchanged.',
  })
  @ApiOkResponse({ description: '{ digest: "v1:<position>:<root>", position, root, streams, at }' })
  async digest() {
    const current = await this.digests.current();
    return {
      ...current,
      algorithm: 'sha256, RFC 6962 Merkle tree over stream heads',
      at: this.clock.now().toISOString(),
    };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute every event hash and chain link; with ?digest=, also prove a saved digest',
    description:
      'Answers { ok, checkedEvents, brokenEvents, head: { position, digest, streams }, firstBroken? }; firstBroken names the first ' +
      'event that fails (eventId, streamId, streamVersion, position, reason, detail). With digest: also { digest, recomputed, ' +
      'coveredPosition, digestMatches, detail }.',
  })
  @ApiOkResponse({ description: '{ ok, checkedEvents, head, firstBroken? } (and the digest comparison with ?digest=)' })
  async verify(@Query() query: VerifyLedgerQuery) {
    const result = await verifyLedger(this.events, query.digest !== undefined ? { digest: query.digest } : {});
    const base = {
      ok: result.ok,
      checkedEvents: result.checkedEvents,
      brokenEvents: result.brokenEvents,
      head: result.head,
      ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}),
      verifiedAt: this.clock.now().toISOString(),
    };
    if (!result.digestCheck) return base;
    const { digest, recomputed, coveredPosition, matches, detail } = result.digestCheck;
    return { ...base, digest, recomputed, coveredPosition, digestMatches: matches, detail };
  }

  @Get('export')
  @ApiOperation({
    summary: 'Streamed export of the events recorded in [from, to), with the digest needed to verify it',
    description:
      'NDJSON (default): one canonical event envelope per line, then {"type":"ledgerDigest",...}. CSV: header, one row per event, ' +
      'then a row of type ledgerDigest whose data column holds the same record. See docs/verifying-an-export.md.',
  })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({
    description:
      'The export, streamed; its last record (type ledgerDigest) carries the digest and stream heads to verify it',
    content: {
      'application/x-ndjson': {
        schema: { type: 'string', description: 'one canonical event envelope per line, then the ledgerDigest line' },
      },
      'text/csv': {
        schema: { type: 'string', description: 'header, one row per event, then a row of type ledgerDigest' },
      },
    },
  })
  async export(@Query() query: ExportLedgerQuery, @Res() reply: FastifyReply): Promise<void> {
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new ApiError(400, 'Invalid request: to', {
        code: 'ValidationFailed',
        details: [{ field: 'to', message: 'to must be after from' }],
      });
    }
    const format = query.format ?? 'ndjson';
    const chunks = exportChunks(
      exportLedger(this.events, {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
        ...(query.upToPosition !== undefined ? { upToPosition: query.upToPosition } : {}),
      }),
      format === 'csv' ? csvLine : ndjsonLine,
      format === 'csv' ? csvHeader() : '',
    );
    // The first chunk is produced before the status line goes out, so a store that fails at
    // once gives a proper error answer rather than a truncated 200.
    const first = await chunks.next();
    const body = Readable.from(prepend(first, chunks), { objectMode: false });
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    void reply
      .status(200)
      .header('Content-Type', format === 'csv' ? CSV_CONTENT_TYPE : NDJSON_CONTENT_TYPE)
      .header('Content-Disposition', `attachment; filename="ledger-export-${stamp}.${format}"`)
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }
}

/** Formats export items into text chunks of about CHUNK_BYTES, pulling items only as the client reads. */
async function* exportChunks(
  items: AsyncGenerator<ExportItem>,
  format: (item: ExportItem) => string,
  header: string,
): AsyncGenerator<string> {
  let buffer = header;
  try {
    for await (const item of items) {
      buffer += format(item);
      if (buffer.length >= CHUNK_BYTES) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  } finally {
    // A client that went away ends the walk through the store.
    await items.return(undefined);
  }
}

async function* prepend(first: IteratorResult<string>, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  try {
    if (first.done) return;
    yield first.value;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}
