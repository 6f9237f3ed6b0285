import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  ALERT_STORE,
  presentSubscription,
  WebhookAddressPolicy,
  WebhookTargetRefused,
  type AlertStore,
  type SubscriptionRecord,
} from '@followup/alerting';
import {
  APP_CONFIG,
  CLOCK,
  preferredLanguage,
  type AppConfig,
  type AuthenticatedActor,
  type Clock,
} from '@followup/platform';
import { READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { ApiError, CurrentActor, NotFoundError, Roles } from '@followup/runtime';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { CreateAlertSubscriptionDto } from './alerts.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('leader', 'admin')
@Controller('alert-subscriptions')
export class AlertSubscriptionsController {
  constructor(
    @Inject(ALERT_STORE) private readonly store: AlertStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe to the alerts of an initiative and its whole subtree (optionally by signed webhook)',
  })
  @ApiCreatedResponse({ description: 'The subscription (the secret is never returned)' })
  async create(
    @Body() body: CreateAlertSubscriptionDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    // The record of truth decides, so a subscription right after registering works while the
    // projector (production) is still catching up.
    const known =
      (await this.views.getInitiative(body.initiativeId)) !== null ||
      (await this.events.streamVersion(body.initiativeId)) > 0;
    if (!known) {
      throw new NotFoundError('InitiativeNotFound', `Initiative ${body.initiativeId} not found`);
    }
    if (body.webhookUrl) await refuseUnsafeWebhook(body.webhookUrl, this.config.security.webhookAllow);
    const subscription: SubscriptionRecord = {
      id: uuidv7(),
      initiativeId: body.initiativeId,
      owner: { sub: actor.sub, name: actor.name ?? null },
      webhookUrl: body.webhookUrl ?? null,
      secret: body.secret ?? null,
      minSeverity: body.minSeverity ?? 'info',
      createdAt: this.clock.now().toISOString(),
      ...(body.email ? { email: body.email, language: preferredLanguage(acceptLanguage) } : {}),
      ...(body.digest ? { digest: body.digest } : {}),
    };
    await this.store.insertSubscription(subscription);
    return presentSubscription(subscription);
  }

  @Get()
  @ApiOperation({ summary: "The caller's own subscriptions" })
  async list(@CurrentActor() actor: AuthenticatedActor) {
    return { items: (await this.store.listSubscriptions({ ownerSub: actor.sub })).map(presentSubscription) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a subscription (its owner, or an admin)' })
  async remove(@IdParam('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<void> {
    const subscription = await this.store.getSubscription(id);
    if (!subscription || (subscription.owner.sub !== actor.sub && !actor.roles.includes('admin'))) {
      throw new NotFoundError('SubscriptionNotFound', `Subscription ${id} not found`);
    }
    await this.store.deleteSubscription(id);
  }
}

/**
 * 422 when the webhook's host is, or resolves to, an address the notifier must not reach. A name
 * that does not resolve yet is accepted: every delivery checks it again.
 */
async function refuseUnsafeWebhook(url: string, allow: readonly string[]): Promise<void> {
  try {
    await new WebhookAddressPolicy(allow).vet(url);
  } catch (error) {
    if (!(error instanceof WebhookTargetRefused) || error.unresolved) return;
    const message = `webhookUrl is not allowed: ${error.message}`;
    throw new ApiError(422, message, { code: 'WebhookTargetRefused', details: [{ field: 'webhookUrl', message }] });
  }
}
