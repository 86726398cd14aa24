// The README's Angular recipe as a standalone component: type-checked by Angular's compiler with
// strictTemplates (`ngc -p test/frameworks/angular/tsconfig.json`, run by npm test), and compiled
// just in time in Chromium by test/frameworks/angular.test.ts. With strictTemplates,
// `$event` of `(reconnected)` is the element's `CustomEvent<ReconnectedDetail>`: Angular types a
// DOM event from `HTMLElementEventMap`, which importing the package extends.
import { Component, CUSTOM_ELEMENTS_SCHEMA, Input } from '@angular/core';
// The sources, as the other browser tests import them (readme-recipe.component.ts imports the package by name).
import '../../../src/index.js';
import type { ConnectionStatus, ReconnectedDetail, StatusChangeDetail } from '../../../src/index.js';

@Component({
  selector: 'app-integration-status',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <nango-connection-status
      [statusUrl]="statusUrl"
      [tokenUrl]="tokenUrl"
      [connectUiUrl]="connectUiUrl"
      api-url="http://127.0.0.1:9/api"
      timeout="3000"
      [headers]="headers"
      (statuschange)="onStatusChange($event)"
      (reconnected)="onReconnected($event)"
    ></nango-connection-status>
  `,
})
export class IntegrationStatusComponent {
  @Input() statusUrl = '/api/nango/status';
  @Input() tokenUrl = '/api/nango/reconnect-token';
  @Input() connectUiUrl?: string;
  @Input() headers: Record<string, string> = {};
  statuses: ConnectionStatus[] = [];
  reconnected: ReconnectedDetail[] = [];

  onStatusChange(event: CustomEvent<StatusChangeDetail>) {
    this.statuses.push(event.detail.status);
  }

  onReconnected(event: CustomEvent<ReconnectedDetail>) {
    this.reconnected.push(event.detail);
  }
}
