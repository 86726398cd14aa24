// The README's Angular recipe, as written there (checked by ngc with strictTemplates).
import { Component, CUSTOM_ELEMENTS_SCHEMA, Input } from '@angular/core';
import 'nango-connection-status';
import type { ReconnectedDetail, StatusChangeDetail } from 'nango-connection-status';

@Component({
  selector: 'app-integration-status',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <nango-connection-status
      status-url="/api/nango/status"
      token-url="/api/nango/reconnect-token"
      [headers]="headers"
      (statuschange)="onStatusChange($event)"
      (reconnected)="onReconnected($event)"
    ></nango-connection-status>
  `,
})
export class IntegrationStatusComponent {
  @Input() headers: Record<string, string> = {};
  onStatusChange(event: CustomEvent<StatusChangeDetail>) {
    console.log(event.detail.status);
  }
  onReconnected(event: CustomEvent<ReconnectedDetail>) {
    console.log('back:', event.detail.connectionId);
  }
}
