import { DynamicModule, Module } from '@nestjs/common';
import { AlertingModule } from '@followup/runtime';
import { AlertSubscriptionsController } from './alert-subscriptions.controller';
import { AlertsController } from './alerts.controller';

/**
 * The alerts endpoints. With `engine` (the embedded pipeline) the notifier runs in this
 * process too; otherwise apps/notifier does the work and this reads the shared store.
 */
@Module({})
export class AlertsHttpModule {
  static forRoot(options: { readonly engine: boolean }): DynamicModule {
    return {
      module: AlertsHttpModule,
      imports: [AlertingModule.forRoot({ engine: options.engine })],
      controllers: [AlertsController, AlertSubscriptionsController],
    };
  }
}
