// The server half of test/frameworks/angular-ssr.test.ts, as an Angular SSR app's main.server.ts
// and server.ts: `renderApplication` from @angular/platform-server, compiled just in time (hence
// @angular/compiler first). Loaded in Node by test/frameworks/wtr-plugins.js in one tsx import,
// so that every module here shares one copy of @angular/core.
import '@angular/compiler';
import { bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { AppComponent, appConfig, type AngularPageData } from './ssr-app.js';

/** The page's HTML, as Angular's server renders it for `http://localhost/`. */
export function renderPage(data: AngularPageData): Promise<string> {
  const config = appConfig(data);
  const bootstrap = (context: BootstrapContext) => bootstrapApplication(AppComponent, { providers: [...config.providers, provideServerRendering()] }, context);
  return renderApplication(bootstrap, {
    document: '<!doctype html><html><head></head><body><app-root></app-root></body></html>',
    url: 'http://localhost/',
    allowedHosts: ['localhost'],
  });
}
