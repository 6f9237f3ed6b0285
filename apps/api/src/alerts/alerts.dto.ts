import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import {
  ALERT_RULES,
  ALERT_STATUSES,
  SEVERITIES,
  SUBSCRIPTION_DIGESTS,
  type SubscriptionDigest,
  type AlertRule,
  type AlertStatus,
  type Severity,
} from '@followup/alerting';
import { EnumField, IdField, TextField } from '@followup/runtime';
import { CURSORS, PageQuery } from '../paging/page-query';

const LIST_STATUSES = [...ALERT_STATUSES, 'unresolved'] as const;

export class ListAlertsQuery extends PageQuery(50, 200, CURSORS.instantAndId) {
  @EnumField(LIST_STATUSES, { optional: true, description: '`unresolved`: open or acknowledged' })
  status?: AlertStatus | 'unresolved';

  @IdField({ optional: true, description: 'Alerts of this initiative and of everything beneath it' })
  initiativeId?: string;

  @EnumField(ALERT_RULES, { optional: true })
  rule?: AlertRule;

  @EnumField(SEVERITIES, { optional: true })
  severity?: Severity;
}

export class AlertStreamQuery {
  @IdField({ optional: true, description: 'Only alerts of this initiative and of everything beneath it' })
  initiativeId?: string;

  @EnumField(SEVERITIES, { optional: true, description: 'Only alerts of at least this severity' })
  minSeverity?: Severity;
}

export class AcknowledgeAlertDto {
  @TextField(2000, { description: 'What is being done about it' })
  comment!: string;

  @IdField({ optional: true, description: 'The follow-up decision that answers the alert' })
  decisionId?: string;
}

// A host name whose last label starts with a letter (else URL parsing reads it as an IPv4 number), or IPv4.
const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const HOST = `((${LABEL}\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?|(${OCTET}\\.){3}${OCTET})`;
const PORT = '(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})';
/**
 * The documented form of a webhook URL: http(s), a host name or dotted IPv4 address, a port, a path and a query.
 * Other absolute http(s) URLs (IPv6, numeric or octal hosts) pass validation but are refused with 422 as targets.
 */
export const WEBHOOK_URL = new RegExp(
  `^https?://${HOST}(:${PORT})?(/[A-Za-z0-9._~%!$&'()*+,;=:@-]*)*(\\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$`,
);

/** An absolute http(s) URL without credentials in it. */
const IsHttpUrl = () =>
  ValidateBy({
    name: 'isHttpUrl',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || value.length > 2000) return false;
        try {
          const url = new URL(value);
          return (
            (url.protocol === 'http:' || url.protocol === 'https:') &&
            url.hostname !== '' &&
            !url.username &&
            !url.password
          );
        } catch {
          return false;
        }
      },
      defaultMessage: () => '$property must be an absolute http or https URL without credentials',
    },
  });

export class CreateAlertSubscriptionDto {
  @IdField({ description: 'The focus area or programme (or any initiative): alerts of its whole subtree' })
  initiativeId!: string;

  @ValidateIf((o: CreateAlertSubscriptionDto, v) => v !== undefined || o.secret !== undefined)
  @IsDefined({ message: 'webhookUrl is required with secret' })
  @IsHttpUrl()
  @ApiPropertyOptional({
    type: String,
    maxLength: 2000,
    pattern: WEBHOOK_URL.source,
    description: 'Where notifications are POSTed; addresses outside this pattern may be refused (400 or 422)',
    example: 'https://example.org/hooks/followup',
  })
  webhookUrl?: string;

  @ValidateIf((o: CreateAlertSubscriptionDto, v) => v !== undefined || o.webhookUrl !== undefined)
  @IsDefined({ message: 'secret is required with webhookUrl' })
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  @ApiPropertyOptional({
    type: String,
    minLength: 16,
    description: 'HMAC-SHA256 key for X-Followup-Signature; required with webhookUrl',
  })
  secret?: string;

  @EnumField(SEVERITIES, { optional: true, description: 'Only alerts of at least this severity (default info)' })
  minSeverity?: Severity;

  @ValidateIf((o: CreateAlertSubscriptionDto, v) => v !== undefined || o.digest !== undefined)
  @IsDefined({ message: 'email is required with digest' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  @ApiPropertyOptional({
    type: String,
    format: 'email',
    maxLength: 320,
    description: 'Where alert e-mail goes: one message per alert group (or a weekly digest); needs SMTP_URL',
    example: 'leiar@fylke.no',
  })
  email?: string;

  @EnumField(SUBSCRIPTION_DIGESTS, {
    optional: true,
    description: '`weekly`: one e-mail a week with the alerts of that week instead of one per alert group',
  })
  digest?: SubscriptionDigest;
}
