import { Command } from 'commander';
import { loadDomains } from '../domains.js';
import { printJson, println } from '../output.js';

/** `zpbench list`: domains with their modes, models, metrics and claims. */
export function createListCommand(): Command {
  return new Command('list')
    .description('List the benchmark domains with their modes, models, metrics and claims.')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  $ zpbench list --json')
    .action(async (flags: { json?: boolean }) => {
      const domains = (await loadDomains()).map(({ plugin }) => ({
        id: plugin.id,
        title: plugin.title,
        modes: Object.values(plugin.modes).map((m) => ({
          id: m.id,
          seeds: m.seeds,
          description: m.description,
        })),
        models: plugin.models.map((m) => ({ id: m.id, role: m.role, label: m.label })),
        metrics: plugin.metrics.map((m) => ({
          key: m.key,
          direction: m.direction,
          unit: m.unit,
          subset: m.subset,
        })),
        claims: plugin.claims.map((c) => ({
          id: c.id,
          kind: c.kind,
          metric: c.metric,
          required: c.required,
        })),
      }));
      if (flags.json) return printJson({ domains });
      for (const d of domains) {
        println(`${d.id}: ${d.title}`);
        println(`  modes:   ${d.modes.map((m) => `${m.id} (${m.seeds.length} seeds)`).join(', ')}`);
        println(`  models:  ${d.models.map((m) => `${m.id} [${m.role}]`).join(', ')}`);
        println(`  metrics: ${d.metrics.map((m) => `${m.key} (${m.direction})`).join(', ')}`);
        println(`  claims:  ${d.claims.map((c) => `${c.id} [${c.kind}]`).join(', ')}`);
      }
    });
}
