import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedActor } from '@followup/platform';
import { READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { CurrentActor, NotFoundError, Roles } from '@followup/runtime';
import { decodeOffset, encodeOffset } from '../paging/page-query';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { reportDocument } from './report-document';
import {
  REPORT_CSV_CONTENT_TYPE,
  REPORT_HTML_CONTENT_TYPE,
  reportCsv,
  reportHtml,
  XLSX_CONTENT_TYPE,
} from './report-formats';
import { ReportLedger, type StoredReport } from './report-ledger.service';
import { reportWorkbook } from './report-workbook';
import {
  CompileReportRequest,
  ListReportsQuery,
  ReportFormatQuery,
  ReviseReportCommentaryRequest,
  type ReportFormat,
} from './reports.dto';

const DEFAULT_LIMIT = 50;

/** Period reports to leadership and the political level: compiled, frozen in the ledger, approved, downloaded. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportLedger,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
  ) {}

  @Post()
  @Roles('caseworker', 'leader', 'admin')
  @ApiOperation({ summary: 'Compile and freeze a period report of an initiative and its subtree' })
  @ApiCreatedResponse({ description: 'The report, as GET /reports/{id} answers it' })
  async compile(
    @Body() body: CompileReportRequest,
    @CurrentActor() actor: AuthenticatedActor,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.reports.compile(body, actor);
    return this.send(reply.code(201), report);
  }

  @Get()
  @Roles('caseworker', 'leader', 'auditor', 'admin')
  @ApiOperation({ summary: 'Reports, newest first; of one root initiative with ?rootInitiativeId=' })
  async list(@Query() query: ListReportsQuery) {
    if (query.rootInitiativeId && !(await this.views.getInitiative(query.rootInitiativeId))) {
      throw new NotFoundError('InitiativeNotFound', `Initiative ${query.rootInitiativeId} not found`, [
        { field: 'rootInitiativeId', message: 'no such initiative' },
      ]);
    }
    const all = await this.reports.list(query.rootInitiativeId);
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const more = offset + limit < all.length;
    return { items: all.slice(offset, offset + limit), ...(more ? { nextCursor: encodeOffset(offset + limit) } : {}) };
  }

  @Get(':id')
  @Roles('caseworker', 'leader', 'auditor', 'admin')
  @ApiOperation({
    summary: 'One report: JSON, or ?format=csv, xlsx (a workbook, a sheet per part) or html (printable)',
  })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE, 'text/html')
  async get(@IdParam('id') id: string, @Query() query: ReportFormatQuery, @Res() reply: FastifyReply) {
    return this.send(reply, await this.reports.get(id), query.format ?? 'json');
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('leader', 'admin')
  @ApiOperation({ summary: 'Sign the report off; an approved report never changes (409 ReportApproved)' })
  async approve(@IdParam('id') id: string, @CurrentActor() actor: AuthenticatedActor) {
    return reportDocument(await this.reports.approve(id, actor));
  }

  @Patch(':id')
  @Roles('caseworker', 'leader', 'admin')
  @ApiOperation({ summary: 'Replace the commentary of a report not yet approved (409 ReportApproved after)' })
  async revise(
    @IdParam('id') id: string,
    @Body() body: ReviseReportCommentaryRequest,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return reportDocument(await this.reports.reviseCommentary(id, body.commentary, actor));
  }

  private async send(reply: FastifyReply, report: StoredReport, format: ReportFormat = 'json'): Promise<FastifyReply> {
    const document = reportDocument(report);
    const name = `report-${document.period.label.replace(/[^A-Za-z0-9_-]/g, '_')}-${document.id}`;
    reply.header('ETag', `"${report.version}"`);
    if (format === 'csv') return reply.type(REPORT_CSV_CONTENT_TYPE).send(reportCsv(document));
    if (format === 'html') return reply.type(REPORT_HTML_CONTENT_TYPE).send(reportHtml(document));
    if (format === 'xlsx') {
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('Content-Disposition', `attachment; filename="${name}.xlsx"`)
        .send(await reportWorkbook(document));
    }
    return reply.send(document);
  }
}
