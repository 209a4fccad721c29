import { type DynamicModule, Module } from "@nestjs/common";
import { CallImportsController } from "./call-imports.controller.ts";
import { CallNotesController } from "./call-notes.controller.ts";
import { CtiEventsController } from "./cti-events.controller.ts";
import type { PhoneConfig } from "./phone.config.ts";
import { PHONE_CHANNEL, PHONE_CONFIG, PHONE_IDENTITY_SECRET } from "./phone.tokens.ts";
import { type PhoneChannelDeps, phoneChannel } from "./phone-channel.ts";

@Module({})
class PhoneModule {}

/** HTTP edge of the phone channel: call-log upload, CTI webhook, agents' call notes. */
export function phoneModule(config: PhoneConfig, deps: PhoneChannelDeps, identitySecret: string): DynamicModule {
  return {
    module: PhoneModule,
    controllers: [CallImportsController, CtiEventsController, CallNotesController],
    providers: [
      { provide: PHONE_CHANNEL, useValue: phoneChannel(config, deps) },
      { provide: PHONE_CONFIG, useValue: config },
      { provide: PHONE_IDENTITY_SECRET, useValue: identitySecret },
    ],
  };
}
