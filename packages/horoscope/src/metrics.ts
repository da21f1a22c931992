import { Counter, type Registry } from 'prom-client';
import type { ExternalSource } from './providers.js';

/**
 * horoscope_external_texts_total{source="memory|shared|api"}: where the external provider's texts came from. The
 * shared hit rate (shared / (shared + api)) is what Redis saves in calls to the paid API across instances.
 */
export function registerHoroscopeMetrics(registry: Registry, provider: { stats(): Record<ExternalSource, number> }): void {
  new Counter({
    name: 'horoscope_external_texts_total',
    help: 'External horoscope texts served, by where they came from (this process, the shared store, the API)',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      const stats = provider.stats();
      this.reset();
      for (const source of Object.keys(stats) as ExternalSource[]) this.inc({ source }, stats[source]);
    },
  });
}
