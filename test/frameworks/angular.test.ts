// The real element inside an Angular 20 app: test/frameworks/angular/integration-status.component.ts
// (the README's recipe, with CUSTOM_ELEMENTS_SCHEMA; also type-checked by ngc with strictTemplates),
// compiled just in time here and run zoneless, as a new Angular app does.
import '@angular/compiler';
import { expect, waitUntil } from '@open-wc/testing';
import { createComponent, provideZonelessChangeDetection, type ApplicationRef, type ComponentRef } from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import '../../src/index.js';
import type { NangoConnectionStatus } from '../../src/index.js';
import { connectStep, connectUiFrames, connectUiUrl, scenario, scriptedToken, untilStatus } from '../support/fixtures.js';
import { IntegrationStatusComponent } from './angular/integration-status.component.js';

let app: ApplicationRef | undefined;
let component: ComponentRef<IntegrationStatusComponent> | undefined;
let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  component?.destroy();
  app?.destroy();
  app = component = undefined;
  container.remove();
  for (const frame of connectUiFrames()) frame.remove();
});

describe('in an Angular 20 app', () => {
  let logged: string[];
  const original = { error: console.error, warn: console.warn };
  beforeEach(() => {
    logged = [];
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    console.warn = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  });
  afterEach(() => Object.assign(console, original));

  it('binds [headers] as a property and (statuschange)/(reconnected) as listeners with typed $event', async () => {
    const status = await scenario({ json: { status: 'invalid', provider: 'github' } }, { json: { status: 'valid' } });
    const token = await scenario({ json: { sessionToken: scriptedToken(connectStep, { wait: 50 }, { type: 'close' }) } });
    const connectUi = await connectUiUrl();
    app = await createApplication({ providers: [provideZonelessChangeDetection()] });
    // Created, bound and checked in one task, as Angular renders a view.
    component = createComponent(IntegrationStatusComponent, { environmentInjector: app.injector, hostElement: container });
    component.setInput('statusUrl', status.url);
    component.setInput('tokenUrl', token.url);
    component.setInput('connectUiUrl', connectUi);
    component.setInput('headers', { 'X-CSRF-Token': 'from-angular' });
    app.attachView(component.hostView);
    component.changeDetectorRef.detectChanges();

    const el = container.querySelector('nango-connection-status') as NangoConnectionStatus;
    expect(el instanceof customElements.get('nango-connection-status')!, 'the element is the registered class').to.be.true;
    expect(el.headers).to.deep.equal({ 'X-CSRF-Token': 'from-angular' });
    expect(el.timeout, 'timeout="3000" is an attribute').to.equal(3000);
    await untilStatus(el, 'invalid');
    const requests = await status.requests();
    expect(requests, 'one status request').to.have.length(1);
    expect(requests[0].headers['x-csrf-token']).to.equal('from-angular');
    expect(component.instance.statuses).to.include('invalid');

    el.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => component!.instance.reconnected.length > 0, '(reconnected) should run', { timeout: 8000 });
    expect(component.instance.reconnected).to.deep.equal([{ connectionId: 'conn-1', providerConfigKey: 'github' }]);
    expect(component.instance.statuses.at(-1)).to.equal('valid');
    expect(logged, 'nothing on the console').to.deep.equal([]);
  });
});
