// The docs' server-rendered Angular recipe (Angular SSR, `provideClientHydration`): the tag is
// rendered with `defer-hydration`, which keeps the element idle until Angular has hydrated it
// and bound `[headers]`; `afterNextRender`, which runs only in the browser and after that, removes
// it. Type-checked by ngc with strictTemplates (test/frameworks/angular/tsconfig.json); rendered
// by @angular/platform-server and hydrated in Chromium by test/frameworks/angular-ssr.test.ts.
import { afterNextRender, Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, EventEmitter, Input, Output, ViewChild } from '@angular/core';
// The sources, as the other browser tests import them (a user writes 'nango-connection-status').
import '../../../src/index.js';
import type { NangoConnectionStatus, ReconnectedDetail, StatusChangeDetail } from '../../../src/index.js';

@Component({
  selector: 'app-integration-status',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <nango-connection-status
      #widget
      defer-hydration
      [attr.status-url]="statusUrl"
      [attr.token-url]="tokenUrl"
      [attr.connect-ui-url]="connectUiUrl"
      api-url="http://127.0.0.1:9/api"
      timeout="3000"
      [headers]="headers"
      (statuschange)="statusChange.emit($event.detail)"
      (reconnected)="restored.emit($event.detail)"
    ></nango-connection-status>
  `,
})
export class IntegrationStatusComponent {
  @Input() statusUrl = '/api/nango/status';
  @Input() tokenUrl = '/api/nango/reconnect-token';
  @Input() connectUiUrl?: string;
  @Input() headers: Record<string, string> = {};
  @Output() statusChange = new EventEmitter<StatusChangeDetail>();
  // Not named after an event of the element: its events bubble, so a `(reconnected)` on
  // <app-integration-status> would run for the output and for the DOM event.
  @Output() restored = new EventEmitter<ReconnectedDetail>();

  @ViewChild('widget', { static: true }) private widget!: ElementRef<NangoConnectionStatus>;

  constructor() {
    // Browser only, after Angular has hydrated the view and bound [headers] and the listeners.
    afterNextRender(() => this.widget.nativeElement.removeAttribute('defer-hydration'));
  }
}
