/** One run of the demo loader against a service at a URL: `npm run demo` and the API's start-up loading. */
import { httpTransport } from './demo-client';
import { loadDemoPortfolio, type DemoSummary } from './load-portfolio';

export async function runDemoLoad(apiUrl: string, token: string, log: (line: string) => void): Promise<DemoSummary> {
  log(`Lastar demoporteføljen inn i ${apiUrl}`);
  const summary = await loadDemoPortfolio(httpTransport(apiUrl, token, log), { log });
  log(
    `Ferdig: ${summary.focusAreas} satsingsområde, ${summary.initiatives} initiativ, ${summary.decisions} vedtak i ` +
      `vedtaksloggen; ${summary.written} skrivingar lagra, ${summary.replayed} kjende frå før.`,
  );
  return summary;
}
