// A server-rendered Angular page with two widgets of the docs' recipe (ssr-recipe.component.ts):
// rendered in Node by @angular/platform-server's `renderApplication` (test/frameworks/wtr-plugins.js)
// and hydrated in Chromium with `provideClientHydration` (test/frameworks/angular-ssr.test.ts),
// both zoneless and compiled just in time, from this same code.
import { Component, InjectionToken, inject, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideClientHydration } from '@angular/platform-browser';
import type { ReconnectedDetail, StatusChangeDetail } from '../../../src/index.js';
import { IntegrationStatusComponent } from './ssr-recipe.component.js';

/** What the page knows on both sides (serialisable: the server gets it as JSON). */
export interface AngularPageData {
  statusUrls: string[];
  tokenUrl: string;
  connectUiUrl: string;
  csrfToken: string;
}

/** Handlers exist only in the browser. */
export interface AngularHandlers {
  status(index: number, detail: StatusChangeDetail): void;
  reconnected(detail: ReconnectedDetail): void;
}

export const PAGE_DATA = new InjectionToken<AngularPageData>('page data');
export const HANDLERS = new InjectionToken<AngularHandlers>('handlers');

@Component({
  selector: 'app-root',
  standalone: true,
  imports: [IntegrationStatusComponent],
  template: `
    <main>
      @for (statusUrl of data.statusUrls; track statusUrl; let index = $index) {
        <app-integration-status
          [statusUrl]="statusUrl"
          [tokenUrl]="data.tokenUrl"
          [connectUiUrl]="data.connectUiUrl"
          [headers]="headers"
          (statusChange)="handlers?.status(index, $event)"
          (restored)="handlers?.reconnected($event)"
        />
      }
    </main>
  `,
})
export class AppComponent {
  protected readonly data = inject(PAGE_DATA);
  protected readonly handlers = inject(HANDLERS, { optional: true });
  protected readonly headers = { 'X-CSRF-Token': this.data.csrfToken };
}

/** The providers both sides share, as an Angular SSR app's app.config.ts. */
export function appConfig(data: AngularPageData): ApplicationConfig {
  return { providers: [provideZonelessChangeDetection(), provideClientHydration(), { provide: PAGE_DATA, useValue: data }] };
}
