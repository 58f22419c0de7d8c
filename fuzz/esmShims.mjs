// Node ESM hook for the fuzz child process: dicom-parser is a UMD/CommonJS bundle whose named exports Node cannot
// detect, so `import { parseDicom } from 'dicom-parser'` (as src/dicom writes it, fine under Vite/Vitest) fails under
// plain Node + tsx. This maps the bare specifier to a generated ESM module that re-exports every property.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const SHIM = 'statread-shim:dicom-parser';
export async function resolve(specifier, context, next) {
  if (specifier === 'dicom-parser' && context.parentURL && !context.parentURL.startsWith(SHIM)) {
    const real = await next(specifier, context);
    return { url: SHIM + '?' + encodeURIComponent(real.url), shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.startsWith(SHIM)) return next(url, context);
  const real = fileURLToPath(decodeURIComponent(url.slice(SHIM.length + 1)));
  const require = createRequire(real);
  const names = Object.keys(require(real)).filter((n) => /^[A-Za-z_$][\\w$]*$/.test(n) && n !== 'default');
  const source = 'import { createRequire } from "node:module";\\n' +
    'const m = createRequire(' + JSON.stringify(real) + ')(' + JSON.stringify(real) + ');\\n' +
    'export default m;\\n' + names.map((n) => 'export const ' + n + ' = m.' + n + ';').join('\\n');
  return { format: 'module', source, shortCircuit: true };
}
`),
);
