// The API explorer at /docs must be as accessible as the app: axe finds nothing at all there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startAll, newUser, phone } from './harness.mjs';

const require = createRequire(import.meta.url);
let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

async function violations(page) {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

for (const [label, viewport, scheme] of [['desktop, light', undefined, 'light'], ['phone, dark', phone, 'dark']]) {
  test(`axe finds no violations in the API explorer at /docs (${label})`, async () => {
    const page = await newUser(env, viewport);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/docs');
    // The document loaded, and "Authorize" offers the Bearer scheme the coaching routes declare.
    await page.getByText('Selected Auth Type: Bearer').first().waitFor();
    await page.getByText('Client Libraries').first().waitFor();
    assert.deepEqual(await violations(page), []);
  });
}
