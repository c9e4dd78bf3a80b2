/**
 * The musl-lab command line. Parsing lives here; each command is a function of
 * a Context (effects built once) and returns an exit code. Errors are
 * rendered in one place, with the next step and without a stack trace.
 */
import './tty-env.js'; // first: before Ink is imported
import { Command, CommanderError, Option } from 'commander';
import { EXIT, LabError, describeError, isLabError } from '../errors.js';
import type { Context } from './context.js';
import { packageVersion } from './version.js';
import { closest } from '../util/closest.js';

// Each command's module is loaded when that command runs: `--version` or `compare` never load Ink,
// React, marked or the ELF tables (start-up is module loading, mostly).
const commands = {
  compare: () => import('./commands/compare.js'),
  check: () => import('./commands/check-binary.js'),
  doctor: () => import('./commands/doctor.js'),
  verify: () => import('./commands/verify.js'),
  images: () => import('./commands/images.js'),
  progress: () => import('./commands/progress.js'),
  tutorial: () => import('./commands/tutorial.js'),
  stop: () => import('./commands/stop.js'),
  class: () => import('./commands/class.js'),
  port: () => import('./commands/port.js'),
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

const EXIT_HELP = `
Exit codes:
  0  success (compare: same outcome; doctor: all good)
  1  a difference or a failed check (compare: outcomes differ, or the program
     compiled on neither side; doctor: something missing)
  2  bad usage or input
  3  the tool failed (Docker unreachable, image missing, build failed)
  130 interrupted (Ctrl-C)

Environment:
  DOCKER_HOST   engine to use (unix://, tcp://, ssh://); else DOCKER_CONTEXT or the current
                docker context, else the default, rootless, Docker Desktop or Podman socket
  NO_COLOR      no colours;  MUSL_LAB_PLAIN=1 no box drawing (screen readers)
  MUSL_LAB_DEBUG=1  show stack traces on errors`;

/** `programArgs` are the words after `--`: they belong to the learner's program, not to us. */
export function buildProgram(ctxFactory: (plain: boolean, keepWarm: boolean) => Context | Promise<Context>, setExit: (code: number) => void, programArgs: string[] = []): Command {
  const program = new Command('musl-lab');
  let ctx: Promise<Context> | undefined;
  const context = () => (ctx ??= Promise.resolve(ctxFactory(program.opts().plain === true, program.opts().keepWarm !== false)));
  const run = (f: (c: Context) => Promise<number>) => async () => setExit(await f(await context()));

  program.exitOverride(); // before the subcommands, so they inherit it: usage errors exit 2, not 1
  program
    .description('Learn, see and diagnose musl vs glibc differences: every claim proven by a run in real glibc and musl containers.')
    .version(packageVersion(), '-V, --version')
    .option('--plain', 'no box drawing or symbols (screen readers)')
    .option('--no-keep-warm', 'do not keep the environments running between commands (also MUSL_LAB_KEEP_WARM=0)')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(add --help for usage)');

  program
    .command('compare')
    .description('compile and run a C program in glibc and musl and show both outcomes side by side')
    .argument('<files...>', 'C source files (.c)')
    .option('-f, --flags <flags>', 'extra gcc flags, quoted: --flags "-O2 -static"')
    .option('--env <env>', 'environment to compare (twice; default glibc and musl; also musl-gcompat)', collect)
    .option('--set <NAME=VALUE>', 'environment variable for the program only, not gcc (repeatable), e.g. LANG=de_DE.UTF-8', collect)
    .option('--stdin <file>', 'file fed to the program on stdin')
    .option('--stack <KiB>', 'ulimit -s for the program, in KiB (1 to 2^37) or "unlimited"')
    .option('--timeout <seconds>', 'wall-clock limit per run (default 10, at most 120; 0.5 works)')
    .option('--json', 'print the outcomes as JSON')
    .option('--explain', 'why did it crash? rerun a crashed side under gdb (built with -g) and explain the signal, thread, backtrace and cause')
    .option('--trace', 'run under strace -f in both environments: calls by count and time, files looked for, network calls, the two sequences diffed; raw traces saved')
    .addHelpText('after', '\nArguments after -- go to the program:  musl-lab compare args.c -- -v file\nExit code: 0 same outcome, 1 outcomes differ, 2 bad input, 3 tool failure.')
    .action(async (files: string[], opts) => run(async (c) => (await commands.compare()).compareCommand(c, files, programArgs, opts))());

  program
    .command('port')
    .description('build and test a project folder in glibc and musl, show where each stopped, and explain every musl-only failure by its root cause')
    .argument('[dir]', 'the project folder (default: the current folder)')
    .option('--json', 'print the steps, their full output and the findings as JSON')
    .option('--timeout <minutes>', 'wall-clock budget per environment (default 10, at most 60)')
    .addHelpText('after', '\nThe build: your command after --, else what the build files suggest (./configure && make && make check, make && make check/test).\n  musl-lab port . -- make all test\nExit code: 0 same outcome, 1 they differ (findings printed), 2 bad input, 3 tool failure (also: a tool the project needs is missing).')
    .action(async (dir: string | undefined, opts) => run(async (c) => (await commands.port()).portCommand(c, dir, programArgs, opts))());

  program
    .command('check')
    .description('will these ELF programs or libraries run on musl (Alpine)? as they are, with gcompat, or only after a rebuild')
    .argument('<paths...>', 'ELF files or folders (scanned recursively)')
    .option('--json', 'print the report as JSON')
    .option('--run', 'also start each program in the musl and musl-gcompat environments and show what happened next to the prediction (at most 20 programs, 5 s each)')
    .addHelpText('after', '\nArguments after -- go to the programs started by --run.\nExit code: 0 runs on musl as is, 1 needs gcompat or a rebuild, 2 bad input (missing, not ELF, broken, other architecture), 3 tool failure.')
    .action(async (paths: string[], opts) => run(async (c) => (await commands.check()).checkBinaryCommand(c, paths, { ...opts, args: programArgs }))());

  program
    .command('doctor')
    .description('check the Docker engine, the lab images and the libc and gcc inside each')
    .option('--json', 'print the report as JSON')
    .option('--quick', 'read versions from image labels instead of starting containers')
    .action(async (opts) => run(async (c) => (await commands.doctor()).doctorCommand(c, opts))());

  program
    .command('verify')
    .description('run every lesson experiment and reference solution in both environments and check every expectation')
    .option('--lesson <id>', 'only this lesson (repeatable)', collect)
    .option('--out <dir>', 'folder for verify.json and verify.md (default: results/ in the data folder, MUSL_LAB_HOME)')
    .option('--json', 'print the report as JSON')
    .option('--verbose', 'show every verdict, not only failures')
    .option('--alpine', 'run the lessons with real Alpine (musl-lab images build --alpine, online) as musl, and report where it differs')
    .option('-j, --jobs <n>', 'lessons verified at once, each in environments of its own (default: the number of cores, at most 4)')
    .addHelpText('after', '\nExit code: 0 every expectation holds, 1 something failed, 2 bad input, 3 tool failure.')
    .action(async (opts) => run(async (c) => (await commands.verify()).verifyCommand(c, opts))());

  const images = program.command('images').description('build, list, export and import the lab environments');
  images
    .command('build')
    .description('build the glibc, musl and musl-gcompat images (online if a registry answers, else offline)')
    .option('--offline', "build from Debian's archive with mmdebstrap (no registry needed; root)")
    .option('--online', 'build from ubuntu:24.04 and alpine (needs a registry)')
    .option('--force', 'rebuild even when present')
    .option('--env <env>', 'only this environment (repeatable); the on-demand toolchains environment is built only this way or on first use', collect)
    .option('--quiet', 'print only the main steps')
    .option('--alpine', 'build the extra real-Alpine image instead (online only), for verify --alpine')
    .action(async (opts) => run(async (c) => (await commands.images()).imagesBuildCommand(c, opts))());
  images
    .command('list')
    .description('show which lab images exist and what they hold')
    .option('--json', 'print as JSON')
    .action(async (opts) => run(async (c) => (await commands.images()).imagesListCommand(c, opts))());
  images
    .command('export')
    .description('save the lab images to a file (FILE.tar or FILE.tar.gz) for machines without network')
    .argument('<file>')
    .option('--env <env>', 'only this environment (repeatable)', collect)
    .action(async (file: string, opts) => run(async (c) => (await commands.images()).imagesExportCommand(c, file, opts))());
  images
    .command('import')
    .description('load lab images saved by `images export`')
    .argument('<file>')
    .action(async (file: string) => run(async (c) => (await commands.images()).imagesImportCommand(c, file))());

  // the default when no command is given: the interactive tutorial
  program
    .command('tutorial', { isDefault: true })
    .description('the interactive tutorial (the default): lessons, runs in glibc and musl, hints, quizzes, progress')
    .option('--edit-cmd <command>', 'editor command for `e` (default $VISUAL, then $EDITOR), e.g. "code --wait"')
    .option('--lesson <id>', 'open this lesson first')
    .option('--plain', 'no box drawing, symbols or spinners (screen readers)')
    // As the default command it also receives mistyped command names: say that, not "too many arguments".
    .allowExcessArguments(true)
    .action(async (opts, cmd: Command) => {
      const unknown = cmd.args;
      if (unknown.length) {
        const names = program.commands.map((c) => c.name());
        const near = closest(unknown[0]!, names);
        throw new LabError('bad-input', `"${unknown[0]}" is not a musl-lab command.${near ? ` Did you mean \`${near}\`?` : ''}`, `Use one of: ${names.join(', ')} (or none, for the tutorial). See \`musl-lab --help\`.`);
      }
      await run(async (c) => (await commands.tutorial()).tutorialCommand(c, { editCmd: opts.editCmd, plain: opts.plain || program.opts().plain, lesson: opts.lesson }))();
    });

  program
    .command('stop')
    .description('remove the environments kept warm between commands, now (they also end by themselves after 10 idle minutes)')
    .action(async () => run(async (c) => (await commands.stop()).stopCommand(c))());

  program
    .command('progress')
    .description('print your progress: the self-assessment checklist and each lesson (for an instructor: --json, --markdown)')
    .option('--json', 'print as JSON')
    .option('--markdown', 'print as markdown')
    .option('--export <file>', 'write your record for a workshop instructor to FILE (JSON: a name, the checklist and each step; nothing else personal)')
    .option('--name <name>', 'the name on the export (asked on a terminal when missing)')
    .action(async (opts) => run(async (c) => (await commands.progress()).progressCommand(c, opts))());

  program
    .command('class')
    .description('workshops: merge learners\' exports (folders of *.json or files) into a Markdown table and a self-contained HTML page; bad files are named and skipped')
    .argument('<paths...>', 'folders of exports and/or export files')
    .option('--out <dir>', 'folder for class-report.md and class-report.html', 'class-report')
    .option('--json', 'print the merged report as JSON instead of Markdown')
    .action(async (paths: string[], opts) => run(async (c) => (await commands.class()).classCommand(c, paths, opts))());

  // started by a DNS lab, detached: removes the lab's network once the lab's process has gone (lab/dns/reaper.ts)
  program
    .command('reap-network', { hidden: true })
    .argument('<id>')
    .action(async (id: string) => run(async (c) => ((await (await import('../lab/dns/reaper.js')).reapWhenOrphaned(c.engine(), id, process.stdin)) ? 0 : 1))());

  program.addOption(new Option('--debug').hideHelp());
  return program;
}

