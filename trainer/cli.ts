// StatRead trainer CLI: `npm run trainer -- <command> [options]`. Each command lives in trainer/commands/<name>.ts
// and exports a `Command`; this file only dispatches.
import type { Command } from './command';

const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  'import-backbone': () => import('./commands/importBackbone'),
  train: () => import('./commands/train'),
  evaluate: () => import('./commands/evaluate'),
  predict: () => import('./commands/predict'),
};

function usage(): string {
  return [
    'StatRead trainer. Usage: npm run trainer -- <command> [options]',
    '',
    'Commands:',
    '  import-backbone  Import an ImageNet MobileNet (TFLite flatbuffer or tfjs LayersModel) as a tfjs LayersModel',
    '  train            Staged transfer learning (ImageNet -> greyscale -> radiographs) and export',
    '  evaluate         AUC with 95% CI per finding, operating-point metrics, calibration, ROC curves (JSON on stdout)',
    '  predict          One JSON line per file with probabilities (top-5 labels for an ImageNet model)',
    '',
    'Run `npm run trainer -- <command> --help` for the options of a command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  let command: Command;
  try {
    command = (await load()).default;
  } catch (err) {
    console.error(`Command "${name}" is not available: ${(err as Error).message}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
