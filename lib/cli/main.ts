// `pirate-pain <command>`: one table of subcommands, each a module exporting `usage` and `run(argv)` (exit code).
// Modules load on demand so `generate` does not pay for what `run` imports.

export interface Command {
  usage: string;
  run(argv: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

/** Add a command: one line here and a module next to this file. */
export const COMMANDS: Record<string, CommandEntry> = {
  generate: { summary: 'write a deterministic synthetic data set (Kaggle-format CSVs)', load: () => import('./generate') },
  validate: { summary: 'check a data folder against the schema and print a summary', load: () => import('./validate') },
  run: { summary: 'train a configured experiment on a data folder; final configs write submission.csv', load: () => import('./run') },
  report: { summary: 'run the notebooks and export them as HTML', load: () => import('./report') },
  export: { summary: "write a trial's fold models as .safetensors with PyTorch names, plus their preprocessing", load: () => import('./export') },
  runs: { summary: 'list, show, verify and clean the trial store (outputs/runs)', load: () => import('./runs') },
  worker: { summary: 'train fold tasks from a Redis queue (pirate-pain run --queue URL sends them)', load: () => import('./worker') },
};

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'usage: pirate-pain <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'pirate-pain <command> --help shows the options of a command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    if (name === 'help' && rest.length > 0) return main([rest[0], '--help']);
    console.log(mainUsage());
    return name === undefined ? 2 : 0;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    console.error(`pirate-pain: unknown command "${name}"\n\n${mainUsage()}`);
    return 2;
  }
  const command = await entry.load();
  return command.run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