/**
 * A reader that went away (`musl-lab verify --help | head -5`) ends our output, not the command:
 * without a listener Node turns EPIPE into a stack trace. Later writes are dropped, and the exit
 * code stays the command's own. (A failing stdout or stderr has nowhere to report to anyway.)
 */
function quietWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}

/** The exit code of a failure: bad input 2, cancelled 130, any other failure of the tool 3. */
function exitFor(e: unknown): number {
  return isLabError(e) ? (e.kind === 'bad-input' ? EXIT.usage : e.kind === 'cancelled' ? EXIT.interrupted : EXIT.toolFailure) : EXIT.toolFailure;
}

/** At most `ms` of waiting for `p` (a clean-up must never keep a finished command alive). */
function bounded(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
    void (p ?? Promise.resolve()).catch(() => undefined).finally(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** How long ending the command's labs may take after its result is out. */
const DISPOSE_MS = 15_000;

/** Resolves once what was written to stdout and stderr has left the process (or after a second). */
function flushed(): Promise<void> {
  const one = (s: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => {
      try {
        if (s.destroyed || !s.writable) return resolve();
        s.write('', () => resolve());
      } catch {
        resolve();
      }
    });
  return bounded(Promise.all([one(process.stdout), one(process.stderr)]), 1000);
}

export async function main(argv: string[]): Promise<number> {
  quietWhenOutputCloses();
  let exitCode: number = EXIT.ok;
  let ctx: Context | undefined;
  const controller = new AbortController();
  let interrupted = false;
  let strayed = false;
  let teardown: Promise<void> | null = null;
  // A failure no command awaited (a promise of a parallel worker, a stream's callback) is still the
  // command's failure: the same words as any other, the labs ended, exit 3; never Node's stack trace.
  const onStray = (e: unknown) => {
    if (strayed) return;
    strayed = true;
    if (!interrupted) {
      try {
        process.stderr.write(describeError(e, process.env.MUSL_LAB_DEBUG === '1') + '\n');
      } catch {
        // nowhere left to say it
      }
    }
    controller.abort();
    void bounded(ctx?.dispose({ wait: false }), DISPOSE_MS)
      .then(flushed)
      .finally(() => process.exit(interrupted ? EXIT.interrupted : exitFor(e)));
  };
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
  const onSignal = (signal: NodeJS.Signals) => {
    // Only a second Ctrl-C means "leave now"; a closing terminal can send SIGHUP and SIGTERM in a row.
    if (interrupted) {
      if (signal === 'SIGINT') process.exit(EXIT.interrupted);
      return;
    }
    interrupted = true;
    try {
      process.stderr.write('\nmusl-lab: interrupted, removing lab containers...\n');
    } catch {
      // the terminal may be gone (SIGHUP): cleaning up matters more than saying so
    }
    controller.abort();
    // what was made is removed (a busy container by force) before the process exits 130
    teardown ??= bounded(ctx?.dispose(), DISPOSE_MS).finally(() => process.exit(EXIT.interrupted));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal); // the terminal went away (window closed, ssh dropped)
  const dash = argv.indexOf('--', 2);
  const ours = dash >= 0 ? argv.slice(0, dash) : argv;
  const programArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const program = buildProgram(
    // the context (and the engine client behind it) is loaded only when a command runs: --version and --help stay light
    async (plain, keepWarm) => (ctx = (await import('./context.js')).createContext({ plain, keepWarm, signal: controller.signal })),
    (code) => (exitCode = code),
    programArgs,
  );
  try {
    await program.parseAsync(ours);
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; everything else commander rejects is a usage error
      exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (interrupted) {
      exitCode = EXIT.interrupted; // what failed was torn down on purpose: say nothing more
    } else {
      process.stderr.write(describeError(e, process.env.MUSL_LAB_DEBUG === '1') + '\n');
      exitCode = exitFor(e);
    }
  } finally {
    // the process ends next: idle containers end by themselves (AutoRemove), so their removal is not waited for
    await bounded(ctx?.dispose({ wait: false }), DISPOSE_MS);
  }
  // interrupted: the signal's teardown removes what is left, then exits 130 itself
  if (teardown) await teardown;
  return exitCode;
}

// The command's work is done and its result out: end here, whatever a failure left open (an attach
// the engine keeps, a timer, a socket), instead of waiting for the event loop to drain.
const code = await main(process.argv);
await flushed();
process.exit(code);
