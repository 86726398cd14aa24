import { afterNextRender, Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, Input, ViewChild } from '@angular/core';
import 'nango-connection-status';
import type { NangoConnectionStatus, ReconnectedDetail, StatusChangeDetail } from 'nango-connection-status';

@Component({
  selector: 'app-integration-status',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <nango-connection-status
      #widget
      defer-hydration
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
  @ViewChild('widget', { static: true }) private widget!: ElementRef<NangoConnectionStatus>;

  constructor() {
    // Browser only, after hydration has bound [headers] and the listeners.
    afterNextRender(() => this.widget.nativeElement.removeAttribute('defer-hydration'));
  }

  onStatusChange(event: CustomEvent<StatusChangeDetail>) {
    console.log(event.detail.status);
  }

  onReconnected(event: CustomEvent<ReconnectedDetail>) {
    console.log('back:', event.detail.connectionId);
  }
}
